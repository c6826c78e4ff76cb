// web_connectivity: is this URL blocked here, and how? The probe's steps follow OONI's classic
// (v0.4) method, so the data means what OONI's does:
//   1. resolve the host with the system resolver;
//   2. ask the test helper (the control) for its view — started as soon as DNS answers, or after
//      a short grace period if DNS is slow, so a DNS timeout never delays the control;
//   3. TCP connect (and for https, TLS handshake) to every resolved address, all at once;
//   4. fetch the page, following redirects, concurrently with step 3;
//   5. analyse: the same pure function `ashyq analyze` uses adds OONI's classic keys
//      (dns_consistency, blocking, accessible, …) and ashyq's verdict (x_ashyq_verdict).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json.hpp>
#include <memory>
#include <string>

#include "analysis/bogon_list.hpp"
#include "analysis/fingerprint_db.hpp"
#include "core/clock.hpp"
#include "core/limits.hpp"
#include "core/result.hpp"
#include "experiments/control_client.hpp"
#include "experiments/measurement.hpp"
#include "experiments/probe_basics.hpp"
#include "geo/asn_database.hpp"

namespace ashyq::experiments {

struct WebConnectivityConfig : ProbeBasics {
  ControlClientConfig control;                  // MANDATORY: helpers and how to reach them
  std::shared_ptr<geo::AsnDatabase> asn;        // OPTIONAL: annotates DNS answers
  std::shared_ptr<analysis::BogonList> bogons;  // OPTIONAL: defaults; a lab declares its plan
  std::shared_ptr<analysis::FingerprintDb> fingerprints;  // OPTIONAL
  std::chrono::milliseconds control_grace{300};  // wait this long for DNS before the control
  std::size_t body_cap = core::SizeCaps::kHttpBody;
};

inline constexpr const char* kWebConnectivityVersion = "0.4.3";

// The test keys (OONI v0.4 names plus x_ashyq_verdict), or why the URL cannot be measured.
boost::asio::awaitable<core::Result<boost::json::object>> run_web_connectivity(
    std::string url, const WebConnectivityConfig& config, const core::MeasurementClock& clock);

// The whole measurement: the envelope (test_name web_connectivity, test_helpers naming the helper
// used) around the test keys, analysed. The error says why the URL cannot be measured.
boost::asio::awaitable<core::Result<boost::json::object>> measure_web_connectivity(
    std::string url, const WebConnectivityConfig& config, EnvelopeInfo info);

// Runs the analysis on a measurement's test keys and adds its keys (both the probe and
// `ashyq analyze` use this). The error says which key could not be parsed.
core::Result<void> add_analysis(boost::json::object& measurement,
                                const WebConnectivityConfig& config);

// Confirmation before accusation (analysis/attempts.hpp): appends `again`, a later measurement of
// the same URL, to held's test_keys.x_ashyq_attempts and replaces held's x_ashyq_verdict with the
// verdict over every attempt. Held's own classic keys stay those of its first attempt.
core::Result<void> add_attempt(boost::json::object& held, boost::json::object again,
                               const WebConnectivityConfig& config);

}  // namespace ashyq::experiments
