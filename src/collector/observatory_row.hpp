// The observatory's row for one stored measurement (OONI's "fastpath" row): who, what, when, and
// the verdict flags the read API filters and aggregates on. Computed from a validated submission
// by the same pure analysis `ashyq analyze` runs (analysis::reanalyze), so a measurement from OONI
// Probe, which carries no x_ashyq_verdict, is judged exactly as one of ashyq's.
//
// The flags mean what OONI's fastpath scoring means (decided 2026-12-05), from the classic keys
// ashyq recomputes with OONI's algorithm for the measurement's test_version — the collector does
// not take the probe's word for its own `blocking`:
//   web_connectivity  anomaly   = blocking is a reason ("dns", "tcp_ip", "http-failure",
//                                 "http-diff") or a confirmed fingerprint matched
//                     confirmed = a fingerprint marked confirmed for the probe's country matched
//                     failure   = the measurement could not decide: blocking null (a failed
//                                 control, a broken record) or a record the analysis cannot read
//   other tests       method and confidence from the probe's x_ashyq_verdict when present, else
//                     "unknown" and 0; anomaly = the method means interference; confirmed and
//                     failure false (OONI's per-test scorers are not reproduced yet).
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "analysis/verdict.hpp"
#include "collector/submission.hpp"
#include "core/result.hpp"

namespace ashyq::collector {

struct ObservatoryRow {
  std::string measurement_uid;
  std::string report_id;
  std::optional<std::string> input;  // nullopt: the test had no input (JSON null)
  std::string domain;                // the input URL's host, lower case; "" when none
  std::string probe_cc;
  std::string probe_asn;  // "AS9198"
  std::string probe_network_name;
  std::string test_name;
  std::string test_version;
  std::string software_name;
  std::string software_version;
  std::string test_start_time;         // "YYYY-MM-DD hh:mm:ss" or ""
  std::string measurement_start_time;  // "YYYY-MM-DD hh:mm:ss"
  std::string category_code;           // from the test list when known, else ""
  bool anomaly = false;
  bool confirmed = false;
  bool failure = false;
  // OONI's classic web_connectivity `blocking` as ashyq recomputes it: "false", "dns", "tcp_ip",
  // "http-failure", "http-diff" or "null"; "" for other tests.
  std::string blocking;
  std::string method = "unknown";  // ashyq's verdict method (analysis/method.hpp names)
  double confidence = 0;

  bool operator==(const ObservatoryRow&) const = default;
};

struct RowOptions {
  // Bogons, fingerprints, ASN table; nullptr: the analysis defaults (no fingerprints, so nothing
  // is ever confirmed).
  const analysis::VerdictOptions* verdict = nullptr;
  // The category of an input in the test lists the collector serves ("NEWS"); empty when unknown.
  // Unset: every category is "".
  std::function<std::string(std::string_view input)> category_of;
};

// The row of a measurement `content` (a df-000 envelope whose fields validate_submission checked)
// stored as `measurement_uid`.
ObservatoryRow make_observatory_row(std::string_view measurement_uid,
                                    const boost::json::object& content,
                                    const RowOptions& options = {});
inline ObservatoryRow make_observatory_row(const ValidatedSubmission& s,
                                           const RowOptions& options = {}) {
  return make_observatory_row(s.measurement_uid, s.content, options);
}

// The host of a measured URL, lower case ("" when `input` is not a URL with a host).
std::string domain_of(std::string_view input);

}  // namespace ashyq::collector
