#include "explorer/outlet_page.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <map>
#include <optional>

#include "explorer/case_pages.hpp"
#include "explorer/html.hpp"
#include "explorer/register_labels.hpp"
#include "explorer/register_pages.hpp"
#include "report/svg.hpp"

namespace ashyq::explorer {
namespace {

constexpr std::string_view kOrderColour = "#2f6fb0";
constexpr std::string_view kCaseColour = "#a05a00";
constexpr std::string_view kBlockedColour = "#c0392b";

// Days since 1970-01-01 of "YYYY-MM-DD"; nullopt when it is not such a date.
std::optional<int> day_number(std::string_view date) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (date.size() != 10 || date[4] != '-' || date[7] != '-')
    return std::nullopt;
  auto num = [&](std::size_t at, std::size_t len, auto& out) {
    auto [p, ec] = std::from_chars(date.data() + at, date.data() + at + len, out);
    return ec == std::errc() && p == date.data() + at + len;
  };
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d))
    return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m),
                                        std::chrono::day(d)};
  if (!ymd.ok())
    return std::nullopt;
  return static_cast<int>(std::chrono::sys_days(ymd).time_since_epoch().count());
}

std::string date_of(int day) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days(std::chrono::days(day))};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

// What readers call an order: the authority's reference when known, else its id.
std::string order_name(const legal::Register& reg, const std::string& id) {
  for (const auto& o : reg.orders)
    if (o.common.id == id && !o.reference.empty())
      return o.reference;
  return id;
}

std::string order_ref(const PageRequest& r, const legal::Register& reg, const std::string& id) {
  return fmt::format("<a href=\"{}\">{}</a>", h(link(r, "/order/" + id)), h(order_name(reg, id)));
}

std::string networks_text(const std::vector<std::string>& networks) {
  std::string out;
  for (const auto& n : networks)
    out += (out.empty() ? "" : ", ") + n;
  return out;
}

bool is_order(legal::TimelineKind kind) {
  return kind == legal::TimelineKind::order_issued || kind == legal::TimelineKind::order_in_force ||
         kind == legal::TimelineKind::order_lifted;
}

// What an entry says, in words (for the table and the SVG's titles).
std::string entry_words(const PageRequest& r, const legal::Register& reg,
                        const legal::TimelineEntry& e) {
  const auto& t = r.t();
  if (is_order(e.kind)) {
    return std::string(label(r, e.kind)) + ": " + order_name(reg, e.ref);
  }
  if (e.kind == legal::TimelineKind::case_event) {
    const legal::Person* p = reg.person(e.person);
    std::string out = std::string(label(r, e.event)) + ": " + (p ? p->name : e.person);
    if (!e.description.empty())
      out += " (" + e.description + ")";
    return out;
  }
  return t.trf("{0} measured blocked in {1} until {2}", {e.ref, e.country, e.until});
}

