// The collector's HTTP routes, as one handler on net::HttpServer:
//   OONI's probe services   POST /report, POST /report/{id}, POST /report/{id}/close,
//                           POST /api/v1/check-in, GET /api/v1/test-helpers
//   OONI's read API         GET /api/v1/measurements, /api/v1/measurement_meta,
//                           /api/v1/raw_measurement, /api/v1/aggregation
//   the transparency log    GET /checkpoint, /tile/…, /api/v1/log/…, POST /api/v1/log/cosignature
//   the register            GET, POST /api/v1/register…, editors' tokens (register_routes.hpp)
//   health                  GET /health (and GET / when no pages are configured)
//   pages                   any other GET the `pages` handler answers (the explorer, which
//                           lives in a module above this one and is given by the CLI)
// Every refusal is a 4xx with {"error": "<field>: <why>"}; nothing is stored then. A submission
// is answered 200 only once the store has committed it. The handler never sees the client's
// address (the server gives it a ClientKey, which the collector does not use or keep).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/verdict.hpp"
#include "collector/check_in.hpp"
#include "collector/log_routes.hpp"
#include "collector/observatory_store.hpp"
#include "collector/register_routes.hpp"
#include "net/http_server.hpp"

namespace ashyq::collector {

struct CollectorConfig {
  std::uint64_t collector_id = 1;    // the n{N} part of the report ids it makes
  std::vector<std::string> helpers;  // the deployment's test helpers, given at check-in
  std::string test_lists_dir;        // Citizen Lab lists: global.csv and {cc}.csv
  std::string public_url;            // "https://collector.example": next_url, measurement_url
  // Bogons, fingerprints, ASN table for the analysis of every accepted measurement.
  analysis::VerdictOptions verdict;
  // The transparency log held in the store's local SQLite file, served by log_routes.hpp; null:
  // no log routes (the store still appends every leaf).
  std::shared_ptr<tlog::SqliteLog> log;
  std::vector<tlog::NoteVerifier> witnesses;  // whose cosignatures the log accepts
  // The register's routes (register_routes.hpp); null: none.
  std::shared_ptr<RegisterRoutes> register_routes;
  // Web pages served beside the API (the explorer): asked for every GET the routes above do not
  // answer; nullopt means "not mine". Empty: no pages, and GET / answers the health JSON.
  std::function<std::optional<net::HttpServerResponse>(const net::HttpServerRequest&)> pages;
};

class CollectorService {
 public:
  CollectorService(std::shared_ptr<ObservatoryStore> store, CollectorConfig config,
                   std::function<std::chrono::system_clock::time_point()> clock =
                       std::chrono::system_clock::now);

  // The handler for net::HttpServer; runs the store's calls on the calling thread.
  boost::asio::awaitable<net::HttpServerResponse> handle(const net::HttpServerRequest& request,
                                                         const net::ClientKey& client);
  // The same without a coroutine (tests, benches).
  net::HttpServerResponse respond(const net::HttpServerRequest& request);

  // The body cap the server must enforce for this handler (a submission's).
  static std::size_t body_limit();

 private:
  net::HttpServerResponse open_report(const net::HttpServerRequest& request);
  net::HttpServerResponse submit(const net::HttpServerRequest& request, std::string_view report_id);
  net::HttpServerResponse close_report(std::string_view report_id);
  net::HttpServerResponse check_in(const net::HttpServerRequest& request);
  net::HttpServerResponse read(std::string_view path, const std::string& target);

  std::shared_ptr<ObservatoryStore> store_;
  CollectorConfig config_;
  std::function<std::chrono::system_clock::time_point()> clock_;
  TestListCatalog lists_;
  std::unique_ptr<LogRoutes> log_routes_;
};

}  // namespace ashyq::collector
