// ReportInput: everything a report shows — what was run (one or more runs), the measurements'
// summaries, and optionally the ground truth of a lab world to compare them with. The report is
// a pure function of this value: no clock, no file reads, so the same input renders the same
// bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "i18n/catalogue.hpp"
#include "store/measurement_summary.hpp"

namespace ashyq::report {

// One run of `ashyq run`. Every field is OPTIONAL: an empty string is shown as "unknown".
struct RunInfo {
  int64_t run_id = 0;            // the results store's run id; 0 when not stored
  std::string start_time;        // "YYYY-MM-DD hh:mm:ss" UTC
  std::string end_time;          // "YYYY-MM-DD hh:mm:ss" UTC; empty while running or interrupted
  std::string list;              // the test list used: "kz", "global", a file name, or "--input"
  std::string probe_cc;          // probe country, "KZ"; empty when unknown
  std::string probe_asn;         // probe network, "AS9198"; empty when unknown
  std::string probe_network;     // the network's name, "JSC Kazakhtelecom"; empty when unknown
  std::size_t urls_planned = 0;  // URLs the run set out to measure; 0 when unknown
};

// One line of a lab world's ground truth: what the censor was set up to do to `domain`.
// `expected_method` uses the method names of MeasurementSummary::method ("tls", "none", …); a
// name outside that vocabulary (say "throttling") is kept and compared literally.
struct GroundTruthEntry {
  std::string domain;
  std::string expected_method;
};

// The measurements of web_connectivity (the site-by-site sections, counts, charts and the
// ground truth are about these) and those of every other experiment (their own sections).
bool is_web_connectivity(const store::MeasurementSummary& s);

// The default title; it is translated, a title given by the user is not.
inline constexpr std::string_view kDefaultTitle = i18n::N_("Web connectivity report");

struct ReportInput {
  std::string title = std::string(kDefaultTitle);  // MANDATORY (a default is given)
  std::vector<RunInfo> runs;                       // OPTIONAL: the runs the measurements are from
  std::vector<store::MeasurementSummary> measurements;
  // OPTIONAL: present (even empty) only for a lab world; then the report has a ground-truth
  // section comparing expected and found methods, domain by domain and in counts.
  bool has_ground_truth = false;
  std::vector<GroundTruthEntry> ground_truth;
  std::string generated_at;      // OPTIONAL: "YYYY-MM-DD hh:mm:ss" UTC, shown in the header
  std::string software_version;  // OPTIONAL: empty means this build's ASHYQ_VERSION
  // OPTIONAL: names of files written beside the report (write_report fills it), linked by
  // relative path from the footer.
  std::vector<std::string> files_beside;
  // OPTIONAL: the language of the HTML report's words and numbers (the CSV and JSONL exports
  // stay English). Dates stay ISO in every language.
  std::reference_wrapper<const i18n::Catalogue> catalogue = i18n::Catalogue::english();
};

}  // namespace ashyq::report