// The timeline on one axis: a row of legal events (orders, case events), then one row per
// measured domain and country with its blocking periods as bars.
std::string timeline_svg(const PageRequest& r, const legal::Register& reg,
                         const std::vector<legal::TimelineEntry>& timeline) {
  const auto& t = r.t();
  std::optional<int> lo, hi;
  for (const auto& e : timeline) {
    auto from = day_number(e.date);
    auto to = day_number(e.until.empty() ? e.date : e.until);
    if (!from || !to)
      continue;
    lo = lo ? std::min(*lo, *from) : *from;
    hi = hi ? std::max(*hi, *to) : *to;
  }
  if (!lo)
    return "";
  constexpr double kLeft = 10, kRight = 10, kRow = 30, kBar = 12, kAxis = 24;
  const double span = std::max(1, *hi - *lo + 1);
  auto x_of = [&](int day) {
    return kLeft + (day - *lo) * (report::svg::kWidth - kLeft - kRight) / span;
  };
  const double day_width = (report::svg::kWidth - kLeft - kRight) / span;

  std::map<std::pair<std::string, std::string>, int> blocked_rows;  // (country, domain) → row
  for (const auto& e : timeline)
    if (e.kind == legal::TimelineKind::blocked)
      blocked_rows.emplace(std::pair{e.country, e.ref}, 0);
  int next = 1;
  for (auto& [key, row] : blocked_rows)
    row = next++;
  const double height = next * kRow + kAxis;

  std::string body;
  body += report::svg::text(kLeft, 11, t.tr("Orders and cases"), 11);
  for (const auto& [key, row] : blocked_rows)
    body += report::svg::text(kLeft, row * kRow + 11,
                              t.trf("{0} blocked in {1}", {key.second, key.first}), 11);
  for (const auto& e : timeline) {
    auto from = day_number(e.date);
    auto to = day_number(e.until.empty() ? e.date : e.until);
    if (!from || !to)
      continue;
    const std::string title =
        fmt::format("<title>{}</title>", h(e.date + ": " + entry_words(r, reg, e)));
    if (e.kind == legal::TimelineKind::blocked) {
      const int row = blocked_rows.at({e.country, e.ref});
      const double x = x_of(*from);
      const double w = std::max(3.0, x_of(*to) + day_width - x);
      body += fmt::format("<g data-kind=\"blocked\">{}{}</g>", title,
                          report::svg::rect(x, row * kRow + 14, w, kBar, kBlockedColour));
    } else {
      const bool order = is_order(e.kind);
      body += fmt::format(
          "<g data-kind=\"{}\">{}{}</g>", legal::kTimelineKinds.name(e.kind), title,
          report::svg::rect(x_of(*from) + day_width / 2 - 2, 14, 4, order ? kBar : kBar - 4,
                            order ? kOrderColour : kCaseColour));
    }
  }
  const double axis_y = next * kRow + 4;
  body += report::svg::rect(kLeft, axis_y, report::svg::kWidth - kLeft - kRight, 1,
                            report::svg::kMuted);
  const std::string first = date_of(*lo), last = date_of(*hi);
  body += report::svg::text(kLeft, axis_y + 16, first, 11);
  body += report::svg::text(report::svg::kWidth - kRight - report::svg::estimate_width(last, 11),
                            axis_y + 16, last, 11);
  return report::svg::open("chart-outlet-timeline", height, t.tr("The outlet's timeline")) + body +
         "</svg>\n";
}

std::string timeline_rows(const PageRequest& r, const legal::Register& reg,
                          const std::vector<legal::TimelineEntry>& timeline) {
  const auto& t = r.t();
  std::string rows;
  for (const auto& e : timeline) {
    std::string when = h(e.date);
    std::string what = h(label(r, e.kind));
    std::string details;
    if (is_order(e.kind)) {
      details = order_ref(r, reg, e.ref);
    } else if (e.kind == legal::TimelineKind::case_event) {
      what = h(label(r, e.event));
      details = person_text(r, reg, e.person) +
                fmt::format(" (<a href=\"{}\">{}</a>)", h(link(r, "/case/" + e.ref)), h(e.ref));
      if (!e.description.empty())
        details += ": " + h(e.description);
    } else {
      if (e.until != e.date)
        when += " – " + h(e.until);
      details = fmt::format("<a href=\"{}\">{}</a> {}", h(link(r, "/domain/" + e.ref)), h(e.ref),
                            h(t.trf("in {0}, on {1}: {2} measurements",
                                    {country_label(r, e.country), networks_text(e.networks),
                                     t.number(static_cast<std::int64_t>(e.measurements))})));
    }
    rows += fmt::format("<tr data-kind=\"{}\"><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                        legal::kTimelineKinds.name(e.kind), when, what, details);
  }
  return rows;
}

}  // namespace

std::string render_outlets(const PageRequest& r, const legal::Register& reg) {
  const auto& t = r.t();
  std::string rows;
  for (const legal::Outlet& o : reg.outlets) {
    std::string domains;
    for (const auto& d : o.domains)
      domains += fmt::format("{}<a href=\"{}\">{}</a>", domains.empty() ? "" : ", ",
                             h(link(r, "/domain/" + d)), h(d));
    std::string people;
    for (const auto& p : reg.people)
      if (std::find(p.outlets.begin(), p.outlets.end(), o.common.id) != p.outlets.end())
        people += (people.empty() ? "" : ", ") + h(p.name);
    rows += fmt::format(
        "<tr data-outlet=\"{}\"><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td>"
        "</tr>\n",
        h(o.common.id), h(link(r, "/outlet/" + o.common.id)), h(o.name), h(label(r, o.kind)),
        domains, people);
  }
  std::string body =
      fmt::format("<h1 id=\"page-title\">{}</h1>\n<p>{}</p>\n", h(t.tr("Outlets")),
                  h(t.tr("News sites, blogs and organisations in the register: their domains, "
                         "their people, and each one's timeline of orders, cases and blocking.")));
  if (rows.empty())
    body += fmt::format("<p id=\"no-outlets\">{}</p>\n", h(t.tr("No outlet has been published.")));
  else
    body += table(
        "id=\"outlets-table\"",
        fmt::format("<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>", h(t.tr("Outlet")),
                    h(t.tr("Kind")), h(t.tr("Domains")), h(t.tr("People"))),
        rows);
  body +=
      fmt::format("<p><a href=\"{}\">{}</a> · <a href=\"{}\">{}</a></p>\n", h(link(r, "/cases")),
                  h(t.tr("Prosecutions")), h(link(r, "/orders")), h(t.tr("Blocking orders")));
  return document(r, t.tr("Outlets"), body);
}

