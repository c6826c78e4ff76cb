#include "explorer/search_page.hpp"

#include <fmt/format.h>

#include "collector/read_api.hpp"
#include "core/ascii.hpp"
#include "explorer/html.hpp"

namespace ashyq::explorer {

namespace {

// "AS9198", "as9198" or "9198" → "AS9198"; "" when `q` is not an AS number.
std::string as_number(std::string_view q) {
  if (q.size() > 2 && (q[0] == 'A' || q[0] == 'a') && (q[1] == 'S' || q[1] == 's'))
    q.remove_prefix(2);
  if (q.empty() || q.size() > 10)
    return {};
  for (char c : q) {
    if (c < '0' || c > '9')
      return {};
  }
  return "AS" + std::string(q);
}

}  // namespace

core::Result<std::vector<SearchHit>> search(collector::ObservatoryStore& store,
                                            std::string_view query) {
  const std::string q(core::ascii_trim(query));
  std::vector<SearchHit> hits;
  if (q.empty())
    return hits;
  if (auto asn = as_number(q); !asn.empty()) {
    auto networks = store.networks("");
    if (!networks)
      return networks.error();
    for (const auto& n : *networks) {
      if (n.probe_asn != asn)
        continue;
      // A network is listed per country it was measured in; the store names it once, so find
      // the countries from the measurements.
      collector::MeasurementQuery mq;
      mq.probe_asn = asn;
      auto countries = store.aggregation(mq, collector::Axis::probe_cc, std::nullopt);
      if (!countries)
        return countries.error();
      for (const auto& c : *countries) {
        if (c.x)
          hits.push_back({"/country/" + *c.x,
                          {{"probe_asn", asn}},
                          asn + " " + n.name + " (" + *c.x + ")",
                          "network"});
      }
    }
    return hits;
  }
  // A measurement ID is tried only when it is one the store holds: a domain such as
  // "azattyq.org" also passes the ID syntax, and must fall through to the domain search.
  if (collector::parse_raw_measurement_query({{"measurement_uid", q}})) {
    auto found = store.find(q);
    if (!found)
      return found.error();
    if (*found) {
      hits.push_back({"/measurement/" + q, {}, q, "measurement"});
      return hits;
    }
  }
  auto domains = store.find_domains(core::ascii_lower(q), kSearchResults);
  if (!domains)
    return domains.error();
  for (const auto& d : *domains)
    hits.push_back({"/domain/" + d, {}, d, "domain"});
  return hits;
}

std::string render_search(const PageRequest& r, std::string_view query,
                          const std::vector<SearchHit>& hits, std::string_view error) {
  const auto& t = r.t();
  std::string body = fmt::format("<h1 id=\"page-title\">{}</h1>\n", h(t.tr("Search")));
  body += fmt::format(
      "<form method=\"get\" action=\"/search\">{}<input name=\"q\" type=\"search\" value=\"{}\" "
      "aria-label=\"{}\"> <button type=\"submit\">{}</button></form>\n",
      r.params.contains("lang") ? fmt::format("<input type=\"hidden\" name=\"lang\" value=\"{}\">",
                                              i18n::code_of(r.language()))
                                : "",
      h(query), h(t.tr("Search")), h(t.tr("Search")));
  if (!error.empty()) {
    body += fmt::format("<p class=\"warn\">{}</p>\n", h(error));
  } else if (!query.empty()) {
    std::string items;
    for (const auto& hit : hits) {
      items += fmt::format("<li data-kind=\"{}\"><a href=\"{}\">{}</a></li>\n", h(hit.kind),
                           h(link(r, hit.href, hit.params)), h(hit.text));
    }
    if (hits.empty())
      body += fmt::format("<p id=\"no-results\">{}</p>\n",
                          h(t.trf("Nothing found for \"{0}\".", {query})));
    body += fmt::format("<ul id=\"search-results\">\n{}</ul>\n", items);
  } else {
    body += fmt::format("<p>{}</p>\n",
                        h(t.tr("Search for a domain (or part of one), an AS number such as "
                               "AS9198, or a measurement ID.")));
  }
  return document(r, t.tr("Search"), body);
}

}  // namespace ashyq::explorer
