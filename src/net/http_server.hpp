// The one HTTP/1.1 server of ashyq (the test helper, the collector): an acceptor, a coroutine per
// connection on its own strand, plain HTTP or HTTPS, keep-alive, and the limits every server
// needs — a header cap, a body cap, one deadline to read a whole request (idle keep-alive
// included), one to write an answer, a cap on open connections (those still waiting for a request
// give way to new ones) and a cap per client. The application is a handler: a request in, a
// response out.
//
// Privacy: the handler is never told the client's IP address. It gets a ClientKey, an opaque
// 64-bit keyed hash of the address (HMAC-SHA-256 under a key drawn at random once per process
// and never written anywhere), good for rate limiting and nothing else: it cannot be turned back
// into the address, and the same address gets a different key in the next process. The layer
// itself logs nothing.
//
// What the server answers on its own, always as JSON `{"error": "..."}` followed by a close:
// 413 when the headers or the body are over their cap (Content-Length is checked before the body
// is read), 400 when the request cannot be parsed, 500 when the handler throws. A client that
// sends nothing, or half a request, is disconnected at the read deadline without an answer.
//
// Thread safety: start() and stop() may be called from any thread; the handler runs on the
// io_context's threads, concurrently for different connections (one at a time per connection).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/result.hpp"

namespace ashyq::net {

using HttpServerRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpServerResponse = boost::beast::http::response<boost::beast::http::string_body>;

// Who is asking, without saying who: a keyed hash of the client's address (an IPv4 address, or
// the /64 network of an IPv6 address, since one subscriber holds a whole /64). Equal for two
// connections from the same address within one process, unrelated across processes.
// It is a pseudonym: do not store it next to what a client submitted (that would link the
// submissions of one address); keep it in memory for rate limiting only.
struct ClientKey {
  std::uint64_t value = 0;
  std::string str() const;  // 16 lowercase hex digits
  friend bool operator==(const ClientKey&, const ClientKey&) = default;
};

struct ClientKeyHash {
  std::size_t operator()(const ClientKey& key) const noexcept {
    return static_cast<std::size_t>(key.value);
  }
};

// The key of an address in this process. Exposed for tests and for callers that accept
// connections themselves; a handler gets its ClientKey from the server.
ClientKey client_key_of(const boost::asio::ip::address& address);

struct HttpServerLimits {
  std::size_t header_limit = 16 * 1024;  // bytes of request line and headers
  std::size_t body_limit = 1 << 20;      // bytes of body (after chunked decoding)
  // To read one whole request, the idle time before it included; also the TLS handshake's.
  std::chrono::milliseconds read_timeout{30000};
  std::chrono::milliseconds write_timeout{30000};  // to write one answer
  // Beyond max_connections a new connection takes the place of the connection that has waited
  // longest for a whole request (an idle keep-alive, a client that connected and said nothing,
  // one that drips its request or its TLS handshake); when every connection is busy (its
  // handler runs or its answer is being written) the new one is closed at once.
  std::size_t max_connections = 1000;
  // Connections open at once from one client (ClientKey): beyond, closed at once. Bounds what
  // one address can hold with slow or idle connections; high enough for many probes behind one
  // carrier-grade NAT address, each with a few connections.
  std::size_t max_connections_per_client = 128;
};

// Runs on the connection's strand. The request lives until the returned awaitable completes.
// The server sets the answer's version and keep-alive from the request (an answer with
// `Connection: close` ends the connection) and its Content-Length when the handler did not.
// The handler bounds its own time: no deadline runs while it works.
using HttpHandler = std::function<boost::asio::awaitable<HttpServerResponse>(
    const HttpServerRequest& request, const ClientKey& client)>;

class HttpServer {
 public:
  // Opens, binds and listens on `listen` (port 0: the kernel picks one). `tls`, when not null,
  // makes every connection HTTPS with that context (see load_tls_server_context).
  // Throws boost::system::system_error when the address cannot be bound; open() is the same
  // without exceptions.
  HttpServer(boost::asio::io_context& io, boost::asio::ip::tcp::endpoint listen,
             HttpServerLimits limits, std::shared_ptr<boost::asio::ssl::context> tls,
             HttpHandler handler);
  // Stops accepting, as stop(); the io_context must still exist.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The same, the error naming the endpoint ("127.0.0.1:80: Permission denied").
  static core::Result<std::unique_ptr<HttpServer>> open(
      boost::asio::io_context& io, boost::asio::ip::tcp::endpoint listen, HttpServerLimits limits,
      std::shared_ptr<boost::asio::ssl::context> tls, HttpHandler handler);

  // The address actually bound.
  boost::asio::ip::tcp::endpoint local_endpoint() const;
  // Starts accepting on the io_context's threads.
  void start();
  // Stops accepting. Connections under way close after their current answer, or at their read
  // deadline when idle; the io_context's owner may also just stop it.
  void stop();

  struct State;  // implementation detail, shared with the connection coroutines

 private:
  std::shared_ptr<State> state_;
};

// A TLS server context from a PEM certificate chain (leaf first) and a PEM private key: TLS 1.2
// or later, ALPN `http/1.1`. The error's `where` is the file that could not be used.
core::Result<std::shared_ptr<boost::asio::ssl::context>> load_tls_server_context(
    const std::string& cert_chain_file, const std::string& private_key_file);

// `body` as the answer, written with core::to_json_text, `Content-Type: application/json`.
HttpServerResponse json_response(boost::beast::http::status status, const boost::json::value& body);
// `{"error": why}` with `status`.
HttpServerResponse json_error(boost::beast::http::status status, const std::string& why);

// Runs `io` on `threads` threads, this one included, until it stops (a server's main loop).
void run_on_threads(boost::asio::io_context& io, unsigned threads);

}  // namespace ashyq::net
