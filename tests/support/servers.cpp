#include "support/servers.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <future>

namespace ashyq::testing {

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

ServerThread::ServerThread() : guard_(io_.get_executor()), thread_([this] { io_.run(); }) {}

ServerThread::~ServerThread() {
  guard_.reset();
  io_.stop();
  thread_.join();
}

namespace {

template <typename F>
void run_on(asio::io_context& io, F&& f) {
  std::promise<void> done;
  asio::post(io, [&] {
    f();
    done.set_value();
  });
  done.get_future().get();
}

}  // namespace

TcpServer::TcpServer(Handler handler, const std::string& ip, int backlog) : ip_(ip) {
  acceptor_ = std::make_shared<tcp::acceptor>(thread_.io());
  tcp::endpoint ep(asio::ip::make_address(ip), 0);
  acceptor_->open(ep.protocol());
  acceptor_->set_option(tcp::acceptor::reuse_address(true));
  acceptor_->bind(ep);
  acceptor_->listen(backlog);
  port_ = acceptor_->local_endpoint().port();
  auto acceptor = acceptor_;
  auto accepted = accepted_;
  // Each connection's coroutine holds the handler: a handler that is a capturing coroutine
  // lambda reads its captures from the handler object, which must outlive the accept loop
  // (closed by the destructor while a dripping connection still runs: ASan, CI 2026-12-07).
  auto shared = std::make_shared<const Handler>(std::move(handler));
  asio::co_spawn(
      thread_.io(),
      [acceptor, accepted, shared]() -> asio::awaitable<void> {
        for (;;) {
          auto [ec, socket] = co_await acceptor->async_accept(kTuple);
          if (ec)
            co_return;
          ++*accepted;
          auto connection = std::make_shared<tcp::socket>(std::move(socket));
          asio::co_spawn(
              acceptor->get_executor(),
              [shared, connection]() { return (*shared)(std::move(*connection)); }, asio::detached);
        }
      },
      asio::detached);
}

TcpServer::~TcpServer() {
  run_on(thread_.io(), [&] { acceptor_->close(); });
}

UdpServer::UdpServer(Responder respond, const std::string& ip) : ip_(ip) {
  socket_ =
      std::make_shared<udp::socket>(thread_.io(), udp::endpoint(asio::ip::make_address(ip), 0));
  port_ = socket_->local_endpoint().port();
  auto socket = socket_;
  asio::co_spawn(
      thread_.io(),
      [socket, respond]() -> asio::awaitable<void> {
        std::string buffer(4096, '\0');
        for (;;) {
          udp::endpoint peer;
          auto [ec, n] = co_await socket->async_receive_from(asio::buffer(buffer), peer, kTuple);
          if (ec == asio::error::operation_aborted || !socket->is_open())
            co_return;
          if (ec)
            continue;
          auto replies = respond(buffer.substr(0, n));
          asio::co_spawn(
              socket->get_executor(),
              [socket, peer, replies]() -> asio::awaitable<void> {
                for (const auto& [delay, payload] : replies) {
                  if (delay.count() > 0)
                    co_await sleep_for(delay);
                  co_await socket->async_send_to(asio::buffer(payload), peer, kTuple);
                }
              },
              asio::detached);
        }
      },
      asio::detached);
}

UdpServer::~UdpServer() {
  run_on(thread_.io(), [&] { socket_->close(); });
}

namespace {

template <typename Stream>
asio::awaitable<bool> read_request_impl(Stream& s, http::request<http::string_body>& req) {
  boost::beast::flat_buffer buffer;
  auto [ec, n] = co_await http::async_read(s, buffer, req, kTuple);
  co_return !ec;
}

template <typename Stream>
asio::awaitable<void> write_response_impl(
    Stream& s, int status, std::string body,
    std::vector<std::pair<std::string, std::string>> headers) {
  http::response<http::string_body> res{static_cast<http::status>(status), 11};
  res.set(http::field::server, "ashyq-test");
  for (const auto& [k, v] : headers)
    res.set(k, v);
  res.body() = std::move(body);
  res.prepare_payload();
  co_await http::async_write(s, res, kTuple);
}

}  // namespace

asio::awaitable<bool> read_request(tcp::socket& s, http::request<http::string_body>& req) {
  return read_request_impl(s, req);
}
asio::awaitable<bool> read_request(TlsServerStream& s, http::request<http::string_body>& req) {
  return read_request_impl(s, req);
}
asio::awaitable<void> write_response(tcp::socket& s, int status, std::string body,
                                     std::vector<std::pair<std::string, std::string>> headers) {
  return write_response_impl(s, status, std::move(body), std::move(headers));
}
asio::awaitable<void> write_response(TlsServerStream& s, int status, std::string body,
                                     std::vector<std::pair<std::string, std::string>> headers) {
  return write_response_impl(s, status, std::move(body), std::move(headers));
}

void reset(tcp::socket& s) {
  boost::system::error_code ec;
  s.set_option(asio::socket_base::linger(true, 0), ec);
  s.close(ec);
}

asio::awaitable<void> sleep_for(std::chrono::milliseconds d) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  co_await timer.async_wait(kTuple);
}

TcpServer::Handler serve_page(int status, std::string body,
                              std::vector<std::pair<std::string, std::string>> headers) {
  return [=](tcp::socket s) -> asio::awaitable<void> {
    http::request<http::string_body> req;
    while (co_await read_request(s, req)) {
      co_await write_response(s, status, body, headers);
      req = {};
    }
  };
}

TcpServer::Handler serve_tls_page(std::shared_ptr<asio::ssl::context> ctx, int status,
                                  std::string body) {
  return [=](tcp::socket s) -> asio::awaitable<void> {
    TlsServerStream tls(std::move(s), *ctx);
    auto [ec] = co_await tls.async_handshake(asio::ssl::stream_base::server, kTuple);
    if (ec)
      co_return;
    http::request<http::string_body> req;
    if (co_await read_request(tls, req))
      co_await write_response(tls, status, body);
    co_await tls.async_shutdown(kTuple);
  };
}

}  // namespace ashyq::testing
