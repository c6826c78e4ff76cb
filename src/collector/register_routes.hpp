// The register over HTTP, beside the collector's API (docs/register.md):
//   GET  /api/v1/register                          the published register (what the public sees)
//   GET  /api/v1/register/editors                  the whole register        (editor or admin)
//   GET  /api/v1/register/links?probe_cc=KZ        the published orders beside the country's
//                                                  measurements (register/order_links.hpp)
//   POST /api/v1/register                          a register file's JSON, applied all or nothing
//                                                  and audited as the token's holder (editor,
//                                                  admin)
//   POST /api/v1/register/tokens                   {"role": "editor"|"admin", "name": …}: a new
//                                                  token, its secret in this answer only (admin)
//   POST /api/v1/register/tokens/<id>/revoke       (admin)
// A token comes as "Authorization: Bearer <secret>". No token, an unknown or a revoked one: 401
// (with WWW-Authenticate); a valid token without the role: 403; a bad body: 400 naming the field.
// The register's writes run one at a time (a mutex), each its own SQLite transaction.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "collector/observatory_store.hpp"
#include "core/result.hpp"
#include "net/http_server.hpp"
#include "register/editor_tokens.hpp"
#include "register/order_links.hpp"
#include "register/register_store.hpp"

namespace ashyq::collector {

class RegisterRoutes {
 public:
  // Opens the register kept beside `observatory`'s log (its log database).
  static core::Result<std::unique_ptr<RegisterRoutes>> open(
      std::shared_ptr<ObservatoryStore> observatory,
      std::function<std::chrono::system_clock::time_point()> clock);

  // The answer when `request` is for one of the routes above; nullopt otherwise.
  std::optional<net::HttpServerResponse> respond(const net::HttpServerRequest& request);

  // For the explorer's pages: the published register, and its orders beside the measurements of
  // `country` (what GET /api/v1/register and /links answer).
  core::Result<legal::Register> published_register();
  core::Result<legal::OrderLinks> order_links(const std::string& country);

 private:
  RegisterRoutes(std::shared_ptr<ObservatoryStore> observatory,
                 std::unique_ptr<legal::RegisterStore> store,
                 std::unique_ptr<legal::EditorTokens> tokens,
                 std::function<std::chrono::system_clock::time_point()> clock);
  // The token's holder with at least `role`, or the 401/403 to answer.
  std::variant<legal::EditorToken, net::HttpServerResponse> holder(
      const net::HttpServerRequest& request, legal::EditorRole role);
  std::string now() const;

  net::HttpServerResponse links(const std::string& target);
  core::Result<legal::OrderLinks> links_locked(const legal::Register& published,
                                               const std::string& country);

  std::mutex mutex_;
  std::shared_ptr<ObservatoryStore> observatory_;
  std::unique_ptr<legal::RegisterStore> store_;
  std::unique_ptr<legal::EditorTokens> tokens_;
  std::function<std::chrono::system_clock::time_point()> clock_;
};

}  // namespace ashyq::collector
