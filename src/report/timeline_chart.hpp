// A stacked column chart over time, as inline SVG drawn with report/svg.hpp: one column per
// period (a day), its series stacked bottom-up in the order given, a legend, the highest total
// on the value axis and a few period labels under the columns. Each column carries a <title>
// with its label and every series' count, so a pointer shows the numbers without any script,
// and the page puts the same numbers in a table beside the chart for screen readers.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ashyq::report {

struct ChartSeries {
  std::string key;     // written as data-series="…"
  std::string label;   // the legend's words (already in the reader's language)
  std::string colour;  // fill
};

struct ChartColumn {
  std::string label;                 // "2026-12-01"
  std::vector<std::int64_t> values;  // one per series, in the series' order
};

// The root is <svg id="`id`">; `empty_text` is shown when no column has a value.
// `format_count` writes a count in the reader's language.
std::string stacked_columns_chart(std::string_view id, std::string_view title,
                                  const std::vector<ChartSeries>& series,
                                  const std::vector<ChartColumn>& columns,
                                  std::string_view empty_text,
                                  const std::function<std::string(std::int64_t)>& format_count);

}  // namespace ashyq::report
