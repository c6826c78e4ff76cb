// The report's two charts, as inline SVG written here: no script, no external resource, no
// `url(...)` reference (so no gradients, patterns or clip paths). Every bar carries its number
// as text, and every stacked segment's method is also written out in words, so the charts read
// the same in black and white as in colour.
#pragma once

#include <string>
#include <vector>

#include "i18n/catalogue.hpp"
#include "report/counts.hpp"
#include "store/measurement_summary.hpp"

namespace ashyq::report {

// Horizontal bars, one per blocking method (zeros included), with the count and its share of
// all measurements. The root is <svg id="chart-methods">.
// Words and numbers in the language of `t`.
std::string methods_chart(const ReportCounts& counts,
                          const i18n::Catalogue& t = i18n::Catalogue::english());

// One row per Citizen Lab category that was measured: a light track as long as the measurements
// in the category, overlaid from the left with the blocked ones stacked by method, "N of M
// blocked" beside it and the per-method breakdown under it. Sorted by blocked count, then
// measured count, then code. The root is <svg id="chart-categories">.
std::string categories_chart(const std::vector<store::MeasurementSummary>& measurements,
                             const i18n::Catalogue& t = i18n::Catalogue::english());

}  // namespace ashyq::report
