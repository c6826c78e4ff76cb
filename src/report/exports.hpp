// Exports written beside the HTML report: every measurement's summary as CSV (for spreadsheets)
// and as JSONL (for scripts). Both carry every field of store::MeasurementSummary under the
// struct's field names, in the struct's order, one measurement per record.
#pragma once

#include <string>
#include <vector>

#include "store/measurement_summary.hpp"

namespace ashyq::report {

// RFC 4180: a header row of the field names, then one record per measurement, CRLF line ends,
// fields quoted only when they must be (report/text.hpp csv_field, which also guards against
// formula injection). `accessible` is true/false/empty; `control_failed` true/false; the list
// fields (`evidence`, `fingerprints`) join their items with LF inside one quoted field.
std::string render_csv(const std::vector<store::MeasurementSummary>& measurements);

// One compact JSON object per line, LF-terminated: the struct's fields with its names;
// `accessible` is true, false or null, numbers are in their shortest exact form, and strings are
// valid UTF-8 (bytes that are not become U+FFFD; the raw measurements keep them).
std::string render_jsonl(const std::vector<store::MeasurementSummary>& measurements);

}  // namespace ashyq::report
