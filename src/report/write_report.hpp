// write_report: the report directory as `ashyq report` and `ashyq demo` leave it —
//   report.html       the self-contained HTML report (html_report.hpp)
//   measurements.csv  one summary per measurement (exports.hpp)
//   summary.jsonl     the same summaries as JSONL
//   measurements.jsonl  the raw OONI measurements, when a file of them is given
// Each file is written to "<name>.partial" and renamed into place, so a reader never sees half a
// file; report.html is written last, so its links always point at files that exist.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "report/counts.hpp"
#include "report/report_input.hpp"

namespace ashyq::report {

struct WrittenReport {
  ReportCounts counts;  // what the summary shows, for a caller to compare with ground truth
  std::vector<std::filesystem::path> files;  // the files written, in the order written
};

// Creates `dir` if needed and writes the files above into it. `raw_measurements_jsonl` is
// OPTIONAL: when not empty, that file is copied to measurements.jsonl (nothing is copied when it
// already is that file). Stops at the first failure (the error names the file); files already
// written stay.
core::Result<WrittenReport> write_report(const std::filesystem::path& dir, const ReportInput& input,
                                         const std::filesystem::path& raw_measurements_jsonl = {});

}  // namespace ashyq::report
