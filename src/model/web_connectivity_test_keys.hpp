// The read view of a web_connectivity measurement that the analysis uses: the probe's records
// (DNS queries, TCP connects, TLS handshakes, HTTP transactions), the test helper's control
// response, the classic keys the probe itself recorded, and the few envelope fields the analysis
// needs — parsed tolerantly from a whole OONI measurement (v0.4.x, LTE 0.5.x, MeasurementKit or
// ashyq's, which share names), with the record parsers of this module.
//
// Tolerance: unknown fields are ignored, missing optional fields take the defaults below, and a
// present field of the wrong JSON type is an error naming its path. Failures are kept as
// core::Failure (unlisted strings are preserved verbatim). Bodies are decoded to raw bytes
// whether they were stored as a string or as {"format": "base64", "data": …}.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/failure.hpp"
#include "core/result.hpp"
#include "model/dns_query.hpp"
#include "model/http_transaction.hpp"
#include "model/network_event.hpp"
#include "model/tcp_connect.hpp"
#include "model/th_response.hpp"
#include "model/tls_handshake.hpp"

namespace ashyq::model {

// What the recorded measurement itself concluded, kept so `ashyq analyze` can compare.
struct RecordedKeys {
  std::optional<std::string> dns_consistency;
  std::optional<std::string> blocking;  // "false", "dns", "tcp_ip", …; nullopt = null
  std::optional<bool> accessible;
  std::optional<std::int64_t> x_status;
  core::MaybeFailure dns_experiment_failure;
  core::MaybeFailure http_experiment_failure;
};

struct WebConnectivityTestKeys {
  std::vector<DnsQuery> queries;
  std::vector<TcpConnect> tcp_connect;
  std::vector<TlsHandshake> tls_handshakes;
  std::vector<HttpTransaction> requests;  // newest first, as recorded
  // Reads, writes and handshake marks, when recorded: what came back during a step that timed
  // out (a handshake the server answered and then left silent is not a dropped ClientHello).
  std::vector<NetworkEvent> network_events;

  // nullopt when the control is absent or null (LTE on failure). v0.4 stores an empty-ish object
  // on failure; `control_failure` then says it is not to be trusted.
  std::optional<ControlResponse> control;
  core::MaybeFailure control_failure;

  RecordedKeys recorded;

  // The control is usable: present and control_failure is null.
  bool has_control() const { return control.has_value() && !control_failure.has_value(); }
};

// The test keys plus the envelope fields the analysis reads.
struct WebConnectivityMeasurement : WebConnectivityTestKeys {
  std::string input_url;               // the envelope's "input"
  std::string test_version;            // "0.4.3", "0.5.28", …
  std::string probe_cc;                // "KZ"
  std::string probe_asn;               // "AS9198"
  std::string measurement_start_time;  // "2026-11-28 13:00:00" (UTC), "" when absent
};

// Parses a whole measurement (envelope with "test_keys"). An object without "test_keys" is read as
// bare test keys (then only "input", if present, gives the URL). The input must be an http:// or
// https:// URL.
core::Result<WebConnectivityMeasurement> parse_web_connectivity(
    const boost::json::value& measurement);
core::Result<WebConnectivityMeasurement> parse_web_connectivity_text(std::string_view json_text);

}  // namespace ashyq::model
