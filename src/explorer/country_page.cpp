// The HTML of /country/{CC} (country_page.hpp).
#include "explorer/country_page.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "explorer/html.hpp"
#include "explorer/row_status.hpp"
#include "report/categories.hpp"
#include "report/methods.hpp"
#include "report/timeline_chart.hpp"

namespace ashyq::explorer {

using collector::AggregationCell;

namespace {

struct DayCounts {
  std::int64_t measurement = 0, ok = 0, anomaly = 0, confirmed = 0, failure = 0;
  std::map<std::string, std::int64_t> anomaly_by_method;
};

std::string select(const PageRequest& r, std::string_view name, std::string_view label,
                   const std::vector<std::pair<std::string, std::string>>& options,
                   std::string_view selected) {
  std::string out = fmt::format("<label>{}<select name=\"{}\">", h(label), name);
  for (const auto& [value, text] : options) {
    out += fmt::format("<option value=\"{}\"{}>{}</option>", h(value),
                       value == selected ? " selected" : "", h(text));
  }
  return out + "</select></label>";
}

std::string filters_form(const PageRequest& r, const CountryData& d) {
  const auto& t = r.t();
  std::vector<std::pair<std::string, std::string>> periods;
  for (int p : kPeriods)
    periods.emplace_back(std::to_string(p), t.trn("{0} day", "{0} days", p));
  std::vector<std::pair<std::string, std::string>> asns{{"", std::string(t.tr("All networks"))}};
  for (const auto& n : d.networks)
    asns.emplace_back(n.probe_asn, n.name.empty() ? n.probe_asn : n.probe_asn + " " + n.name);
  if (!d.filter.probe_asn.empty() &&
      std::none_of(d.networks.begin(), d.networks.end(),
                   [&](const auto& n) { return n.probe_asn == d.filter.probe_asn; }))
    asns.emplace_back(d.filter.probe_asn, d.filter.probe_asn);
  std::vector<std::pair<std::string, std::string>> categories{
      {"", std::string(t.tr("All categories"))}};
  for (const auto& c : d.categories) {
    if (!c.x || c.x->empty())
      continue;
    const auto name = report::category_name(*c.x);
    categories.emplace_back(*c.x, name.empty() ? *c.x : fmt::format("{} ({})", t.tr(name), *c.x));
  }
  std::vector<std::pair<std::string, std::string>> tests{{"", std::string(t.tr("All tests"))}};
  for (const auto& c : d.tests) {
    if (c.x && !c.x->empty())
      tests.emplace_back(*c.x, *c.x);
  }
  std::string lang;
  if (r.params.contains("lang"))
    lang = fmt::format("<input type=\"hidden\" name=\"lang\" value=\"{}\">",
                       i18n::code_of(r.language()));
  return fmt::format(
      "<form id=\"filters\" method=\"get\" action=\"/country/{}\">{}{}{}{}{}"
      "<button type=\"submit\">{}</button></form>\n",
      h(d.filter.probe_cc), lang,
      select(r, "period", t.tr("Period"), periods, std::to_string(d.filter.period_days)),
      select(r, "probe_asn", t.tr("Network"), asns, d.filter.probe_asn),
      select(r, "category_code", t.tr("Category"), categories, d.filter.category_code),
      select(r, "test_name", t.tr("Test"), tests, d.filter.test_name), h(t.tr("Show")));
}

std::string timeline_section(const PageRequest& r, const CountryData& d) {
  const auto& t = r.t();
  std::map<std::string, DayCounts> days;
  std::set<std::string> anomaly_methods;
  for (const auto& c : d.by_day_method) {
    if (!c.x)
      continue;
    auto& day = days[*c.x];
    day.measurement += c.measurement_count;
    day.ok += c.ok_count;
    day.anomaly += c.anomaly_count;
    day.confirmed += c.confirmed_count;
    day.failure += c.failure_count;
    if (c.anomaly_count > 0) {
      const std::string method = c.y.value_or("unknown");
      day.anomaly_by_method[method] += c.anomaly_count;
      anomaly_methods.insert(method);
    }
  }
  // The series: accessible, an anomaly per blocking method (report order), other anomalies,
  // confirmed, failure.
  std::vector<report::ChartSeries> series{
      {"ok", std::string(t.tr("Accessible")), std::string(kOkColour)}};
  std::vector<std::string> method_series;
  for (const auto& m : report::blocking_methods()) {
    if (anomaly_methods.contains(std::string(m.name))) {
      series.push_back({"anomaly-" + std::string(m.name),
                        t.trf("Anomaly: {0}", {method_label(r, m.name)}), std::string(m.colour)});
      method_series.emplace_back(m.name);
    }
  }
  const bool other = std::any_of(anomaly_methods.begin(), anomaly_methods.end(),
                                 [](const auto& m) { return !report::is_blocking_method(m); });
  if (other)
    series.push_back(
        {"anomaly-other", std::string(t.tr("Anomaly: other")), std::string(kOtherAnomalyColour)});
  series.push_back(
      {"confirmed", std::string(t.tr("Confirmed blocked")), std::string(kConfirmedColour)});
  series.push_back(
      {"failure", std::string(t.tr("Failed measurement")), std::string(kFailureColour)});

  // One column per day of the period, empty days included.
  std::vector<report::ChartColumn> columns;
  for (int i = d.filter.period_days - 1; i >= 0; --i) {
    report::ChartColumn col;
    col.label = iso_day_offset(r.now, -i);
    const auto it = days.find(col.label);
    if (it != days.end()) {
      const auto& day = it->second;
      col.values.push_back(day.ok);
      std::int64_t listed = 0;
      for (const auto& m : method_series) {
        const auto found = day.anomaly_by_method.find(m);
        const auto n = found == day.anomaly_by_method.end() ? 0 : found->second;
        col.values.push_back(n);
        listed += n;
      }
      if (other)
        col.values.push_back(day.anomaly - listed);
      col.values.push_back(day.confirmed);
      col.values.push_back(day.failure);
    } else {
      col.values.assign(series.size(), 0);
    }
    columns.push_back(std::move(col));
  }
  const auto chart = report::stacked_columns_chart(
      "chart-timeline", t.tr("Measurements per day"), series, columns,
      t.tr("No measurements in this period."), [&](std::int64_t n) { return t.number(n); });

  std::string head = fmt::format(
      "<tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th>"
      "<th class=\"num\">{}</th><th class=\"num\">{}</th>",
      h(t.tr("Day")), h(t.tr("Measurements")), h(t.tr("Accessible")), h(t.tr("Anomaly")),
      h(t.tr("Confirmed")), h(t.tr("Failure")));
  for (const auto& m : method_series)
    head +=
        fmt::format("<th class=\"num\">{}</th>", h(t.trf("Anomaly: {0}", {method_label(r, m)})));
  head += "</tr>";
  std::string rows;
  for (auto it = days.rbegin(); it != days.rend(); ++it) {
    const auto& [day, c] = *it;
    rows += fmt::format("<tr data-day=\"{}\"><td class=\"date\">{}</td>", h(day), h(day));
    rows += number_cell(r, c.measurement, "data-col=\"measurement_count\"");
    rows += number_cell(r, c.ok, "data-col=\"ok_count\"");
    rows += number_cell(r, c.anomaly, "data-col=\"anomaly_count\"");
    rows += number_cell(r, c.confirmed, "data-col=\"confirmed_count\"");
    rows += number_cell(r, c.failure, "data-col=\"failure_count\"");
    for (const auto& m : method_series) {
      const auto found = c.anomaly_by_method.find(m);
      rows += number_cell(r, found == c.anomaly_by_method.end() ? 0 : found->second,
                          fmt::format("data-method=\"{}\"", h(m)));
    }
    rows += "</tr>\n";
  }
  if (days.empty())
    rows = fmt::format("<tr><td colspan=\"6\">{}</td></tr>\n",
                       h(t.tr("No measurements in this period.")));
  return fmt::format(
      "<section id=\"timeline\" data-aggregation-query=\"{}\">\n<h2>{}</h2>\n{}{}</section>\n",
      h(query_string(d.api)), h(t.tr("Measurements per day")), chart,
      table("id=\"timeline-table\"", head, rows));
}

std::string network_name(const CountryData& d, std::string_view asn) {
  for (const auto& n : d.networks) {
    if (n.probe_asn == asn)
      return n.name;
  }
  return {};
}

std::string networks_section(const PageRequest& r, const CountryData& d) {
  const auto& t = r.t();
  std::map<std::string, std::map<std::string, std::int64_t>> matrix;  // asn → method → count
  std::set<std::string> methods_present;
  for (const auto& c : d.by_asn_method) {
    if (!c.x)
      continue;
    const std::string method = c.y.value_or("unknown");
    matrix[*c.x][method] += c.measurement_count;
    methods_present.insert(method);
  }
  std::vector<std::string> columns;
  for (const auto& m : report::all_methods()) {
    if (methods_present.erase(std::string(m.name)))
      columns.emplace_back(m.name);
  }
  for (const auto& m : methods_present)
    columns.push_back(m);  // names this build does not know, shown raw
  std::string head = fmt::format("<tr><th>{}</th><th>{}</th>", h(t.tr("Network")), h(t.tr("Name")));
  for (const auto& m : columns)
    head +=
        fmt::format("<th class=\"num\" data-method=\"{}\">{}</th>", h(m), h(method_label(r, m)));
  head += fmt::format("<th class=\"num\">{}</th></tr>", h(t.tr("Measurements")));
  std::string rows;
  for (const auto& [asn, by_method] : matrix) {
    QueryParams filter{{"probe_asn", asn}, {"period", std::to_string(d.filter.period_days)}};
    rows += fmt::format("<tr data-asn=\"{}\"><td><a href=\"{}\">{}</a></td><td>{}</td>", h(asn),
                        h(link(r, "/country/" + d.filter.probe_cc, filter)), h(asn),
                        h(network_name(d, asn)));
    std::int64_t total = 0;
    for (const auto& m : columns) {
      const auto it = by_method.find(m);
      const auto n = it == by_method.end() ? 0 : it->second;
      total += n;
      rows += number_cell(r, n, fmt::format("data-method=\"{}\"", h(m)));
    }
    rows += number_cell(r, total, "data-col=\"measurement_count\"") + "</tr>\n";
  }
  if (matrix.empty())
    rows = fmt::format("<tr><td colspan=\"2\">{}</td></tr>\n",
                       h(t.tr("No measurements in this period.")));
  return fmt::format(
      "<section id=\"networks\">\n<h2>{}</h2>\n<p class=\"muted\">{}</p>\n{}</section>\n",
      h(t.tr("Networks and methods")),
      h(t.tr("Measurements in the period by network and by the method ashyq's analysis found "
             "(\"none\": nothing wrong seen).")),
      table(fmt::format("id=\"network-matrix\" data-aggregation-query=\"{}\"",
                        h(query_string(d.api))),
            head, rows));
}

std::string blocked_domains_section(const PageRequest& r, const CountryData& d) {
  const auto& t = r.t();
  const std::string head = fmt::format(
      "<tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th><th>{}</th>"
      "</tr>",
      h(t.tr("Domain")), h(t.tr("Blocked")), h(t.tr("Measurements")), h(t.tr("First seen blocked")),
      h(t.tr("Last seen blocked")));
  std::string rows;
  for (const auto& b : d.blocked_domains) {
    QueryParams params{{"probe_cc", d.filter.probe_cc}};
    rows += fmt::format("<tr data-domain=\"{}\"><td><a href=\"{}\">{}</a></td>", h(b.domain),
                        h(link(r, "/domain/" + b.domain, params)), h(b.domain));
    rows += number_cell(r, b.blocked, "data-col=\"blocked\"");
    rows += number_cell(r, b.measured, "data-col=\"measurement_count\"");
    rows += fmt::format(
        "<td data-col=\"first_blocked\">{}</td><td data-col=\"last_blocked\">{}</td>"
        "</tr>\n",
        h(b.first_blocked), h(b.last_blocked));
  }
  if (d.blocked_domains.empty())
    rows = fmt::format("<tr><td colspan=\"5\">{}</td></tr>\n",
                       h(t.tr("No domain was seen blocked in this period.")));
  return fmt::format("<section id=\"blocked-domains\">\n<h2>{}</h2>\n{}</section>\n",
                     h(t.tr("Most blocked domains")),
                     table("id=\"blocked-domains-table\"", head, rows));
}

std::string interception_section(const PageRequest& r, const CountryData& d) {
  const auto& t = r.t();
  std::string body;
  if (d.interception.empty()) {
    body = fmt::format("<p>{}</p>\n", h(t.tr("No interception root was seen in this period.")));
  } else {
    const std::string head = fmt::format(
        "<tr><th>{}</th><th>{}</th><th class=\"num\">{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        h(t.tr("Root")), h(t.tr("Certificate name")), h(t.tr("Measurements")), h(t.tr("Networks")),
        h(t.tr("First seen")), h(t.tr("Last seen")));
    std::string rows;
    for (const auto& s : d.interception) {
      std::string networks;
      for (const auto& n : s.networks)
        networks += (networks.empty() ? "" : ", ") + n;
      rows += fmt::format("<tr><td>{}</td><td><code>{}</code></td>", h(s.name), h(s.dn));
      rows += number_cell(r, s.measurements, "");
      rows += fmt::format("<td>{}</td><td>{}</td><td>{}</td></tr>\n", h(networks), h(s.first_seen),
                          h(s.last_seen));
    }
    body = table("id=\"interception-roots-table\"", head, rows);
  }
  return fmt::format(
      "<section id=\"interception-roots\">\n<h2>{}</h2>\n<p class=\"muted\">{}</p>\n{}</section>\n",
      h(t.tr("TLS interception roots seen")),
      h(t.trn("From the latest {0} tls_interception measurement that found interception.",
              "From the latest {0} tls_interception measurements that found interception.",
              d.interception_scanned)),
      body);
}

std::string apps_section(const PageRequest& r, const CountryData& d) {
  const auto& t = r.t();
  std::map<std::string, std::vector<const AggregationCell*>> by_test;
  for (const auto& c : d.apps)
    by_test[*c.x].push_back(&c);
  std::string rows;
  for (auto test : kAppTests) {
    auto it = by_test.find(std::string(test));
    if (it == by_test.end())
      continue;
    std::int64_t measured = 0, anomalies = 0;
    std::string networks;
    for (const auto* c : it->second) {
      measured += c->measurement_count;
      anomalies += c->anomaly_count + c->confirmed_count;
      networks += fmt::format(
          "{}{}: {}", networks.empty() ? "" : "; ", c->y.value_or("?"),
          t.trf("{0} of {1} anomalous",
                {t.number(c->anomaly_count + c->confirmed_count), t.number(c->measurement_count)}));
    }
    rows += fmt::format("<tr data-test=\"{}\"><td>{}</td>", h(test), h(test));
    rows += number_cell(r, measured, "data-col=\"measurement_count\"");
    rows += number_cell(r, anomalies, "data-col=\"anomaly_count\"");
    rows += fmt::format("<td>{}</td></tr>\n", h(networks));
  }
  std::string body;
  if (rows.empty()) {
    body = fmt::format("<p>{}</p>\n", h(t.tr("No messaging app or Tor test in the last 7 days.")));
  } else {
    body = table("id=\"apps-table\"",
                 fmt::format("<tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th>"
                             "<th>{}</th></tr>",
                             h(t.tr("Test")), h(t.tr("Measurements")), h(t.tr("Anomalies")),
                             h(t.tr("By network"))),
                 rows);
  }
  return fmt::format(
      "<section id=\"apps\">\n<h2>{}</h2>\n<p class=\"muted\">{}</p>\n{}</section>\n",
      h(t.tr("Messaging apps and Tor now")), h(t.trf("Since {0} (UTC).", {d.apps_since})), body);
}

}  // namespace

std::string render_country(const PageRequest& r, const CountryData& d,
                           std::string_view extra_sections) {
  const auto& t = r.t();
  const std::string title = country_label(r, d.filter.probe_cc);
  std::string body = fmt::format("<h1 id=\"page-title\">{}</h1>\n", h(title));
  body += fmt::format("<p class=\"muted\">{}</p>\n",
                      h(t.trf("{0} to {1} (UTC), measurements submitted to this observatory.",
                              {d.since, iso_day_offset(r.now, 0)})));
  body += filters_form(r, d);
  body += timeline_section(r, d);
  body += networks_section(r, d);
  body += blocked_domains_section(r, d);
  body += interception_section(r, d);
  body += apps_section(r, d);
  body += extra_sections;
  return document(r, title, body);
}

}  // namespace ashyq::explorer
