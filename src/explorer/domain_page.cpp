// The HTML of /domain/{domain} (domain_page.hpp).
#include "explorer/domain_page.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "explorer/html.hpp"
#include "explorer/row_status.hpp"
#include "report/methods.hpp"
#include "report/svg.hpp"
#include "report/timeline_chart.hpp"

namespace ashyq::explorer {

namespace {

constexpr std::size_t kStripLength = 40;

std::string network_label(const DomainData& d, const std::string& asn) {
  for (const auto& n : d.networks) {
    if (n.probe_asn == asn && !n.name.empty())
      return asn + " " + n.name;
  }
  return asn;
}

QueryParams domain_params(const DomainData& d) {
  QueryParams p;
  if (!d.filter.probe_cc.empty())
    p["probe_cc"] = d.filter.probe_cc;
  if (d.filter.period_days != 90)
    p["period"] = std::to_string(d.filter.period_days);
  return p;
}

// Each network's latest measurements in time order, one coloured cell each, linked to the
// measurement: where a site went from accessible to blocked, the strip shows when.
std::string networks_strips(const PageRequest& r, const DomainData& d) {
  const auto& t = r.t();
  std::map<std::string, std::vector<const collector::ObservatoryRow*>> by_network;
  for (const auto& row : d.measurements) {  // newest first
    auto& strip = by_network[row.probe_asn];
    if (strip.size() < kStripLength)
      strip.push_back(&row);
  }
  if (by_network.empty())
    return {};
  std::string out = fmt::format("<h3>{}</h3>\n<p class=\"muted\">{}</p>\n",
                                h(t.tr("Each network's latest measurements")),
                                h(t.tr("Oldest on the left; each cell links to its measurement.")));
  constexpr double kCell = 18, kGap = 2;
  for (const auto& [asn, rows] : by_network) {
    const double width = static_cast<double>(rows.size()) * (kCell + kGap);
    std::string cells;
    double x = 0;
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
      const auto& row = **it;
      cells += fmt::format(
          "<a href=\"{}\"><title>{}</title>{}</a>",
          h(link(r, "/measurement/" + row.measurement_uid)),
          h(row.measurement_start_time + " UTC: " + status_words(r, row)),
          report::svg::rect(x, 0, kCell, kCell, status_colour(row),
                            fmt::format("data-status=\"{}\"", to_string(status_of(row)))));
      x += kCell + kGap;
    }
    out += fmt::format(
        "<div class=\"strip\" data-asn=\"{0}\"><p>{1}</p><svg class=\"chart\" role=\"img\" "
        "aria-label=\"{2}\" viewBox=\"0 0 {3} {4}\" width=\"{3}\" height=\"{4}\">{5}</svg></div>\n",
        h(asn), h(network_label(d, asn)), h(t.trf("Latest measurements on {0}", {asn})), width,
        kCell, cells);
  }
  return out;
}

std::string timeline_section(const PageRequest& r, const DomainData& d) {
  const auto& t = r.t();
  std::vector<report::ChartSeries> series{
      {"ok", std::string(t.tr("Accessible")), std::string(kOkColour)},
      {"anomaly", std::string(t.tr("Anomaly")), std::string(kOtherAnomalyColour)},
      {"confirmed", std::string(t.tr("Confirmed blocked")), std::string(kConfirmedColour)},
      {"failure", std::string(t.tr("Failed measurement")), std::string(kFailureColour)}};
  std::map<std::string, const collector::AggregationCell*> by_day;
  for (const auto& c : d.by_day) {
    if (c.x)
      by_day[*c.x] = &c;
  }
  std::vector<report::ChartColumn> columns;
  for (int i = d.filter.period_days - 1; i >= 0; --i) {
    report::ChartColumn col;
    col.label = iso_day_offset(r.now, -i);
    if (auto it = by_day.find(col.label); it != by_day.end()) {
      const auto& c = *it->second;
      col.values = {c.ok_count, c.anomaly_count, c.confirmed_count, c.failure_count};
    } else {
      col.values.assign(4, 0);
    }
    columns.push_back(std::move(col));
  }
  std::string out = report::stacked_columns_chart(
      "chart-domain-timeline", t.tr("Measurements per day"), series, columns,
      t.tr("No measurements in this period."), [&](std::int64_t n) { return t.number(n); });

  const std::string head = fmt::format(
      "<tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th>"
      "<th class=\"num\">{}</th><th class=\"num\">{}</th></tr>",
      h(t.tr("Day")), h(t.tr("Measurements")), h(t.tr("Accessible")), h(t.tr("Anomaly")),
      h(t.tr("Confirmed")), h(t.tr("Failure")));
  std::string rows;
  for (auto it = by_day.rbegin(); it != by_day.rend(); ++it) {
    const auto& c = *it->second;
    QueryParams p = domain_params(d);
    p["day"] = it->first;
    rows += fmt::format("<tr data-day=\"{0}\"><td><a href=\"{1}\">{0}</a></td>", h(it->first),
                        h(link(r, "/domain/" + d.filter.domain, p)));
    rows += number_cell(r, c.measurement_count, "data-col=\"measurement_count\"");
    rows += number_cell(r, c.ok_count, "data-col=\"ok_count\"");
    rows += number_cell(r, c.anomaly_count, "data-col=\"anomaly_count\"");
    rows += number_cell(r, c.confirmed_count, "data-col=\"confirmed_count\"");
    rows += number_cell(r, c.failure_count, "data-col=\"failure_count\"") + "</tr>\n";
  }
  if (by_day.empty())
    rows = fmt::format("<tr><td colspan=\"6\">{}</td></tr>\n",
                       h(t.tr("No measurements in this period.")));
  out += table("id=\"domain-timeline-table\"", head, rows);
  return fmt::format("<section id=\"domain-timeline\">\n<h2>{}</h2>\n{}{}</section>\n",
                     h(t.tr("Measurements per day")), out, networks_strips(r, d));
}

std::string methods_section(const PageRequest& r, const DomainData& d) {
  const auto& t = r.t();
  std::map<std::string, std::map<std::string, std::int64_t>> matrix;
  std::set<std::string> present;
  for (const auto& c : d.by_asn_method) {
    if (!c.x)
      continue;
    const auto method = c.y.value_or("unknown");
    matrix[*c.x][method] += c.measurement_count;
    present.insert(method);
  }
  std::vector<std::string> columns;
  for (const auto& m : report::all_methods()) {
    if (present.erase(std::string(m.name)))
      columns.emplace_back(m.name);
  }
  for (const auto& m : present)
    columns.push_back(m);
  std::string head = fmt::format("<tr><th>{}</th>", h(t.tr("Network")));
  for (const auto& m : columns)
    head +=
        fmt::format("<th class=\"num\" data-method=\"{}\">{}</th>", h(m), h(method_label(r, m)));
  head += "</tr>";
  std::string rows;
  for (const auto& [asn, by_method] : matrix) {
    rows += fmt::format("<tr data-asn=\"{}\"><td>{}</td>", h(asn), h(network_label(d, asn)));
    for (const auto& m : columns) {
      auto it = by_method.find(m);
      rows += number_cell(r, it == by_method.end() ? 0 : it->second,
                          fmt::format("data-method=\"{}\"", h(m)));
    }
    rows += "</tr>\n";
  }
  if (matrix.empty())
    rows = fmt::format("<tr><td>{}</td></tr>\n", h(t.tr("No measurements in this period.")));
  return fmt::format("<section id=\"methods\">\n<h2>{}</h2>\n{}</section>\n",
                     h(t.tr("Methods by network")), table("id=\"domain-methods\"", head, rows));
}

std::string measurements_section(const PageRequest& r, const DomainData& d) {
  const auto& t = r.t();
  const std::string head = fmt::format(
      "<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>", h(t.tr("Time (UTC)")),
      h(t.tr("Network")), h(t.tr("Test")), h(t.tr("Result")), h(t.tr("URL")));
  std::string rows;
  for (const auto& row : d.measurements) {
    rows += fmt::format(
        "<tr data-status=\"{}\"><td><a class=\"measurement-link\" href=\"{}\">{}</a></td>"
        "<td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>\n",
        to_string(status_of(row)), h(link(r, "/measurement/" + row.measurement_uid)),
        h(row.measurement_start_time), h(network_label(d, row.probe_asn)), h(row.test_name),
        h(status_words(r, row)), h(row.input.value_or("")));
  }
  if (d.measurements.empty())
    rows = fmt::format("<tr><td colspan=\"5\">{}</td></tr>\n",
                       h(t.tr("No measurements in this period.")));
  std::string caption;
  if (!d.filter.day.empty()) {
    caption = t.trf("Measurements of {0}.", {d.filter.day});
    QueryParams p = domain_params(d);
    caption = fmt::format("{} <a href=\"{}\">{}</a>", h(caption),
                          h(link(r, "/domain/" + d.filter.domain, p)), h(t.tr("All days")));
  } else {
    caption = h(t.trf("The latest {0} of {1} measurements in the period.",
                      {t.number(static_cast<std::int64_t>(d.measurements.size())),
                       t.number(d.measurements_total)}));
  }
  return fmt::format("<section id=\"measurements\">\n<h2>{}</h2>\n<p>{}</p>\n{}</section>\n",
                     h(t.tr("Measurements")), caption,
                     table("id=\"domain-measurements\"", head, rows));
}

}  // namespace

