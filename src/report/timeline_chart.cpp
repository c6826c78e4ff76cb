#include "report/timeline_chart.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "report/svg.hpp"
#include "report/text.hpp"

namespace ashyq::report {

std::string stacked_columns_chart(std::string_view id, std::string_view title,
                                  const std::vector<ChartSeries>& series,
                                  const std::vector<ChartColumn>& columns,
                                  std::string_view empty_text,
                                  const std::function<std::string(std::int64_t)>& format_count) {
  // The legend, wrapped to the width.
  std::string legend;
  double lx = 0, ly = 4;
  for (const auto& s : series) {
    const double w = 14 + 6 + svg::estimate_width(s.label, 12) + 18;
    if (lx > 0 && lx + w > svg::kWidth) {
      lx = 0;
      ly += 20;
    }
    legend += svg::rect(lx, ly, 14, 14, s.colour, fmt::format("stroke=\"{}\"", svg::kInk));
    legend += svg::text(lx + 20, ly + 12, s.label, 12);
    lx += w;
  }
  constexpr double kPlotHeight = 180, kAxisLeft = 60, kLabels = 28;
  const double top = ly + 34;
  const double height = top + kPlotHeight + kLabels;
  std::int64_t max = 0;
  for (const auto& c : columns) {
    std::int64_t total = 0;
    for (auto v : c.values)
      total += std::max<std::int64_t>(v, 0);
    max = std::max(max, total);
  }
  std::string out = svg::open(id, height, title);
  out += legend;
  const double plot_width = svg::kWidth - kAxisLeft;
  const double bottom = top + kPlotHeight;
  out += fmt::format(
      "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{3}\" stroke-width=\"1\"/>\n"
      "<line x1=\"{0}\" y1=\"{2}\" x2=\"{4}\" y2=\"{2}\" stroke=\"{3}\" stroke-width=\"1\"/>\n",
      kAxisLeft, top, bottom, svg::kInk, svg::kWidth);
  out += svg::text(kAxisLeft - 6, top + 10, format_count(max), 11, "text-anchor=\"end\"");
  out += svg::text(kAxisLeft - 6, bottom, "0", 11, "text-anchor=\"end\"");
  if (max == 0 || columns.empty()) {
    out += svg::text(kAxisLeft + 12, top + kPlotHeight / 2, empty_text, 13);
    out += "</svg>\n";
    return out;
  }
  const double step = plot_width / static_cast<double>(columns.size());
  double label_end = 0;  // where the last label drawn ends
  const double bar = std::max(1.0, step * 0.8);
  const double scale = kPlotHeight / static_cast<double>(max);
  // Labels under at most ~8 columns, evenly spaced, always the first and the last.
  const std::size_t every = std::max<std::size_t>(1, (columns.size() + 6) / 7);
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const auto& c = columns[i];
    const double x = kAxisLeft + step * static_cast<double>(i) + (step - bar) / 2;
    std::string tip = c.label;
    for (std::size_t s = 0; s < series.size() && s < c.values.size(); ++s) {
      if (c.values[s] != 0)
        tip += fmt::format("\n{}: {}", series[s].label, format_count(c.values[s]));
    }
    out += fmt::format("<g class=\"column\" data-column=\"{}\"><title>{}</title>\n",
                       html_escape(c.label), html_escape(tip));
    double y = bottom;
    for (std::size_t s = 0; s < series.size() && s < c.values.size(); ++s) {
      if (c.values[s] <= 0)
        continue;
      const double hgt = std::max(1.0, scale * static_cast<double>(c.values[s]));
      y -= hgt;
      out += svg::rect(x, y, bar, hgt, series[s].colour,
                       fmt::format("data-series=\"{}\"", html_escape(series[s].key)));
    }
    out += "</g>\n";
    // Every `every`-th day is labelled, and the last day too when its label, pinned to the right
    // edge, clears the one before it.
    const bool last = i + 1 == columns.size();
    if (i % every == 0 && (!last || columns.size() == 1 || i == 0)) {
      const double tx = std::min(x, svg::kWidth - 70);
      out += svg::text(tx, bottom + 18, c.label, 11);
      label_end = tx + svg::estimate_width(c.label, 11) + 4;
    } else if (last && svg::kWidth - 70 >= label_end) {
      out += svg::text(svg::kWidth - 70, bottom + 18, c.label, 11);
    }
  }
  out += "</svg>\n";
  return out;
}

}  // namespace ashyq::report
