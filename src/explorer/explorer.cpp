#include "explorer/explorer.hpp"

#include <fmt/format.h>

#include <boost/beast/http/field.hpp>
#include <boost/url/parse.hpp>

#include "collector/read_api.hpp"
#include "collector/register_observations.hpp"
#include "explorer/case_pages.hpp"
#include "explorer/country_page.hpp"
#include "explorer/domain_page.hpp"
#include "explorer/home_page.hpp"
#include "explorer/measurement_page.hpp"
#include "explorer/outlet_page.hpp"
#include "explorer/register_pages.hpp"
#include "explorer/search_page.hpp"
#include "register/outlet_timeline.hpp"

namespace ashyq::explorer {

namespace http = boost::beast::http;

namespace {

// Inline style only; links, forms and downloads stay on this origin; nothing else loads.
constexpr std::string_view kPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'";

net::HttpServerResponse html(http::status status, std::string body) {
  net::HttpServerResponse res{status, 11};
  res.set(http::field::content_type, "text/html; charset=utf-8");
  res.set("Content-Security-Policy", kPolicy);
  res.set("X-Content-Type-Options", "nosniff");
  res.set(http::field::cache_control, "no-cache");
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

// A page saying what went wrong, in the reader's language.
net::HttpServerResponse problem(const PageRequest& r, http::status status, std::string_view heading,
                                std::string_view detail) {
  std::string body = fmt::format("<h1 id=\"page-title\">{}</h1>\n<p class=\"warn\">{}</p>\n",
                                 h(heading), h(detail));
  body += fmt::format("<p><a href=\"{}\">{}</a></p>\n", h(link(r, "/")),
                      h(r.t().tr("Back to the list of countries")));
  return html(status, document(r, heading, body));
}

net::HttpServerResponse bad_filter(const PageRequest& r, const core::Error& e) {
  return problem(r, http::status::bad_request, r.t().tr("This address has a mistake"), e.message());
}

net::HttpServerResponse store_failed(const PageRequest& r, const core::Error& e) {
  return problem(r, http::status::service_unavailable,
                 r.t().tr("The observatory's store did not answer"), e.why);
}

// The last path segment after `prefix`, percent-decoded; nullopt when it has a '/'.
std::optional<std::string> segment(const boost::urls::url_view& url, std::string_view prefix) {
  std::string path = url.path();
  if (!path.starts_with(prefix))
    return std::nullopt;
  path.erase(0, prefix.size());
  if (path.empty() || path.find('/') != std::string::npos)
    return std::nullopt;
  return path;
}

// The id after `prefix` in a decoded path ("/order/x" → "x"); nullopt when absent or not one
// segment.
std::optional<std::string> id_after(const std::string& path, std::string_view prefix) {
  if (!path.starts_with(prefix) || path.size() == prefix.size() ||
      path.find('/', prefix.size()) != std::string::npos)
    return std::nullopt;
  return path.substr(prefix.size());
}

template <class Entry>
const Entry* find_entry(const std::vector<Entry>& entries, const std::optional<std::string>& id) {
  for (const auto& e : entries)
    if (id && e.common.id == *id)
      return &e;
  return nullptr;
}

}  // namespace

Explorer::Explorer(std::shared_ptr<collector::ObservatoryStore> store,
                   std::shared_ptr<const i18n::Catalogues> catalogues,
                   analysis::VerdictOptions verdict,
                   std::function<std::chrono::system_clock::time_point()> clock,
                   std::shared_ptr<collector::RegisterRoutes> register_routes)
    : store_(std::move(store)),
      catalogues_(std::move(catalogues)),
      verdict_(std::move(verdict)),
      clock_(std::move(clock)),
      register_(std::move(register_routes)) {}

std::optional<net::HttpServerResponse> Explorer::respond(
    const net::HttpServerRequest& request) const {
  if (request.method() != http::verb::get && request.method() != http::verb::head)
    return std::nullopt;
  auto target = boost::urls::parse_origin_form(request.target());
  if (!target)
    return std::nullopt;
  const std::string path = target->path();
  // Every GET outside the collector's own API is a page, so an unknown one gets a page that
  // says so (in the reader's language) rather than the API's JSON error.
  if (path.starts_with("/api/") || path.starts_with("/report") || path == "/health")
    return std::nullopt;

  PageRequest r;
  r.path = path;
  r.now = std::chrono::time_point_cast<std::chrono::seconds>(clock_());
  bool repeated = false;
  std::string repeated_name;
  for (auto p : target->params()) {
    if (!r.params.emplace(std::string(p.key), std::string(p.value)).second) {
      repeated = true;
      repeated_name = p.key;
    }
  }
  std::string accept_language;
  if (auto it = request.find(http::field::accept_language); it != request.end())
    accept_language = std::string(it->value());
  const auto language = i18n::negotiate_language(r.param("lang"), accept_language);
  r.catalogue = &catalogues_->get(language);
  if (repeated)
    return bad_filter(r, core::Error{repeated_name, "given more than once"});

  if (path == "/") {
    auto data = load_home(*store_, r.now);
    if (!data)
      return store_failed(r, data.error());
    return html(http::status::ok, render_home(r, *data));
  }
  if (path == "/search") {
    const std::string q = r.param("q");
    auto hits = search(*store_, q);
    if (!hits)
      return html(http::status::ok, render_search(r, q, {}, hits.error().message()));
    return html(http::status::ok, render_search(r, q, *hits, ""));
  }
  if (auto cc = segment(*target, "/country/")) {
    auto filter = parse_country_filter(*cc, r.params);
    if (!filter)
      return bad_filter(r, filter.error());
    // The read API's own validation of the same filter, so a mistake is named as it would be
    // by /api/v1/aggregation; past it, an error can only be the store's.
    if (auto valid = collector::parse_aggregation_query(api_params(*filter, r.now), r.now); !valid)
      return bad_filter(r, valid.error());
    auto data = load_country(*store_, *filter, r.now);
    if (!data)
      return store_failed(r, data.error());
    std::string register_section;
    if (register_) {
      auto links = register_->order_links(filter->probe_cc);
      if (!links)
        return store_failed(r, links.error());
      register_section = register_country_section(r, filter->probe_cc, *links);
    }
    return html(http::status::ok, render_country(r, *data, register_section));
  }
  if (auto domain = segment(*target, "/domain/")) {
    auto filter = parse_domain_filter(*domain, r.params);
    if (!filter)
      return bad_filter(r, filter.error());
    if (auto valid = collector::parse_aggregation_query(domain_api_params(*filter, r.now), r.now);
        !valid)
      return bad_filter(r, valid.error());
    auto data = load_domain(*store_, *filter, r.now);
    if (!data)
      return store_failed(r, data.error());
    std::string orders_section;
    if (register_) {
      auto published = register_->published_register();
      if (!published)
        return store_failed(r, published.error());
      orders_section = register_domain_section(r, *published, filter->domain);
    }
    return html(http::status::ok, render_domain(r, *data, orders_section));
  }
  if (path == "/orders" || path.starts_with("/order/") || path == "/cases" ||
      path.starts_with("/case/") || path == "/outlets" || path.starts_with("/outlet/")) {
    legal::Register published;
    if (register_) {
      auto loaded = register_->published_register();
      if (!loaded)
        return store_failed(r, loaded.error());
      published = std::move(*loaded);
    }
    return register_page(r, published);
  }
  if (auto uid = segment(*target, "/measurement/")) {
    if (!collector::parse_raw_measurement_query({{"measurement_uid", *uid}})) {
      return problem(r, http::status::not_found, r.t().tr("No such measurement"),
                     r.t().trf("\"{0}\" is not a measurement ID.", {*uid}));
    }
    auto found = store_->find(*uid);
    if (!found)
      return store_failed(r, found.error());
    if (!*found) {
      return problem(r, http::status::not_found, r.t().tr("No such measurement"),
                     r.t().trf("This observatory holds no measurement {0}.", {*uid}));
    }
    return html(http::status::ok, render_measurement(r, **found, verdict_));
  }
  return problem(r, http::status::not_found, r.t().tr("No such page"),
                 r.t().trf("{0} is not a page of this observatory.", {path}));
}

net::HttpServerResponse Explorer::register_page(const PageRequest& r,
                                                const legal::Register& published) const {
  const auto& t = r.t();
  const std::string& path = r.path;
  if (path == "/orders")
    return html(http::status::ok, render_orders(r, published));
  if (path == "/cases")
    return html(http::status::ok, render_cases(r, published));
  if (path == "/outlets")
    return html(http::status::ok, render_outlets(r, published));
  if (path.starts_with("/order/")) {
    auto id = id_after(path, "/order/");
    const legal::Order* order = find_entry(published.orders, id);
    if (!order)
      return problem(r, http::status::not_found, t.tr("No such order"),
                     t.trf("The register has no published order {0}.", {id.value_or("")}));
    const legal::Authority* authority = published.authority(order->authority);
    auto links = register_->order_links(authority ? authority->country : "");
    if (!links)
      return store_failed(r, links.error());
    return html(http::status::ok, render_order(r, published, *order, *links));
  }
  if (path.starts_with("/case/")) {
    auto id = id_after(path, "/case/");
    const legal::LegalCase* found = find_entry(published.cases, id);
    if (!found)
      return problem(r, http::status::not_found, t.tr("No such case"),
                     t.trf("The register has no published case {0}.", {id.value_or("")}));
    return html(http::status::ok, render_case(r, published, *found));
  }
  auto id = id_after(path, "/outlet/");
  const legal::Outlet* outlet = find_entry(published.outlets, id);
  if (!outlet)
    return problem(r, http::status::not_found, t.tr("No such outlet"),
                   t.trf("The register has no published outlet {0}.", {id.value_or("")}));
  auto observations = collector::outlet_observations(*store_, outlet->domains);
  if (!observations)
    return store_failed(r, observations.error());
  return html(http::status::ok,
              render_outlet(r, published, *outlet,
                            legal::outlet_timeline(published, *outlet, *observations)));
}

}  // namespace ashyq::explorer
