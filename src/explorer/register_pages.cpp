#include "explorer/register_pages.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "explorer/html.hpp"
#include "explorer/register_labels.hpp"

namespace ashyq::explorer {
namespace {

std::string authority_text(const PageRequest& r, const legal::Register& reg,
                           const std::string& id) {
  const legal::Authority* a = reg.authority(id);
  if (!a)
    return h(id);
  return fmt::format("{} <span class=\"muted\">({}, {})</span>", h(a->name), h(label(r, a->kind)),
                     h(country_label(r, a->country)));
}

// "in force" or "lifted on D" as of today.
std::string status_today(const PageRequest& r, const legal::Order& o) {
  const std::string today = iso_day(r.now);
  if (legal::in_force_on(o, today))
    return h(r.t().tr("in force"));
  for (auto it = o.status.rbegin(); it != o.status.rend(); ++it)
    if (it->status == legal::OrderStatus::lifted && it->since <= today)
      return h(r.t().trf("lifted on {0}", {it->since}));
  return h(r.t().trf("in force from {0}", {legal::effective_date(o)}));
}

std::string target_text(const PageRequest& r, const legal::OrderTarget& t) {
  switch (t.kind) {
    case legal::TargetKind::domain:
      return fmt::format("<a href=\"{}\">{}</a>", h(link(r, "/domain/" + t.value)), h(t.value));
    case legal::TargetKind::url:
      return fmt::format("<code>{}</code>", h(t.value));
    case legal::TargetKind::app:
      return h(r.t().trf("app: {0}", {t.value}));
    case legal::TargetKind::ip_range:
      return h(r.t().trf("addresses: {0}", {t.value}));
  }
  return h(t.value);
}

std::string basis_text(const legal::LegalBasis& b) {
  std::string out = h(b.text);
  if (!b.law.empty())
    out += fmt::format("{}<code>{}{}</code>", out.empty() ? "" : " ", h(b.law),
                       b.article.empty() ? "" : " " + h(b.article));
  return out;
}

std::string span_cells(const PageRequest& r, const legal::Span& s) {
  std::string networks;
  for (const auto& n : s.networks)
    networks += (networks.empty() ? "" : ", ") + n;
  return fmt::format("<td>{}</td><td>{}</td><td>{}</td>", h(s.first.substr(0, 10)),
                     h(s.last.substr(0, 10)), h(networks)) +
         number_cell(r, static_cast<std::int64_t>(s.measurements), "");
}

std::string span_head(const PageRequest& r, std::string_view first_column) {
  const auto& t = r.t();
  return fmt::format(
      "<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th></tr>",
      h(first_column), h(t.tr("First day")), h(t.tr("Last day")), h(t.tr("Networks")),
      h(t.tr("Measurements")));
}

constexpr std::size_t kShown = 50;

std::string order_link(const PageRequest& r, const std::string& id) {
  return fmt::format("<a href=\"{}\">{}</a>", h(link(r, "/order/" + id)), h(id));
}

}  // namespace

std::string render_orders(const PageRequest& r, const legal::Register& reg) {
  const auto& t = r.t();
  std::string rows;
  for (const legal::Order& o : reg.orders) {
    std::string targets;
    for (const auto& target : o.targets)
      targets += (targets.empty() ? "" : ", ") + target_text(r, target);
    rows += fmt::format(
        "<tr data-order=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td>{}</td></tr>\n",
        h(o.common.id), order_link(r, o.common.id), h(o.reference),
        authority_text(r, reg, o.authority), h(o.date_issued), targets, status_today(r, o));
  }
  std::string body =
      fmt::format("<h1 id=\"page-title\">{}</h1>\n<p>{}</p>\n", h(t.tr("Blocking orders")),
                  h(t.tr("Orders to block websites and apps, as the register's "
                         "editors entered them from the sources each one cites.")));
  if (rows.empty())
    body += fmt::format("<p id=\"no-orders\">{}</p>\n", h(t.tr("No order has been published.")));
  else
    body += table("id=\"orders-table\"",
                  fmt::format("<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
                              "<th>{}</th></tr>",
                              h(t.tr("Order")), h(t.tr("Reference")), h(t.tr("Authority")),
                              h(t.tr("Issued")), h(t.tr("Targets")), h(t.tr("Status"))),
                  rows);
  return document(r, t.tr("Blocking orders"), body);
}

std::string render_order(const PageRequest& r, const legal::Register& reg, const legal::Order& o,
                         const legal::OrderLinks& links) {
  const auto& t = r.t();
  const std::string title = t.trf("Order {0}", {o.reference.empty() ? o.common.id : o.reference});
  std::string body = fmt::format("<h1 id=\"page-title\">{}</h1>\n", h(title));
  std::string facts;
  auto fact = [&](std::string_view name, const std::string& html_value) {
    if (!html_value.empty())
      facts += fmt::format("<dt>{}</dt><dd>{}</dd>\n", h(name), html_value);
  };
  fact(t.tr("Authority"), authority_text(r, reg, o.authority));
  fact(t.tr("Reference"), h(o.reference));
  fact(t.tr("Issued"), h(o.date_issued));
  fact(t.tr("In force from"), h(o.date_in_force));
  fact(t.tr("Legal basis"), basis_text(o.legal_basis));
  std::string scope = h(t.tr("national"));
  if (!o.national) {
    scope.clear();
    for (const auto& n : o.networks)
      scope +=
          (scope.empty() ? "" : ", ") + h(n.asn) + (n.name.empty() ? "" : " (" + h(n.name) + ")");
  }
  fact(t.tr("Scope"), scope);
  fact(t.tr("Status"), status_today(r, o));
  std::string history;
  for (const auto& s : o.status)
    history += (history.empty() ? "" : "; ") + h(s.status == legal::OrderStatus::in_force
                                                     ? t.trf("in force from {0}", {s.since})
                                                     : t.trf("lifted on {0}", {s.since}));
  fact(t.tr("Status history"), history);
  fact(t.tr("Notes"), h(o.common.notes));
  if (!o.common.provenance.entered_at.empty())
    fact(t.tr("Entered in the register"), h(o.common.provenance.entered_at));
  body += fmt::format("<dl id=\"order-facts\">\n{}</dl>\n", facts);

  std::string targets;
  for (const auto& target : o.targets)
    targets += "<li>" + target_text(r, target) + "</li>\n";
  body += fmt::format("<section id=\"targets\">\n<h2>{}</h2>\n<ul>\n{}</ul>\n</section>\n",
                      h(t.tr("Targets")), targets);

  std::string rows;
  for (const auto& tb : links.targets)
    if (tb.order == o.common.id)
      rows += fmt::format("<tr data-domain=\"{}\"><td><a href=\"{}\">{}</a></td>", h(tb.domain),
                          h(link(r, "/domain/" + tb.domain)), h(tb.domain)) +
              span_cells(r, tb.blocked) + "</tr>\n";
  body += fmt::format(
      "<section id=\"measured\">\n<h2>{}</h2>\n{}</section>\n", h(t.tr("Measured blocked")),
      rows.empty() ? fmt::format("<p>{}</p>\n",
                                 h(t.tr("No measurement in this observatory found a target of this "
                                        "order blocked.")))
                   : table("id=\"measured-table\"", span_head(r, t.tr("Domain")), rows));

  body += sources_section(r, o.common.sources);
  body += fmt::format("<p><a href=\"{}\">{}</a></p>\n", h(link(r, "/orders")),
                      h(t.tr("All blocking orders")));
  return document(r, title, body);
}

std::string sources_section(const PageRequest& r, const std::vector<legal::Source>& list) {
  const auto& t = r.t();
  std::string sources;
  for (const auto& s : list) {
    sources += fmt::format("<li><a href=\"{}\" rel=\"noopener noreferrer\">{}</a>", h(s.url),
                           h(s.title.empty() ? s.url : s.title));
    if (!s.date.empty())
      sources += " " + h(s.date);
    if (!s.language.empty())
      sources += " (" + h(s.language) + ")";
    if (!s.archive_sha256.empty())
      sources += fmt::format(" <span class=\"muted\">{} <code>{}</code></span>",
                             h(t.tr("archived copy, SHA-256")), h(s.archive_sha256));
    sources += "</li>\n";
  }
  if (sources.empty())
    return "";
  return fmt::format("<section id=\"sources\">\n<h2>{}</h2>\n<ul>\n{}</ul>\n</section>\n",
                     h(t.tr("Sources")), sources);
}

std::string register_country_section(const PageRequest& r, const std::string& cc,
                                     const legal::OrderLinks& links) {
  const auto& t = r.t();
  if (links.targets.empty() && links.blocked_without_order.empty() &&
      links.ordered_not_blocked.empty() && links.blocked_before_order.empty())
    return "";
  std::string body;
  auto part = [&](std::string_view id, std::string_view heading, std::string_view explanation,
                  std::string rows, std::string head) {
    body += fmt::format("<h3 id=\"{}\">{}</h3>\n<p class=\"muted\">{}</p>\n", id, h(heading),
                        h(explanation));
    body += rows.empty() ? fmt::format("<p>{}</p>\n", h(t.tr("None.")))
                         : table(fmt::format("id=\"{}-table\"", id), head, rows);
  };
  // The most measured first, at most kShown rows per finding; the rest are in the API's answer.
  auto most_measured = [](auto items, auto span_of) {
    std::stable_sort(items.begin(), items.end(), [&](const auto& a, const auto& b) {
      return span_of(a).measurements > span_of(b).measurements;
    });
    return items;
  };
  const auto without = most_measured(links.blocked_without_order,
                                     [](const legal::BlockedWithoutOrder& w) { return w.blocked; });
  std::string rows;
  std::size_t shown = 0;
  for (const auto& w : without)
    if (++shown <= kShown)
      rows += fmt::format("<tr data-domain=\"{}\"><td><a href=\"{}\">{}</a></td>", h(w.domain),
                          h(link(r, "/domain/" + w.domain)), h(w.domain)) +
              span_cells(r, w.blocked) + "</tr>\n";
  part("blocked-without-order", t.tr("Blocked with no known order"),
       t.tr("Domains measured blocked that no published order of this country names."),
       std::move(rows), span_head(r, t.tr("Domain")));
  if (without.size() > kShown)
    body += fmt::format(
        "<p class=\"muted\">{} <a href=\"/api/v1/register/links?probe_cc={}\">"
        "/api/v1/register/links</a></p>\n",
        h(t.trf("The {0} most measured of {1}; all of them:",
                {t.number(static_cast<std::int64_t>(kShown)),
                 t.number(static_cast<std::int64_t>(without.size()))})),
        h(cc));
  rows.clear();
  for (const auto& n : links.ordered_not_blocked)
    rows += fmt::format("<tr data-domain=\"{}\"><td><a href=\"{}\">{}</a> ({})</td>", h(n.domain),
                        h(link(r, "/domain/" + n.domain)), h(n.domain), order_link(r, n.order)) +
            span_cells(r, n.accessible) + "</tr>\n";
  part("ordered-not-blocked", t.tr("Ordered but not blocked"),
       t.tr("Targets of an order in force measured accessible on a network the order binds."),
       std::move(rows), span_head(r, t.tr("Domain (order)")));
  rows.clear();
  for (const auto& b : links.blocked_before_order)
    rows += fmt::format("<tr data-domain=\"{}\"><td><a href=\"{}\">{}</a> ({}, {})</td>",
                        h(b.domain), h(link(r, "/domain/" + b.domain)), h(b.domain),
                        order_link(r, b.order), h(b.order_date)) +
            span_cells(r, b.blocked) + "</tr>\n";
  part("blocked-before-order", t.tr("Blocked before the order"),
       t.tr("Domains measured blocked before the first published order naming them came into "
            "force."),
       std::move(rows), span_head(r, t.tr("Domain (order, in force from)")));
  return fmt::format(
      "<section id=\"register\">\n<h2>{}</h2>\n<p class=\"muted\">{} <a href=\"{}\">{}</a></p>\n{}"
      "</section>\n",
      h(t.tr("Orders and measurements")),
      h(t.tr("The register's published orders beside this observatory's measurements, all time, "
             "by day.")),
      h(link(r, "/orders")), h(t.tr("All blocking orders")), body);
}

std::string register_domain_section(const PageRequest& r, const legal::Register& reg,
                                    const std::string& domain) {
  const auto& t = r.t();
  std::string rows;
  for (const legal::Order& o : reg.orders) {
    const bool names = std::any_of(o.targets.begin(), o.targets.end(), [&](const auto& target) {
      return legal::target_names_domain(target, domain);
    });
    if (!names)
      continue;
    rows += fmt::format("<tr data-order=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                        h(o.common.id), order_link(r, o.common.id),
                        authority_text(r, reg, o.authority), h(o.date_issued), status_today(r, o));
  }
  if (rows.empty())
    return "";
  return fmt::format(
      "<section id=\"domain-orders\">\n<h2>{}</h2>\n{}</section>\n", h(t.tr("Orders naming it")),
      table("id=\"domain-orders-table\"",
            fmt::format("<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>", h(t.tr("Order")),
                        h(t.tr("Authority")), h(t.tr("Issued")), h(t.tr("Status"))),
            rows));
}

}  // namespace ashyq::explorer
