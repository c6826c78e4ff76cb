// Inline SVG bar charts, drawn with report/svg.hpp's primitives.
#include "report/charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "report/categories.hpp"
#include "report/methods.hpp"
#include "report/svg.hpp"
#include "report/text.hpp"

namespace ashyq::report {

namespace {

using svg::estimate_width;
using svg::kInk;
using svg::kMuted;
using svg::kWidth;
using svg::percent;

// "12.5%" in the language's way; "0%" when there is no whole.
std::string share(const i18n::Catalogue& t, std::size_t part, std::size_t whole) {
  if (whole == 0)
    return t.percent(0.0, 0);
  return t.percent(static_cast<double>(part) / static_cast<double>(whole));
}
using svg::rect;
using svg::text;

constexpr double kLabelRight = 250;  // labels end here (text-anchor end)
constexpr double kBarLeft = 260;
constexpr double kBarWidth = 400;

std::string svg_open(std::string_view id, double height, std::string_view title) {
  return svg::open(id, height, title);
}

}  // namespace

std::string methods_chart(const ReportCounts& counts, const i18n::Catalogue& t) {
  const auto methods = blocking_methods();
  constexpr double kTop = 8, kRow = 38;
  const double height = kTop + kRow * static_cast<double>(methods.size()) + 8;
  std::size_t max = 0;
  for (const auto& m : methods)
    max = std::max(max, counts.count(m.name));

  std::string out = svg_open("chart-methods", height, t.tr("Blocked measurements by method"));
  out += fmt::format(
      "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{3}\" stroke-width=\"1\"/>\n",
      kBarLeft, kTop, height - 8, kInk);
  double y = kTop;
  for (const auto& m : methods) {
    const std::size_t n = counts.count(m.name);
    out += fmt::format("<g class=\"bar\" data-chart-method=\"{}\">\n", html_escape(m.name));
    out += text(kLabelRight, y + 16, t.tr(m.label), 14, "text-anchor=\"end\"");
    out += text(kLabelRight, y + 31, m.name, 11,
                fmt::format("text-anchor=\"end\" fill=\"{}\" font-family=\"monospace\"", kMuted));
    double w = 0;
    if (n > 0 && max > 0) {
      w = std::max(2.0, kBarWidth * static_cast<double>(n) / static_cast<double>(max));
      out += rect(kBarLeft, y + 7, w, 22, m.colour, fmt::format("stroke=\"{}\"", kInk));
    }
    out += text(kBarLeft + w + 8, y + 23,
                fmt::format("{} ({})", t.number(static_cast<std::int64_t>(n)),
                            share(t, n, counts.measurements)),
                13, "font-weight=\"bold\"");
    out += "</g>\n";
    y += kRow;
  }
  out += "</svg>\n";
  return out;
}

std::string categories_chart(const std::vector<store::MeasurementSummary>& measurements,
                             const i18n::Catalogue& t) {
  struct Row {
    std::string code;
    std::size_t measured = 0;
    std::size_t blocked = 0;
    std::map<std::size_t, std::size_t> by_method;  // method rank → count
  };
  std::map<std::string, Row> rows_by_code;
  for (const auto& s : measurements) {
    Row& r = rows_by_code[s.category];
    r.code = s.category;
    ++r.measured;
    if (is_blocking_method(s.method)) {
      ++r.blocked;
      ++r.by_method[method_rank(s.method)];
    }
  }
  std::vector<Row> rows;
  for (auto& [code, r] : rows_by_code)
    rows.push_back(std::move(r));
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    if (a.blocked != b.blocked)
      return a.blocked > b.blocked;
    return a.measured > b.measured;
  });
  std::size_t max = 0;
  for (const auto& r : rows)
    max = std::max(max, r.measured);

  // Legend: the blocking methods that occur, then the track, wrapped to the width.
  std::vector<const MethodInfo*> present;
  for (const auto& m : blocking_methods()) {
    for (const auto& r : rows) {
      if (r.by_method.contains(method_rank(m.name))) {
        present.push_back(&m);
        break;
      }
    }
  }
  std::string legend;
  double lx = 0, ly = 8;
  const auto legend_item = [&](std::string_view label, std::string_view fill) {
    const double w = 14 + 6 + estimate_width(label, 12) + 18;
    if (lx > 0 && lx + w > kWidth) {
      lx = 0;
      ly += 20;
    }
    legend += rect(lx, ly, 14, 14, fill, fmt::format("stroke=\"{}\"", kInk));
    legend += text(lx + 20, ly + 12, label, 12);
    lx += w;
  };
  for (const auto* m : present)
    legend_item(fmt::format("{} ({})", t.tr(m->label), m->name), m->colour);
  legend_item(t.tr("measured, not blocked"), "#eeeeee");

  constexpr double kRow = 46;
  const double top = ly + 30;
  const double height = top + kRow * static_cast<double>(rows.size()) + (rows.empty() ? 30 : 4);
  std::string out = svg_open("chart-categories", height,
                             t.tr("Blocked measurements by Citizen Lab category and method"));
  out += legend;
  if (rows.empty()) {
    out += text(0, top + 16, t.tr("Nothing was measured."), 13);
  }
  double y = top;
  for (const auto& r : rows) {
    const std::string_view name = category_name(r.code);
    out += fmt::format("<g class=\"category\" data-category=\"{}\">\n", html_escape(r.code));
    out += text(kLabelRight, y + 16, r.code.empty() ? std::string(t.tr("(none)")) : r.code, 13,
                "text-anchor=\"end\" font-weight=\"bold\" font-family=\"monospace\"");
    if (!name.empty()) {
      out += text(kLabelRight, y + 31, t.tr(name), 11,
                  fmt::format("text-anchor=\"end\" fill=\"{}\"", kMuted));
    }
    const double scale = max == 0 ? 0 : kBarWidth / static_cast<double>(max);
    const double track = std::max(2.0, scale * static_cast<double>(r.measured));
    out += rect(kBarLeft, y + 6, track, 20, "#eeeeee", "stroke=\"#888888\" stroke-width=\"0.75\"");
    double x = kBarLeft;
    std::string breakdown;
    for (const auto& [rank, n] : r.by_method) {
      const MethodInfo& m = all_methods()[rank];
      const double w = std::max(2.0, scale * static_cast<double>(n));
      out += rect(x, y + 6, w, 20, m.colour, "stroke=\"#ffffff\" stroke-width=\"1\"");
      x += w;
      if (!breakdown.empty())
        breakdown += " \xC2\xB7 ";  // middle dot
      breakdown += fmt::format("{} {}", t.tr(m.label), t.number(static_cast<std::int64_t>(n)));
    }
    out += text(kBarLeft + track + 8, y + 21,
                t.trf("{0} of {1} blocked", {t.number(static_cast<std::int64_t>(r.blocked)),
                                             t.number(static_cast<std::int64_t>(r.measured))}),
                13, "font-weight=\"bold\"");
    if (!breakdown.empty()) {
      out += text(kBarLeft, y + 40, breakdown, 11, fmt::format("fill=\"{}\"", kMuted));
    }
    out += "</g>\n";
    y += kRow;
  }
  out += "</svg>\n";
  return out;
}

}  // namespace ashyq::report