std::string render_domain(const PageRequest& r, const DomainData& d,
                          std::string_view extra_sections) {
  const auto& t = r.t();
  std::string body = fmt::format("<h1 id=\"page-title\">{}</h1>\n", h(d.filter.domain));
  std::string scope = d.filter.probe_cc.empty() ? std::string(t.tr("All countries"))
                                                : country_label(r, d.filter.probe_cc);
  body += fmt::format("<p class=\"muted\">{}</p>\n",
                      h(t.trf("{0}; {1} to {2} (UTC).", {scope, d.since, iso_day(r.now)})));
  body += fmt::format(
      "<dl id=\"blocked-dates\"><dt>{}</dt><dd id=\"first-blocked\">{}</dd><dt>{}</dt>"
      "<dd id=\"last-blocked\">{}</dd></dl>\n",
      h(t.tr("First seen blocked")),
      h(d.first_blocked.empty() ? std::string(t.tr("never")) : d.first_blocked),
      h(t.tr("Last seen blocked")),
      h(d.last_blocked.empty() ? std::string(t.tr("never")) : d.last_blocked));
  body += timeline_section(r, d);
  body += extra_sections;
  body += methods_section(r, d);
  body += measurements_section(r, d);
  return document(r, d.filter.domain, body);
}

}  // namespace ashyq::explorer
