#include "helper/control_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include "core/json.hpp"
#include "net/url.hpp"

namespace ashyq::helper {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

struct ControlServer::State {
  State(asio::io_context& io, tcp::endpoint listen, ControlServerConfig c)
      : acceptor(io),
        config(std::move(c)),
        limiter(config.rate_per_client, config.burst_per_client) {
    acceptor.open(listen.protocol());
    acceptor.set_option(tcp::acceptor::reuse_address(true));
    acceptor.bind(listen);
    acceptor.listen(asio::socket_base::max_listen_connections);
  }
  tcp::acceptor acceptor;
  ControlServerConfig config;
  RateLimiter limiter;
  std::atomic<std::size_t> in_flight{0};
};

namespace {

using Response = http::response<http::string_body>;

Response json_response(unsigned version, http::status status, const json::value& body) {
  Response res{status, version};
  res.set(http::field::server, std::string("oohelperd/ashyq-") + ASHYQ_VERSION);
  res.set(http::field::content_type, "application/json");
  res.body() = core::to_json_text(body);
  res.prepare_payload();
  return res;
}

Response error_response(unsigned version, http::status status, const std::string& why) {
  return json_response(version, status, json::object{{"error", why}});
}

// Counts a measurement in flight for as long as it lives.
struct InFlight {
  explicit InFlight(std::atomic<std::size_t>& c) : counter(c) { counter.fetch_add(1); }
  ~InFlight() { counter.fetch_sub(1); }
  std::atomic<std::size_t>& counter;
};

asio::awaitable<Response> handle(std::shared_ptr<ControlServer::State> state,
                                 const http::request<http::string_body>& req, std::string client) {
  unsigned v = req.version();
  if (req.method() == http::verb::get) {
    co_return json_response(v, http::status::ok, json::object{{"message", "Hello OONItarian!"}});
  }
  if (req.method() != http::verb::post) {
    co_return error_response(v, http::status::bad_request, "use GET or POST");
  }
  if (!state->limiter.allow(client)) {
    co_return error_response(v, http::status::too_many_requests, "rate limit");
  }
  boost::system::error_code ec;
  json::value body = json::parse(req.body(), ec);
  if (ec)
    co_return error_response(v, http::status::bad_request, "body is not JSON");
  auto parsed = model::parse_th_request(body);
  if (!parsed)
    co_return error_response(v, http::status::bad_request, parsed.error().message());
  const auto& request = parsed.value();
  auto url = net::parse_url(request.http_request);
  if (!url.ok()) {
    co_return error_response(v, http::status::bad_request, "http_request: " + url.error().why);
  }
  InFlight counted(state->in_flight);
  if (state->in_flight.load() > state->config.max_in_flight) {
    co_return error_response(v, http::status::service_unavailable, "overloaded");
  }
  auto response = co_await measure_control(request, state->config.measurer);
  co_return json_response(v, http::status::ok, model::to_json(response));
}

asio::awaitable<void> serve_connection(std::shared_ptr<ControlServer::State> state,
                                       tcp::socket socket) {
  boost::system::error_code ec;
  auto peer = socket.remote_endpoint(ec);
  std::string client = ec ? "?" : peer.address().to_string();
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(16 * 1024);
    parser.body_limit(1 << 20);
    stream.expires_after(std::chrono::seconds(30));
    auto [rec, n] = co_await http::async_read(stream, buffer, parser, kTuple);
    if (rec == http::error::body_limit || rec == http::error::header_limit) {
      auto res = error_response(11, http::status::payload_too_large, "request too large");
      res.keep_alive(false);
      co_await http::async_write(stream, res, kTuple);
      break;
    }
    if (rec)
      break;  // closed, timed out or malformed: nothing more to say
    auto req = parser.release();
    stream.expires_never();
    Response res = co_await handle(state, req, client);
    res.keep_alive(req.keep_alive());
    stream.expires_after(std::chrono::seconds(30));
    auto [wec, wn] = co_await http::async_write(stream, res, kTuple);
    if (wec || !res.keep_alive())
      break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

asio::awaitable<void> accept_loop(std::shared_ptr<ControlServer::State> state) {
  for (;;) {
    auto [ec, socket] = co_await state->acceptor.async_accept(
        asio::make_strand(state->acceptor.get_executor()), kTuple);
    if (ec == asio::error::operation_aborted || !state->acceptor.is_open())
      co_return;
    if (ec)
      continue;  // e.g. EMFILE: keep serving the connections we have
    auto executor = socket.get_executor();
    asio::co_spawn(executor, serve_connection(state, std::move(socket)), asio::detached);
  }
}

}  // namespace

ControlServer::ControlServer(asio::io_context& io, tcp::endpoint listen, ControlServerConfig config)
    : state_(std::make_shared<State>(io, listen, std::move(config))) {}

tcp::endpoint ControlServer::local_endpoint() const {
  return state_->acceptor.local_endpoint();
}

void ControlServer::start() {
  asio::co_spawn(state_->acceptor.get_executor(), accept_loop(state_), asio::detached);
}

void ControlServer::stop() {
  asio::post(state_->acceptor.get_executor(), [state = state_] {
    boost::system::error_code ec;
    state->acceptor.close(ec);
  });
}

}  // namespace ashyq::helper
