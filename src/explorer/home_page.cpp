#include "explorer/home_page.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "explorer/html.hpp"

namespace ashyq::explorer {

core::Result<HomeData> load_home(collector::ObservatoryStore& store, collector::SysSeconds now) {
  HomeData d;
  d.api["since"] = iso_day_offset(now, -29);
  d.api["until"] = iso_day_offset(now, 1);
  auto request = collector::parse_aggregation_query(d.api, now);
  if (!request)
    return request.error();
  auto cells = store.aggregation(request->query, collector::Axis::probe_cc, std::nullopt);
  if (!cells)
    return cells.error();
  d.countries = std::move(*cells);
  std::stable_sort(d.countries.begin(), d.countries.end(), [](const auto& a, const auto& b) {
    return a.measurement_count > b.measurement_count;
  });
  return d;
}

std::string render_home(const PageRequest& r, const HomeData& d) {
  const auto& t = r.t();
  std::string rows;
  for (const auto& c : d.countries) {
    if (!c.x)
      continue;
    const double share = c.measurement_count == 0
                             ? 0
                             : static_cast<double>(c.anomaly_count + c.confirmed_count) /
                                   static_cast<double>(c.measurement_count);
    rows += fmt::format("<tr data-cc=\"{}\"><td><a href=\"{}\">{}</a></td>", h(*c.x),
                        h(link(r, "/country/" + *c.x)), h(country_label(r, *c.x)));
    rows += number_cell(r, c.measurement_count, "data-col=\"measurement_count\"");
    rows +=
        fmt::format("<td class=\"num\" data-col=\"anomaly_share\">{}</td>", h(t.percent(share, 1)));
    rows += number_cell(r, c.confirmed_count, "data-col=\"confirmed_count\"") + "</tr>\n";
  }
  if (rows.empty())
    rows = fmt::format("<tr><td colspan=\"4\">{}</td></tr>\n",
                       h(t.tr("No measurements in the last 30 days.")));
  std::string body = fmt::format("<h1 id=\"page-title\">{}</h1>\n<p>{}</p>\n",
                                 h(t.tr("Internet censorship, measured")),
                                 h(t.tr("Measurements submitted to this observatory in the last "
                                        "30 days, by country. Anomalies are measurements whose "
                                        "result differs from an uncensored control; confirmed "
                                        "means a known block page was seen.")));
  body += fmt::format(
      "<p><a id=\"orders-link\" href=\"{}\">{}</a> · <a id=\"cases-link\" href=\"{}\">{}</a> · "
      "<a id=\"outlets-link\" href=\"{}\">{}</a></p>\n",
      h(link(r, "/orders")), h(t.tr("Blocking orders")), h(link(r, "/cases")),
      h(t.tr("Prosecutions")), h(link(r, "/outlets")), h(t.tr("Outlets")));
  body += table("id=\"countries-table\"",
                fmt::format("<tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th>"
                            "<th class=\"num\">{}</th></tr>",
                            h(t.tr("Country")), h(t.tr("Measurements")), h(t.tr("Anomalous")),
                            h(t.tr("Confirmed blocked"))),
                rows);
  return document(r, t.tr("Internet censorship, measured"), body);
}

}  // namespace ashyq::explorer
