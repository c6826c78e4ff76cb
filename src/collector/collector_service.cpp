#include "collector/collector_service.hpp"

#include <boost/json.hpp>
#include <boost/url.hpp>

#include "collector/measurement_leaf.hpp"
#include "collector/measurement_uid.hpp"
#include "collector/observatory_row.hpp"
#include "collector/read_api.hpp"
#include "collector/report_id.hpp"
#include "collector/submission.hpp"
#include "core/json.hpp"

namespace ashyq::collector {

namespace http = boost::beast::http;
namespace json = boost::json;
using net::HttpServerRequest;
using net::HttpServerResponse;

namespace {

constexpr std::size_t kMaxCheckInBytes = 64 * 1024;

HttpServerResponse bad_request(const core::Error& error) {
  return net::json_error(http::status::bad_request, error.message());
}

HttpServerResponse text_response(std::string body, std::string_view content_type) {
  HttpServerResponse res{http::status::ok, 11};
  res.set(http::field::content_type, content_type);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

// The query string as a map; a parameter given twice is an error naming it.
core::Result<QueryParams> query_params(const std::string& target) {
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed)
    return core::Error{"query", "not a valid request target"};
  QueryParams params;
  for (auto param : parsed->params()) {
    if (!params.emplace(std::string(param.key), std::string(param.value)).second)
      return core::Error{std::string(param.key), "given more than once"};
  }
  return params;
}

SysSeconds to_seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::time_point_cast<std::chrono::seconds>(t);
}

}  // namespace

CollectorService::CollectorService(std::shared_ptr<ObservatoryStore> store, CollectorConfig config,
                                   std::function<std::chrono::system_clock::time_point()> clock)
    : store_(std::move(store)),
      config_(std::move(config)),
      clock_(std::move(clock)),
      lists_(config_.test_lists_dir) {
  if (config_.log)
    log_routes_ = std::make_unique<LogRoutes>(config_.log, config_.witnesses, clock_);
}

std::size_t CollectorService::body_limit() {
  return kMaxSubmissionBytes;
}

boost::asio::awaitable<HttpServerResponse> CollectorService::handle(
    const HttpServerRequest& request, const net::ClientKey& /*client: never kept*/) {
  co_return respond(request);
}

HttpServerResponse CollectorService::respond(const HttpServerRequest& request) {
  const std::string target(request.target());
  const std::string path = target.substr(0, target.find('?'));
  const bool post = request.method() == http::verb::post;
  const bool get = request.method() == http::verb::get || request.method() == http::verb::head;
  if (log_routes_) {
    if (auto answer = log_routes_->respond(request))
      return std::move(*answer);
  }
  if (config_.register_routes) {
    if (auto answer = config_.register_routes->respond(request))
      return std::move(*answer);
  }
  if (path == "/report" && post)
    return open_report(request);
  if (path.starts_with("/report/") && post) {
    std::string_view rest = std::string_view(path).substr(8);
    if (rest.ends_with("/close"))
      return close_report(rest.substr(0, rest.size() - 6));
    if (rest.find('/') == std::string_view::npos)
      return submit(request, rest);
  }
  if (path == "/api/v1/check-in" && post)
    return check_in(request);
  if (path == "/api/v1/test-helpers" && get)
    return net::json_response(http::status::ok, test_helpers_json(config_.helpers));
  if (path.starts_with("/api/v1/") && get)
    return read(path, target);
  if (path == "/health" && get)
    return net::json_response(http::status::ok, json::object{{"service", "ashyq collector"}});
  if (get && config_.pages && !path.starts_with("/api/")) {
    if (auto page = config_.pages(request))
      return std::move(*page);
  }
  if (path == "/" && get)
    return net::json_response(http::status::ok, json::object{{"service", "ashyq collector"}});
  if (path.starts_with("/report") || path.starts_with("/api/v1/"))
    return net::json_error(http::status::method_not_allowed, "method not allowed for " + path);
  return net::json_error(http::status::not_found, "no such path: " + path);
}

HttpServerResponse CollectorService::open_report(const HttpServerRequest& request) {
  auto opened = validate_open_report(request.body());
  if (!opened)
    return bad_request(opened.error());
  auto id = make_report_id(to_seconds(clock_()), opened->test_name, opened->probe_cc,
                           opened->probe_asn, config_.collector_id, random_report_token());
  if (!id)
    return bad_request(id.error());
  return net::json_response(http::status::ok, open_report_answer(*id, ASHYQ_VERSION));
}

