// Counting results: how many measurements were accessible, blocked (by method), down or
// undecided, and how the found methods compare with a lab world's ground truth. The HTML summary
// shows exactly these numbers, and write_report returns them so that a caller (`ashyq demo`) or a
// test can check them against the ground truth method by method.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "report/report_input.hpp"
#include "store/measurement_summary.hpp"

namespace ashyq::report {

struct ReportCounts {
  std::size_t measurements = 0;      // summaries given (the "URLs tested")
  std::size_t distinct_urls = 0;     // distinct `input`s among them
  std::size_t accessible = 0;        // method "none"
  std::size_t blocked = 0;           // any blocking method
  std::size_t down = 0;              // method "down"
  std::size_t undecided = 0;         // method "unknown", or a method this build does not know
  std::size_t unrecognised = 0;      // of `undecided`: methods this build does not know
  std::size_t not_reproducible = 0;  // of `undecided`: a timeout that did not repeat (confirmation)
  std::size_t control_failed = 0;    // any method, control_failed set
  // Every known method (all eleven, zeros included) → its count; an unrecognised method is counted
  // under "unknown". accessible + blocked + down + undecided == measurements.
  std::map<std::string, std::size_t, std::less<>> by_method;

  // 0 for a method never seen.
  std::size_t count(std::string_view method) const;
};

ReportCounts count_results(const std::vector<store::MeasurementSummary>& measurements);

// One ground-truth domain next to what was found for it.
struct GroundTruthRow {
  std::string domain;
  std::string expected_method;
  std::vector<std::string> found_methods;  // distinct, in report order; empty when not measured
  bool matches = false;                    // found_methods == {expected_method}
};

// One method's expected count (ground-truth domains) next to its found count (measurements).
struct MethodComparison {
  std::string method;
  std::size_t expected = 0;
  std::size_t found = 0;
};

struct GroundTruthComparison {
  std::vector<GroundTruthRow> rows;       // in ground-truth order
  std::vector<MethodComparison> methods;  // every known method, then any other expected name
  std::size_t matching = 0;               // rows that match
  std::size_t not_measured = 0;           // rows with no measurement
  std::size_t measured_not_listed = 0;    // measurements whose domain is not in the ground truth
};

// Domains compare case-insensitively, ignoring a trailing dot. A domain measured several times
// (http:// and https://) matches only when every measurement found the expected method.
GroundTruthComparison compare_ground_truth(
    const std::vector<store::MeasurementSummary>& measurements,
    const std::vector<GroundTruthEntry>& truth);

}  // namespace ashyq::report
