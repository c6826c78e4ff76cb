// tls_interception: is a middlebox answering this site's TLS handshakes with its own
// certificate? For an https URL (or a bare domain, measured as https://DOMAIN/):
//   1. resolve the host with the probe's resolver (the system resolver by default);
//   2. TCP connect and TLS handshake, with the host as SNI, to every address at once; the TLS
//      layer keeps the peer chain even when it does not verify;
//   3. when a test helper is configured, ask it (OONI's control protocol) for its own TLS
//      handshakes to the same addresses, to tell a middlebox from a site whose certificate is
//      broken for everyone;
//   4. analyse (a pure function): a chain whose issuer, root or fingerprint is a known
//      interception root (data/interception-roots.csv) is interception even when it verifies
//      (a user who installed the root); a chain that does not verify is interception when the
//      control's handshake verified, "down" when the control saw a certificate failure too.
//
// OONI has no experiment of this name: the test keys are urlgetter's (queries, tcp_connect,
// tls_handshakes with peer_certificates, network_events, failure, failed_operation), the control
// as web_connectivity records it, and x_ashyq_verdict in web_connectivity's shape plus `root`.
//
// Not done: comparing the leaf's public key with the one the control saw (OONI's control
// protocol reports only the handshake's status and failure, not the certificate).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json.hpp>
#include <ctime>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/interception_roots.hpp"
#include "analysis/verdict.hpp"
#include "core/clock.hpp"
#include "core/limits.hpp"
#include "core/result.hpp"
#include "experiments/control_client.hpp"
#include "experiments/measurement.hpp"
#include "experiments/probe_basics.hpp"

namespace ashyq::experiments {

struct TlsInterceptionConfig : ProbeBasics {
  std::shared_ptr<analysis::InterceptionRoots> roots;  // OPTIONAL: no known-root matching
  ControlClientConfig control;  // OPTIONAL: no helpers → no control, weaker verdicts
};

inline constexpr const char* kTlsInterceptionVersion = "0.1.0";

// "https://example.org/" for "example.org"; URLs are kept; nullopt for what is neither an https
// URL nor a host name.
std::optional<std::string> tls_interception_input(const std::string& input);

// --- the analysis: pure, table-tested -------------------------------------------------------

struct TlsEndpointObservation {
  std::string endpoint;                        // "IP:port"
  core::MaybeFailure connect_failure;          // set: no handshake was attempted
  core::MaybeFailure tls_failure;              // of the handshake (when connected)
  std::vector<std::string> peer_certificates;  // DER, leaf first (may be empty)
};

struct TlsInterceptionInput {
  std::string host;
  core::MaybeFailure dns_failure;
  std::vector<TlsEndpointObservation> endpoints;
  // The control: nullopt when none was asked or it failed (control_failure says which).
  std::optional<model::ControlResponse> control;
  core::MaybeFailure control_failure;
  std::optional<std::time_t> when;  // the measurement's start, to flag expired certificates
};

struct TlsInterceptionVerdict {
  analysis::Verdict verdict;  // method: interception, none, tls, tcp_ip, down or unknown
  std::string root;           // the interception root's name as seen ("C=KZ, CN=…"), or ""
  std::string root_name;      // the matching row of the roots file, or ""
  // x_ashyq_verdict: {method, confidence, evidence, fingerprints, root, root_name}.
  boost::json::object to_json() const;
};

TlsInterceptionVerdict analyze_tls_interception(const TlsInterceptionInput& in,
                                                const analysis::InterceptionRoots* roots);

// --- the measurement -------------------------------------------------------------------------

// The test keys, or why the input cannot be measured.
boost::asio::awaitable<core::Result<boost::json::object>> run_tls_interception(
    std::string input, const TlsInterceptionConfig& config, const core::MeasurementClock& clock);

// The whole measurement (test_name tls_interception), analysed.
boost::asio::awaitable<core::Result<boost::json::object>> measure_tls_interception(
    std::string input, const TlsInterceptionConfig& config, EnvelopeInfo info);

}  // namespace ashyq::experiments