std::string render_outlet(const PageRequest& r, const legal::Register& reg, const legal::Outlet& o,
                          const std::vector<legal::TimelineEntry>& timeline) {
  const auto& t = r.t();
  std::string body = fmt::format("<h1 id=\"page-title\">{}</h1>\n", h(o.name));
  std::string facts;
  auto fact = [&](std::string_view name, const std::string& html_value) {
    if (!html_value.empty())
      facts += fmt::format("<dt>{}</dt><dd>{}</dd>\n", h(name), html_value);
  };
  fact(t.tr("Kind"), h(label(r, o.kind)));
  std::string domains;
  for (const auto& d : o.domains)
    domains += fmt::format("{}<a href=\"{}\">{}</a>", domains.empty() ? "" : ", ",
                           h(link(r, "/domain/" + d)), h(d));
  fact(t.tr("Domains"), domains);
  std::string accounts;
  for (const auto& a : o.social_accounts)
    accounts += fmt::format("{}<code>{}</code>", accounts.empty() ? "" : ", ", h(a));
  fact(t.tr("Social accounts"), accounts);
  fact(t.tr("Notes"), h(o.common.notes));
  if (!o.common.provenance.entered_at.empty())
    fact(t.tr("Entered in the register"), h(o.common.provenance.entered_at));
  body += fmt::format("<dl id=\"outlet-facts\">\n{}</dl>\n", facts);

  std::string people;
  for (const legal::Person& p : reg.people) {
    if (std::find(p.outlets.begin(), p.outlets.end(), o.common.id) == p.outlets.end())
      continue;
    std::string cases;
    for (const legal::LegalCase& c : reg.cases)
      if (c.person == p.common.id)
        cases +=
            fmt::format("{}<a href=\"{}\">{}</a> ({})", cases.empty() ? "" : ", ",
                        h(link(r, "/case/" + c.common.id)), h(c.common.id), h(label(r, c.status)));
    people += fmt::format("<tr data-person=\"{}\"><td>{}</td><td>{}</td></tr>\n", h(p.common.id),
                          person_text(r, reg, p.common.id), cases);
  }
  if (!people.empty())
    body += fmt::format(
        "<section id=\"people\">\n<h2>{}</h2>\n{}</section>\n", h(t.tr("People")),
        table("id=\"people-table\"",
              fmt::format("<tr><th>{}</th><th>{}</th></tr>", h(t.tr("Person")), h(t.tr("Cases"))),
              people));

  std::string section = fmt::format(
      "<h2>{}</h2>\n<p class=\"muted\">{}</p>\n", h(t.tr("Timeline")),
      h(t.tr("The orders naming the outlet's domains, its people's cases, and the periods its "
             "domains were measured blocked (a period ends on a day measured accessible "
             "everywhere), on one time axis.")));
  if (timeline.empty()) {
    section += fmt::format("<p>{}</p>\n", h(t.tr("Nothing to show yet.")));
  } else {
    section += timeline_svg(r, reg, timeline);
    section += fmt::format(
        "<p class=\"legend\"><span class=\"swatch\" style=\"background:{}\"></span> {} "
        "<span class=\"swatch\" style=\"background:{}\"></span> {} "
        "<span class=\"swatch\" style=\"background:{}\"></span> {}</p>\n",
        kOrderColour, h(t.tr("Orders")), kCaseColour, h(t.tr("Case events")), kBlockedColour,
        h(t.tr("Measured blocked")));
    section += table("id=\"timeline-table\"",
                     fmt::format("<tr><th>{}</th><th>{}</th><th>{}</th></tr>", h(t.tr("Date")),
                                 h(t.tr("Event")), h(t.tr("Details"))),
                     timeline_rows(r, reg, timeline));
  }
  body += "<section id=\"timeline\">\n" + section + "</section>\n";
  body += sources_section(r, o.common.sources);
  body +=
      fmt::format("<p><a href=\"{}\">{}</a></p>\n", h(link(r, "/outlets")), h(t.tr("All outlets")));
  return document(r, o.name, body);
}

}  // namespace ashyq::explorer
