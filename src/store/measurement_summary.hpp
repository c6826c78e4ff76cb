// MeasurementSummary: the few facts about one stored measurement that lists, filters and reports
// need — what was measured, when, the verdict (OONI's classic keys and ashyq's method) and the
// evidence a reader checks first (the failing step, its failure string, the blockpage
// fingerprint, the certificate issuer when a handshake was intercepted). summarize() extracts
// it from the measurement's JSON; the JSON itself stays the record of truth.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ashyq::store {

struct MeasurementSummary {
  int64_t id = 0;        // row id in the results store (0 before it is stored)
  int64_t run_id = 0;    // the run it belongs to
  std::string input;     // the URL
  std::string domain;    // the URL's host, lower case
  std::string category;  // Citizen Lab category code, "" when unknown
  std::string test_name;
  std::string measurement_start_time;  // "YYYY-MM-DD hh:mm:ss" UTC
  double runtime = 0;                  // seconds
  // OONI's classic keys as written: "false", "dns", "tcp_ip", "http-failure", "http-diff", "null".
  std::string blocking = "null";
  std::optional<bool> accessible;
  // ashyq's verdict method, as analysis/method.hpp names it ("unknown" when absent).
  std::string method = "unknown";
  double confidence = 0;
  std::vector<std::string> evidence;
  // The first failing step and its failure string (analysis/failed_step.hpp): "resolve" /
  // "connect" / "tls_handshake" / "http_round_trip", and e.g. "generic_timeout_error". Empty
  // when nothing failed.
  std::string failed_step;
  std::string failure;
  std::vector<std::string> fingerprints;  // names of the blockpage fingerprints that matched
  std::string certificate_issuer;         // issuer of the leaf certificate when intercepted
  // The known interception root the verdict names (tls_interception's root_name, else its
  // root's distinguished name); empty when none was named.
  std::string interception_root;
  bool control_failed = false;
  // Measurements the verdict judges (x_ashyq_verdict.attempts: more than 1 after confirmation).
  int64_t attempts = 1;
  // An `unknown` verdict over several attempts: a failure that did not repeat when measured
  // again (analysis/attempts.hpp), so the network was too unreliable to decide.
  bool not_reproducible() const { return method == "unknown" && attempts > 1; }
};

// Never fails: missing fields leave the defaults.
MeasurementSummary summarize(const boost::json::value& measurement);

}  // namespace ashyq::store
