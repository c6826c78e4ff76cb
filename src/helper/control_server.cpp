#include "helper/control_server.hpp"

#include <atomic>
#include <boost/json.hpp>

#include "core/json.hpp"
#include "helper/rate_limiter.hpp"
#include "net/url.hpp"

namespace ashyq::helper {

namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using Response = net::HttpServerResponse;

struct ControlServer::State {
  explicit State(ControlServerConfig c)
      : config(std::move(c)),
        limiter(config.rate_per_client, config.burst_per_client),
        cache(config.cache) {}
  ControlServerConfig config;
  RateLimiter limiter;
  ControlCache cache;
  std::atomic<std::size_t> in_flight{0};
};

namespace {

// OONI's helper names itself; probes do not check, but people reading captures do.
Response named(Response res) {
  res.set(http::field::server, std::string("oohelperd/ashyq-") + ASHYQ_VERSION);
  return res;
}

Response answer(http::status status, const json::value& body) {
  return named(net::json_response(status, body));
}

Response refuse(http::status status, const std::string& why) {
  return named(net::json_error(status, why));
}

// Counts a measurement in flight for as long as it lives.
struct InFlight {
  explicit InFlight(std::atomic<std::size_t>& c) : counter(c) { counter.fetch_add(1); }
  ~InFlight() { counter.fetch_sub(1); }
  std::atomic<std::size_t>& counter;
};

asio::awaitable<Response> handle(std::shared_ptr<ControlServer::State> state,
                                 const net::HttpServerRequest& req, net::ClientKey client) {
  if (req.method() == http::verb::get)
    co_return answer(http::status::ok, json::object{{"message", "Hello OONItarian!"}});
  if (req.method() != http::verb::post)
    co_return refuse(http::status::bad_request, "use GET or POST");
  if (!state->limiter.allow(client))
    co_return refuse(http::status::too_many_requests, "rate limit");
  boost::system::error_code ec;
  json::value body = json::parse(req.body(), ec);
  if (ec)
    co_return refuse(http::status::bad_request, "body is not JSON");
  auto parsed = model::parse_th_request(body);
  if (!parsed)
    co_return refuse(http::status::bad_request, parsed.error().message());
  const auto& request = parsed.value();
  auto url = net::parse_url(request.http_request);
  if (!url.ok())
    co_return refuse(http::status::bad_request, "http_request: " + url.error().why);
  // Measures, unless an identical request was answered within the TTL or is being measured.
  auto measure = [&]() -> asio::awaitable<ControlCache::Measured> {
    InFlight counted(state->in_flight);
    if (state->in_flight.load() > state->config.max_in_flight)
      co_return ControlCache::Measured{};
    auto response = co_await measure_control(request, state->config.measurer);
    bool failed = response.dns.failure.has_value() || response.http_request.failure.has_value();
    co_return ControlCache::Measured{
        std::make_shared<const std::string>(core::to_json_text(model::to_json(response))), failed};
  };
  auto found = co_await state->cache.get(control_key(request), measure);
  if (!found.answer)
    co_return refuse(http::status::service_unavailable, "overloaded");
  Response res{http::status::ok, 11};
  res.set(http::field::content_type, "application/json");
  res.set("X-Ashyq-Cache", found.source == ControlCache::Source::hit         ? "hit"
                           : found.source == ControlCache::Source::coalesced ? "coalesced"
                                                                             : "miss");
  res.body() = *found.answer;
  res.prepare_payload();
  co_return named(std::move(res));
}

}  // namespace

ControlServer::ControlServer(asio::io_context& io, tcp::endpoint listen, ControlServerConfig config)
    : state_(std::make_shared<State>(std::move(config))) {
  server_ = std::make_unique<net::HttpServer>(
      io, listen, state_->config.http, nullptr,
      [state = state_](const net::HttpServerRequest& req, const net::ClientKey& client) {
        return handle(state, req, client);
      });
}

ControlServer::~ControlServer() = default;

tcp::endpoint ControlServer::local_endpoint() const {
  return server_->local_endpoint();
}

void ControlServer::start() {
  server_->start();
}

void ControlServer::stop() {
  server_->stop();
}

ControlCache::Stats ControlServer::cache_stats() const {
  return state_->cache.stats();
}

}  // namespace ashyq::helper