HttpServerResponse CollectorService::submit(const HttpServerRequest& request,
                                            std::string_view report_id) {
  auto submission = validate_submission(report_id, request.body());
  if (!submission)
    return bad_request(submission.error());
  RowOptions options;
  options.verdict = &config_.verdict;
  const std::string cc = submission->content.at("probe_cc").as_string().c_str();
  options.category_of = [&](std::string_view input) { return lists_.category_of(cc, input); };
  auto row = make_observatory_row(*submission, options);
  auto leaf = measurement_leaf_record(row, submission->body, to_seconds(clock_()));
  if (!leaf)
    return bad_request(leaf.error());
  auto stored = store_->insert(row, submission->body, *leaf);
  if (!stored) {
    // The store failed, not the probe: it may retry, and nothing half-written stays.
    return net::json_error(http::status::service_unavailable,
                           "not stored: " + stored.error().message());
  }
  return net::json_response(http::status::ok, submission_answer(submission->measurement_uid));
}

HttpServerResponse CollectorService::close_report(std::string_view report_id) {
  if (auto id = parse_report_id(report_id); !id)
    return bad_request(id.error());
  return net::json_response(http::status::ok, json::object{});
}

HttpServerResponse CollectorService::check_in(const HttpServerRequest& request) {
  if (request.body().size() > kMaxCheckInBytes)
    return net::json_error(http::status::payload_too_large, "body: larger than 64 KiB");
  boost::system::error_code ec;
  json::parse_options limits;
  limits.max_depth = 16;
  auto body = json::parse(request.body(), ec, {}, limits);
  if (ec)
    return bad_request(core::Error{"body", "not JSON: " + ec.message()});
  auto parsed = parse_check_in(body);
  if (!parsed)
    return bad_request(parsed.error());
  const auto& r = *parsed;
  const auto now = clock_();
  auto report_id_for = [&](std::string_view test) {
    auto id = make_report_id(to_seconds(now), test, r.probe_cc, r.probe_asn, config_.collector_id,
                             random_report_token());
    return id ? id->text() : std::string();
  };
  return net::json_response(http::status::ok, check_in_answer(r, check_in_urls(r, lists_),
                                                              config_.helpers, report_id_for, now));
}

HttpServerResponse CollectorService::read(std::string_view path, const std::string& target) {
  auto params = query_params(target);
  if (!params)
    return bad_request(params.error());
  const auto now = to_seconds(clock_());
  const auto started = std::chrono::steady_clock::now();
  auto seconds_since = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  auto store_failed = [](const core::Error& e) {
    return net::json_error(http::status::service_unavailable, "store: " + e.message());
  };
  if (path == "/api/v1/measurements") {
    auto query = parse_measurements_query(*params, now);
    if (!query)
      return bad_request(query.error());
    auto page = store_->measurements(*query);
    if (!page)
      return store_failed(page.error());
    return net::json_response(
        http::status::ok,
        measurements_json(*query, *page,
                          PageContext{config_.public_url, *params, seconds_since()}));
  }
  if (path == "/api/v1/measurement_meta" || path == "/api/v1/raw_measurement") {
    std::string uid;
    bool full = false;
    if (path == "/api/v1/measurement_meta") {
      auto meta = parse_measurement_meta_query(*params);
      if (!meta)
        return bad_request(meta.error());
      uid = meta->measurement_uid;
      full = meta->full;
    } else {
      auto raw = parse_raw_measurement_query(*params);
      if (!raw)
        return bad_request(raw.error());
      uid = *raw;
    }
    auto found = store_->find(uid);
    if (!found)
      return store_failed(found.error());
    if (!*found)
      return net::json_error(http::status::not_found, "measurement_uid: not found");
    if (path == "/api/v1/measurement_meta")
      return net::json_response(http::status::ok, measurement_meta_json(**found, full));
    auto raw = raw_measurement_json((*found)->body);
    if (!raw)
      return store_failed(raw.error());
    return net::json_response(http::status::ok, *raw);
  }
  if (path == "/api/v1/aggregation") {
    auto request = parse_aggregation_query(*params, now);
    if (!request)
      return bad_request(request.error());
    auto cells = store_->aggregation(request->query, request->axis_x, request->axis_y);
    if (!cells)
      return store_failed(cells.error());
    if (request->csv)
      return text_response(aggregation_csv(*request, *cells), "text/csv; charset=utf-8");
    return net::json_response(http::status::ok, aggregation_json(*request, *cells));
  }
  return net::json_error(http::status::not_found, "no such path: " + std::string(path));
}

}  // namespace ashyq::collector
