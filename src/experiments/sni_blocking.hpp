// sni_blocking: does the name in the ClientHello decide whether a TLS handshake gets through?
// Three handshakes to ONE neutral TLS server (not the target, so the target's own address and
// certificate play no part), one after the other so that a censor's reaction to one cannot
// precede the others:
//   1. with a control SNI (default "example.com"),
//   2. with no SNI at all,
//   3. with the target's name (the input: a domain, or a URL whose host is used, as OONI does).
// A certificate error from the neutral server is expected (it does not serve these names) and
// counts as a completed handshake: what matters is that the ClientHello got an answer.
//
// Verdict (x_ashyq_verdict, web_connectivity's shape): target fails where the control or the
// no-SNI handshake completes → "tls" (SNI-based filtering); every handshake fails to connect →
// "tcp_ip" (the server's address is blocked or down: SNI filtering cannot be measured there);
// the target's handshake completes → "none"; otherwise "unknown".
//
// Test keys: OONI's sni_blocking (ts-024): `control` and `target`, each urlgetter's keys plus
// `sni` and `th_address`, and `result` (OONI's classification of the target's failure);
// ashyq adds `x_no_sni` (the third handshake, same shape) and `x_ashyq_verdict`.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <string>

#include "analysis/verdict.hpp"
#include "core/clock.hpp"
#include "core/limits.hpp"
#include "core/result.hpp"
#include "experiments/measurement.hpp"
#include "experiments/probe_basics.hpp"
#include "net/dialer.hpp"
#include "net/endpoint.hpp"
#include "net/resolver.hpp"
#include "net/tls_handshaker.hpp"

namespace ashyq::experiments {

// The resolver finds control_sni when no server is given; TLS failures are recorded, not fatal.
struct SniBlockingConfig : ProbeBasics {
  std::optional<net::Endpoint> server;  // OPTIONAL: the neutral server; else control_sni:443
  std::string control_sni = "example.com";
};

inline constexpr const char* kSniBlockingVersion = "0.3.0";

// The SNI to test: the host of a URL, or the input itself when it is a host name; nullopt
// otherwise.
std::optional<std::string> sni_blocking_target(const std::string& input);

// --- the analysis: pure, table-tested -------------------------------------------------------

// One handshake's outcome, as recorded in a subresult.
struct SniAttempt {
  core::MaybeFailure failure;
  std::optional<core::Operation> failed_operation;  // resolve, connect or tls_handshake
};

// Whether a handshake got an answer to its ClientHello: success, or a certificate error (the
// neutral server does not serve the name), or the server's unrecognized_name alert.
bool sni_handshake_completed(const SniAttempt& attempt);

// OONI's `result`: success.got_server_hello, interference.reset, anomaly.timeout, …
std::string sni_blocking_result(const SniAttempt& target, const SniAttempt& control);

analysis::Verdict analyze_sni_blocking(const std::string& target_sni, const SniAttempt& target,
                                       const std::string& control_sni, const SniAttempt& control,
                                       const SniAttempt& no_sni, const std::string& th_address);

// --- the measurement -------------------------------------------------------------------------

boost::asio::awaitable<core::Result<boost::json::object>> run_sni_blocking(
    std::string input, const SniBlockingConfig& config, const core::MeasurementClock& clock);

// The whole measurement (test_name sni_blocking, input the target SNI).
boost::asio::awaitable<core::Result<boost::json::object>> measure_sni_blocking(
    std::string input, const SniBlockingConfig& config, EnvelopeInfo info);

}  // namespace ashyq::experiments
