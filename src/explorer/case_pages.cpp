#include "explorer/case_pages.hpp"

#include <fmt/format.h>

#include "explorer/html.hpp"
#include "explorer/register_labels.hpp"
#include "explorer/register_pages.hpp"

namespace ashyq::explorer {
namespace {

std::string case_link(const PageRequest& r, const std::string& id) {
  return fmt::format("<a href=\"{}\">{}</a>", h(link(r, "/case/" + id)), h(id));
}

std::string charges_text(const legal::LegalCase& c) {
  std::string out;
  for (const auto& charge : c.charges)
    out += fmt::format("{}<code>{}</code> {}", out.empty() ? "" : "; ", h(charge.code),
                       h(charge.article));
  return out;
}

}  // namespace

std::string person_text(const PageRequest& r, const legal::Register& reg,
                        const std::string& person_id) {
  const legal::Person* p = reg.person(person_id);
  if (!p)
    return h(person_id);
  std::string out = h(p->name);
  if (p->pseudonym)
    out += " " + h(r.t().tr("(pseudonym)"));
  std::string roles;
  for (auto role : p->roles)
    roles += (roles.empty() ? "" : ", ") + h(label(r, role));
  if (!roles.empty())
    out += fmt::format(" <span class=\"muted\">({})</span>", roles);
  return out;
}

std::string outlets_text(const PageRequest& r, const legal::Register& reg,
                         const legal::Person& person) {
  std::string out;
  for (const auto& id : person.outlets)
    if (const legal::Outlet* o = reg.outlet(id))
      out += fmt::format("{}<a href=\"{}\">{}</a>", out.empty() ? "" : ", ",
                         h(link(r, "/outlet/" + id)), h(o->name));
  return out;
}

std::string render_cases(const PageRequest& r, const legal::Register& reg) {
  const auto& t = r.t();
  std::string rows;
  for (const legal::LegalCase& c : reg.cases) {
    std::string latest;
    if (!c.events.empty())
      latest = h(c.events.back().date) + " " + h(label(r, c.events.back().kind));
    const legal::Person* p = reg.person(c.person);
    rows += fmt::format(
        "<tr data-case=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "</tr>\n",
        h(c.common.id), case_link(r, c.common.id), person_text(r, reg, c.person),
        p ? outlets_text(r, reg, *p) : "", charges_text(c), h(label(r, c.status)), latest);
  }
  std::string body = fmt::format(
      "<h1 id=\"page-title\">{}</h1>\n<p>{}</p>\n", h(t.tr("Prosecutions")),
      h(t.tr("Journalists, bloggers and activists prosecuted for what they published, as the "
             "register's editors entered them from the sources each case cites.")));
  if (rows.empty())
    body += fmt::format("<p id=\"no-cases\">{}</p>\n", h(t.tr("No case has been published.")));
  else
    body += table("id=\"cases-table\"",
                  fmt::format("<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
                              "<th>{}</th></tr>",
                              h(t.tr("Case")), h(t.tr("Person")), h(t.tr("Outlets")),
                              h(t.tr("Charges")), h(t.tr("Status")), h(t.tr("Latest event"))),
                  rows);
  body +=
      fmt::format("<p><a href=\"{}\">{}</a> · <a href=\"{}\">{}</a></p>\n", h(link(r, "/outlets")),
                  h(t.tr("Outlets")), h(link(r, "/orders")), h(t.tr("Blocking orders")));
  return document(r, t.tr("Prosecutions"), body);
}

std::string render_case(const PageRequest& r, const legal::Register& reg,
                        const legal::LegalCase& c) {
  const auto& t = r.t();
  const std::string title = t.trf("Case {0}", {c.common.id});
  std::string body = fmt::format("<h1 id=\"page-title\">{}</h1>\n", h(title));
  std::string facts;
  auto fact = [&](std::string_view name, const std::string& html_value) {
    if (!html_value.empty())
      facts += fmt::format("<dt>{}</dt><dd>{}</dd>\n", h(name), html_value);
  };
  fact(t.tr("Person"), person_text(r, reg, c.person));
  if (const legal::Person* p = reg.person(c.person))
    fact(t.tr("Outlets"), outlets_text(r, reg, *p));
  fact(t.tr("Charges"), charges_text(c));
  fact(t.tr("Status"), h(label(r, c.status)));
  fact(t.tr("Notes"), h(c.common.notes));
  if (!c.common.provenance.entered_at.empty())
    fact(t.tr("Entered in the register"), h(c.common.provenance.entered_at));
  body += fmt::format("<dl id=\"case-facts\">\n{}</dl>\n", facts);

  std::string rows;
  for (const auto& e : c.events)
    rows += fmt::format("<tr data-event=\"{}\"><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                        h(legal::kCaseEventKinds.name(e.kind)), h(e.date), h(label(r, e.kind)),
                        h(e.description));
  body += fmt::format(
      "<section id=\"events\">\n<h2>{}</h2>\n{}</section>\n", h(t.tr("Events")),
      rows.empty() ? fmt::format("<p>{}</p>\n", h(t.tr("No event recorded.")))
                   : table("id=\"events-table\"",
                           fmt::format("<tr><th>{}</th><th>{}</th><th>{}</th></tr>",
                                       h(t.tr("Date")), h(t.tr("Event")), h(t.tr("Details"))),
                           rows));
  body += sources_section(r, c.common.sources);
  body += fmt::format("<p><a href=\"{}\">{}</a></p>\n", h(link(r, "/cases")),
                      h(t.tr("All prosecutions")));
  return document(r, title, body);
}

}  // namespace ashyq::explorer
