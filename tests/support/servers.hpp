// Local servers for tests, each on its own thread and io_context, listening on 127.0.0.1 with a
// port the kernel picks. A test gives a coroutine that plays one connection (or one datagram)
// however the case needs: answer, stall, reset, send two replies, …
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace ashyq::testing {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using udp = asio::ip::udp;

// Runs an io_context on a background thread until destruction.
class ServerThread {
 public:
  ServerThread();
  ~ServerThread();
  asio::io_context& io() { return io_; }

 private:
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_;
  std::thread thread_;
};

class TcpServer {
 public:
  using Handler = std::function<asio::awaitable<void>(tcp::socket)>;
  explicit TcpServer(Handler handler, const std::string& ip = "127.0.0.1", int backlog = 64);
  ~TcpServer();
  uint16_t port() const { return port_; }
  std::string endpoint() const { return ip_ + ":" + std::to_string(port_); }
  std::string url(const std::string& scheme = "http", const std::string& path = "/") const {
    return scheme + "://" + endpoint() + path;
  }
  // Connections accepted so far.
  int accepted() const { return *accepted_; }

 private:
  ServerThread thread_;
  std::string ip_;
  uint16_t port_ = 0;
  std::shared_ptr<tcp::acceptor> acceptor_;
  std::shared_ptr<int> accepted_ = std::make_shared<int>(0);
};

// Answers each datagram with what `respond` returns: a list of (delay, payload) to send back.
class UdpServer {
 public:
  using Reply = std::pair<std::chrono::milliseconds, std::string>;
  using Responder = std::function<std::vector<Reply>(const std::string& datagram)>;
  explicit UdpServer(Responder respond, const std::string& ip = "127.0.0.1");
  ~UdpServer();
  uint16_t port() const { return port_; }
  std::string endpoint() const { return ip_ + ":" + std::to_string(port_); }

 private:
  ServerThread thread_;
  std::string ip_;
  uint16_t port_ = 0;
  std::shared_ptr<udp::socket> socket_;
};

using TlsServerStream = asio::ssl::stream<tcp::socket>;

// Handler helpers.
asio::awaitable<bool> read_request(tcp::socket& s, http::request<http::string_body>& req);
asio::awaitable<bool> read_request(TlsServerStream& s, http::request<http::string_body>& req);
asio::awaitable<void> write_response(tcp::socket& s, int status, std::string body,
                                     std::vector<std::pair<std::string, std::string>> headers = {});
asio::awaitable<void> write_response(TlsServerStream& s, int status, std::string body,
                                     std::vector<std::pair<std::string, std::string>> headers = {});
// Closes with SO_LINGER 0, so the peer sees a RST.
void reset(tcp::socket& s);
asio::awaitable<void> sleep_for(std::chrono::milliseconds d);

// A handler that serves a fixed page to every request (HTTP).
TcpServer::Handler serve_page(int status, std::string body,
                              std::vector<std::pair<std::string, std::string>> headers = {});
// The same over TLS with the given context.
TcpServer::Handler serve_tls_page(std::shared_ptr<asio::ssl::context> ctx, int status,
                                  std::string body);

}  // namespace ashyq::testing
