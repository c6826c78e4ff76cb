// The explorer: the observatory's public web pages, served by `ashyq collector` from the same
// process and store as the API (docs/explorer.md).
//   /                     countries with measurements in the last 30 days
//   /country/{CC}         one country (country_page.hpp)
//   /domain/{domain}      one domain (domain_page.hpp)
//   /measurement/{uid}    one measurement (measurement_page.hpp)
//   /search?q=            domains, AS numbers, measurement IDs
//   /orders, /order/{id}  the register's published blocking orders (register_pages.hpp), and a
//                         section of /country/{CC} setting them beside the measurements
//   /cases, /case/{id}    the register's published prosecutions (case_pages.hpp)
//   /outlets, /outlet/{id} its outlets, each with its timeline (outlet_page.hpp)
// The language is ?lang= (en, ru, kk), else the browser's Accept-Language, else English. A bad
// filter is a 400 page naming the parameter; an unknown page or measurement a 404 page; a store
// failure a 503 page. Every answer is text/html; charset=utf-8 with a Content-Security-Policy
// that allows nothing but inline style and same-origin links.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include "analysis/verdict.hpp"
#include "collector/observatory_store.hpp"
#include "collector/register_routes.hpp"
#include "explorer/page.hpp"
#include "i18n/catalogues.hpp"
#include "net/http_server.hpp"
#include "register/records.hpp"

namespace ashyq::explorer {

class Explorer {
 public:
  // `verdict`: the collector's analysis options (the files it points to must outlive the
  // explorer).
  // `register_routes`: the collector's register (null: the register's pages show none).
  Explorer(
      std::shared_ptr<collector::ObservatoryStore> store,
      std::shared_ptr<const i18n::Catalogues> catalogues, analysis::VerdictOptions verdict,
      std::function<std::chrono::system_clock::time_point()> clock = std::chrono::system_clock::now,
      std::shared_ptr<collector::RegisterRoutes> register_routes = nullptr);

  // The page for a GET (or HEAD) outside the collector's API (/api/…, /report…, /health): an
  // explorer page, or a "no such page" 404 in the reader's language; nullopt for the API's
  // paths and for other methods (the collector's own routes answer those).
  std::optional<net::HttpServerResponse> respond(const net::HttpServerRequest& request) const;

 private:
  // /orders, /order/{id}, /cases, /case/{id}, /outlets, /outlet/{id} (`r.path`).
  net::HttpServerResponse register_page(const PageRequest& r,
                                        const legal::Register& published) const;

  std::shared_ptr<collector::ObservatoryStore> store_;
  std::shared_ptr<const i18n::Catalogues> catalogues_;
  analysis::VerdictOptions verdict_;
  std::function<std::chrono::system_clock::time_point()> clock_;
  std::shared_ptr<collector::RegisterRoutes> register_;
};

}  // namespace ashyq::explorer
