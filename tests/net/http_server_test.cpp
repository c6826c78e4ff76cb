// The HTTP server layer over loopback: keep-alive, HTTPS, its own answers (413, 400, 500), the
// read deadline, the connection cap, and the ClientKey that stands in for the client's address.
#include "net/http_server.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "support/servers.hpp"
#include "support/test_ca.hpp"

namespace ashyq::net {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// An HttpServer on its own thread, listening on 127.0.0.1 with a port the kernel picks.
class Served {
 public:
  Served(HttpServerLimits limits, HttpHandler handler,
         std::shared_ptr<ssl::context> tls = nullptr) {
    server_ = std::make_unique<HttpServer>(thread_.io(),
                                           tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0),
                                           limits, std::move(tls), std::move(handler));
    server_->start();
  }
  ~Served() { server_->stop(); }
  uint16_t port() const { return server_->local_endpoint().port(); }

 private:
  testing::ServerThread thread_;
  std::unique_ptr<HttpServer> server_;
};

// One client connection from `from` (a 127.0.0.x address), every wait bounded by `timeout`.
template <class Stream>
class BasicClient {
 public:
  BasicClient(uint16_t port, const std::string& from = "127.0.0.1") requires
      std::is_same_v<Stream, beast::tcp_stream> : stream_(io_) {
    connect(stream_, port, from);
  }
  BasicClient(uint16_t port, ssl::context& ctx) requires(!std::is_same_v<Stream, beast::tcp_stream>)
      : stream_(io_, ctx) {
    connect(beast::get_lowest_layer(stream_), port, "127.0.0.1");
    stream_.set_verify_mode(ssl::verify_peer);
    stream_.set_verify_callback(ssl::host_name_verification("127.0.0.1"));
    beast::get_lowest_layer(stream_).expires_after(5s);
    stream_.handshake(ssl::stream_base::client);
  }

  // Sends raw bytes (a request, or half of one).
  void send(const std::string& bytes) {
    beast::get_lowest_layer(stream_).expires_after(5s);
    boost::system::error_code ec;
    asio::write(stream_, asio::buffer(bytes), ec);
    ASSERT_FALSE(ec) << ec.message();
  }

  void send(http::request<http::string_body> req) {
    req.prepare_payload();
    beast::get_lowest_layer(stream_).expires_after(5s);
    http::write(stream_, req);
  }

  // The next response, or the error that ended the connection instead.
  struct Read {
    boost::system::error_code ec;
    http::response<http::string_body> response;
  };
  Read read(std::chrono::milliseconds timeout = 5000ms) {
    Read out;
    auto& tcp_layer = beast::get_lowest_layer(stream_);
    tcp_layer.expires_after(timeout);
    http::async_read(stream_, buffer_, out.response,
                     [&](boost::system::error_code ec, std::size_t) { out.ec = ec; });
    io_.restart();
    io_.run();
    return out;
  }

 private:
  static void connect(beast::tcp_stream& tcp_layer, uint16_t port, const std::string& from) {
    auto& socket = tcp_layer.socket();
    socket.open(tcp::v4());
    socket.bind(tcp::endpoint(asio::ip::make_address(from), 0));
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }

  asio::io_context io_;
  Stream stream_;
  beast::flat_buffer buffer_;
};
using Client = BasicClient<beast::tcp_stream>;
using TlsClient = BasicClient<beast::ssl_stream<beast::tcp_stream>>;

http::request<http::string_body> post(const std::string& target, const std::string& body) {
  http::request<http::string_body> req{http::verb::post, target, 11};
  req.set(http::field::host, "127.0.0.1");
  req.body() = body;
  return req;
}

// Answers {"target": …, "body": …, "n": requests so far}.
struct EchoHandler {
  std::atomic<int> calls{0};
  HttpHandler handler() {
    return [this](const HttpServerRequest& req,
                  const ClientKey&) -> asio::awaitable<HttpServerResponse> {
      int n = ++calls;
      co_return json_response(
          http::status::ok,
          json::object{{"target", std::string(req.target())}, {"body", req.body()}, {"n", n}});
    };
  }
};

TEST(HttpServer, AnswersTwoRequestsOnOneConnection) {
  EchoHandler echo;
  Served served(HttpServerLimits{}, echo.handler());
  Client client(served.port());
  client.send(post("/one", "first"));
  auto a = client.read();
  ASSERT_FALSE(a.ec) << a.ec.message();
  EXPECT_EQ(a.response.result_int(), 200u);
  EXPECT_EQ(a.response[http::field::content_type], "application/json");
  EXPECT_TRUE(a.response.keep_alive());
  EXPECT_EQ(json::parse(a.response.body()),
            json::parse(R"({"target": "/one", "body": "first", "n": 1})"));
  client.send(post("/two", "second"));  // the same connection
  auto b = client.read();
  ASSERT_FALSE(b.ec) << b.ec.message();
  EXPECT_EQ(json::parse(b.response.body()),
            json::parse(R"({"target": "/two", "body": "second", "n": 2})"));
}

TEST(HttpServer, ClosesWhenTheClientAsksTo) {
  EchoHandler echo;
  Served served(HttpServerLimits{}, echo.handler());
  Client client(served.port());
  auto req = post("/", "x");
  req.keep_alive(false);
  client.send(req);
  auto a = client.read();
  ASSERT_FALSE(a.ec) << a.ec.message();
  EXPECT_FALSE(a.response.keep_alive());
  EXPECT_EQ(client.read().ec, http::error::end_of_stream);
}

TEST(HttpServer, SaysContinueBeforeTheBody) {
  EchoHandler echo;
  Served served(HttpServerLimits{}, echo.handler());
  Client client(served.port());
  client.send("POST /up HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
  auto interim = client.read(2000ms);
  ASSERT_FALSE(interim.ec) << interim.ec.message();
  EXPECT_EQ(interim.response.result_int(), 100u);
  client.send("hello");
  auto final_answer = client.read();
  ASSERT_FALSE(final_answer.ec) << final_answer.ec.message();
  EXPECT_EQ(json::parse(final_answer.response.body()).at("body"), "hello");
}

// Writes `text` to a temporary file, removed with the object.
struct TempFile {
  explicit TempFile(const std::string& text) {
    char name[] = "/tmp/ashyq-http-server-test-XXXXXX";
    int fd = mkstemp(name);
    EXPECT_GE(fd, 0);
    close(fd);
    path = name;
    std::ofstream(path) << text;
  }
  ~TempFile() { std::remove(path.c_str()); }
  std::string path;
};

TEST(HttpServer, SpeaksHttpsWithACertificateFromFiles) {
  testing::TestCa ca;
  auto leaf = ca.issue({"127.0.0.1"});
  TempFile cert(leaf.cert_pem), key(leaf.key_pem);
  auto tls = load_tls_server_context(cert.path, key.path);
  ASSERT_TRUE(tls.ok()) << tls.error().message();
  EchoHandler echo;
  Served served(HttpServerLimits{}, echo.handler(), tls.value());

  ssl::context client_ctx(ssl::context::tls_client);
  client_ctx.load_verify_file(ca.root_file());
  TlsClient client(served.port(), client_ctx);
  client.send(post("/s", "over tls"));
  auto a = client.read();
  ASSERT_FALSE(a.ec) << a.ec.message();
  EXPECT_EQ(json::parse(a.response.body()).at("body"), "over tls");
  client.send(post("/s", "again"));
  auto b = client.read();
  ASSERT_FALSE(b.ec) << b.ec.message();
  EXPECT_EQ(json::parse(b.response.body()).at("n"), 2);

  // Plain HTTP to the HTTPS port is not answered as HTTP.
  Client plain(served.port());
  plain.send(post("/", "x"));
  EXPECT_TRUE(plain.read(3000ms).ec);
  EXPECT_EQ(echo.calls.load(), 2);
}

TEST(HttpServer, TlsLoadErrorsNameTheFile) {
  testing::TestCa ca;
  auto leaf = ca.issue({"127.0.0.1"});
  auto other = ca.issue({"127.0.0.1"});
  TempFile cert(leaf.cert_pem), key(leaf.key_pem), other_key(other.key_pem), junk("not pem\n");

  auto missing = load_tls_server_context("/nonexistent/cert.pem", key.path);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().where, "/nonexistent/cert.pem");

  auto bad_cert = load_tls_server_context(junk.path, key.path);
  ASSERT_FALSE(bad_cert.ok());
  EXPECT_EQ(bad_cert.error().where, junk.path);

  auto bad_key = load_tls_server_context(cert.path, junk.path);
  ASSERT_FALSE(bad_key.ok());
  EXPECT_EQ(bad_key.error().where, junk.path);

  auto mismatch = load_tls_server_context(cert.path, other_key.path);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.error().where, other_key.path);
}

TEST(HttpServer, BodyOverTheLimitIs413AndClose) {
  EchoHandler echo;
  HttpServerLimits limits;
  limits.body_limit = 1024;
  Served served(limits, echo.handler());
  {
    Client client(served.port());
    client.send(post("/", std::string(4096, 'x')));
    auto a = client.read();
    ASSERT_FALSE(a.ec) << a.ec.message();
    EXPECT_EQ(a.response.result_int(), 413u);
    EXPECT_EQ(a.response[http::field::connection], "close");
    EXPECT_EQ(json::parse(a.response.body()), json::parse(R"({"error": "request too large"})"));
    EXPECT_EQ(client.read().ec, http::error::end_of_stream);
  }
  {
    // Chunked: the limit holds after decoding, too.
    Client client(served.port());
    std::string chunked =
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        "400\r\n" +
        std::string(1024, 'y') + "\r\n10\r\n" + std::string(16, 'z') + "\r\n0\r\n\r\n";
    client.send(chunked);
    auto a = client.read();
    ASSERT_FALSE(a.ec) << a.ec.message();
    EXPECT_EQ(a.response.result_int(), 413u);
  }
  {
    // A body exactly at the limit is served.
    Client client(served.port());
    client.send(post("/", std::string(1024, 'x')));
    EXPECT_EQ(client.read().response.result_int(), 200u);
  }
  EXPECT_EQ(echo.calls.load(), 1);
}

TEST(HttpServer, HeadersOverTheLimitAre413) {
  EchoHandler echo;
  HttpServerLimits limits;
  limits.header_limit = 1024;
  Served served(limits, echo.handler());
  Client client(served.port());
  auto req = post("/", "");
  req.set("X-Filler", std::string(2048, 'h'));
  client.send(req);
  auto a = client.read();
  ASSERT_FALSE(a.ec) << a.ec.message();
  EXPECT_EQ(a.response.result_int(), 413u);
  EXPECT_FALSE(a.response.keep_alive());
  EXPECT_EQ(echo.calls.load(), 0);
}

TEST(HttpServer, MalformedRequestIs400AndClose) {
  EchoHandler echo;
  Served served(HttpServerLimits{}, echo.handler());
  Client client(served.port());
  client.send("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: banana\r\n\r\n");
  auto a = client.read();
  ASSERT_FALSE(a.ec) << a.ec.message();
  EXPECT_EQ(a.response.result_int(), 400u);
  EXPECT_TRUE(json::parse(a.response.body()).as_object().contains("error"));
  EXPECT_EQ(client.read().ec, http::error::end_of_stream);
  EXPECT_EQ(echo.calls.load(), 0);
}

TEST(HttpServer, HalfARequestIsCutAtTheReadDeadline) {
  EchoHandler echo;
  HttpServerLimits limits;
  limits.read_timeout = 300ms;
  Served served(limits, echo.handler());
  Client half(served.port());
  Client idle(served.port());
  auto t0 = Clock::now();
  half.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
  auto a = half.read(5000ms);
  auto elapsed = Clock::now() - t0;
  EXPECT_EQ(a.ec, http::error::end_of_stream);  // closed by the server, no answer
  EXPECT_GE(elapsed, 250ms);
  EXPECT_LT(elapsed, 3000ms);
  auto b = idle.read(5000ms);  // sent nothing at all
  EXPECT_EQ(b.ec, http::error::end_of_stream);
  EXPECT_LT(Clock::now() - t0, 3000ms);
  EXPECT_EQ(echo.calls.load(), 0);
}

TEST(HttpServer, TheDeadlineRunsAgainBetweenRequests) {
  EchoHandler echo;
  HttpServerLimits limits;
  limits.read_timeout = 300ms;
  Served served(limits, echo.handler());
  Client client(served.port());
  client.send(post("/", "x"));
  EXPECT_EQ(client.read().response.result_int(), 200u);
  auto t0 = Clock::now();
  EXPECT_EQ(client.read(5000ms).ec, http::error::end_of_stream);  // idle keep-alive is cut
  EXPECT_LT(Clock::now() - t0, 3000ms);
}

TEST(HttpServer, AThrowingHandlerIs500) {
  Served served(
      HttpServerLimits{},
      [](const HttpServerRequest&, const ClientKey&) -> asio::awaitable<HttpServerResponse> {
        throw std::runtime_error("bug");
        co_return HttpServerResponse{};
      });
  Client client(served.port());
  client.send(post("/", ""));
  auto a = client.read();
  ASSERT_FALSE(a.ec) << a.ec.message();
  EXPECT_EQ(a.response.result_int(), 500u);
  EXPECT_EQ(json::parse(a.response.body()), json::parse(R"({"error": "internal error"})"));
}

TEST(HttpServer, ConnectionsOverTheCapAreClosedWhenEveryOneIsBusy) {
  std::atomic<int> calls = 0;
  HttpServerLimits limits;
  limits.max_connections = 1;
  // A handler that takes its time: its connection is busy, not waiting.
  Served served(
      limits,
      [&](const HttpServerRequest&, const ClientKey&) -> asio::awaitable<HttpServerResponse> {
        ++calls;
        asio::steady_timer timer(co_await asio::this_coro::executor, 1500ms);
        co_await timer.async_wait(asio::use_awaitable);
        co_return json_response(http::status::ok, json::object{});
      });
  Client first(served.port());
  first.send(post("/", "1"));
  for (int i = 0; i < 100 && calls.load() == 0; ++i)
    std::this_thread::sleep_for(10ms);
  ASSERT_EQ(calls.load(), 1);
  Client second(served.port());
  second.send(post("/", "2"));
  EXPECT_TRUE(second.read(3000ms).ec);
  EXPECT_EQ(first.read().response.result_int(), 200u);
  EXPECT_EQ(calls.load(), 1);
}

// At the cap, a connection that waits for its next request gives way to a new connection: idle
// or slow connections cannot keep a client out.
TEST(HttpServer, AnIdleConnectionGivesWayToANewOneAtTheCap) {
  EchoHandler echo;
  HttpServerLimits limits;
  limits.max_connections = 1;
  Served served(limits, echo.handler());
  Client first(served.port());
  first.send(post("/", "1"));
  ASSERT_EQ(first.read().response.result_int(), 200u);  // now idle, keep-alive
  // The server marks the first connection idle once it has written the answer: a new client may
  // arrive a moment before that and be refused, so it tries again.
  bool served_second = false;
  for (int attempt = 0; attempt < 100 && !served_second; ++attempt) {
    Client second(served.port());
    second.send(post("/", "2"));
    auto read = second.read(3000ms);
    served_second = !read.ec && read.response.result_int() == 200u;
    if (!served_second)
      std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(served_second);
  first.send(post("/", "3"));
  EXPECT_TRUE(first.read(3000ms).ec) << "the idle connection was closed to make room";
}

TEST(HttpServer, ConnectionsPerClientAreCapped) {
  EchoHandler echo;
  HttpServerLimits limits;
  limits.max_connections_per_client = 2;
  Served served(limits, echo.handler());
  Client a(served.port()), b(served.port());
  a.send("POST / HTTP/1.1\r\n");  // both drip their requests
  b.send("POST / HTTP/1.1\r\n");
  std::this_thread::sleep_for(100ms);  // (only lets the server accept them)
  Client c(served.port());
  c.send(post("/", "c"));
  EXPECT_TRUE(c.read(3000ms).ec) << "a third connection from the same address";
  Client other(served.port(), "127.0.0.2");
  other.send(post("/", "other"));
  EXPECT_EQ(other.read().response.result_int(), 200u) << "another address is still served";
}

// The handler is given a ClientKey, never the address: the same for two connections from one
// address, another for another address, and nothing of the address in its text.
TEST(HttpServer, TheHandlerSeesAKeyNotTheAddress) {
  std::mutex mutex;
  std::vector<ClientKey> keys;
  Served served(HttpServerLimits{},
                [&](const HttpServerRequest&,
                    const ClientKey& client) -> asio::awaitable<HttpServerResponse> {
                  std::lock_guard lock(mutex);
                  keys.push_back(client);
                  co_return json_response(http::status::ok, json::object{});
                });
  for (const char* from : {"127.0.0.1", "127.0.0.1", "127.0.0.2"}) {
    Client client(served.port(), from);
    client.send(post("/", ""));
    ASSERT_EQ(client.read().response.result_int(), 200u) << from;
  }
  std::lock_guard lock(mutex);
  ASSERT_EQ(keys.size(), 3u);
  EXPECT_EQ(keys[0], keys[1]);
  EXPECT_NE(keys[0], keys[2]);
  EXPECT_EQ(keys[0], client_key_of(asio::ip::make_address("127.0.0.1")));
  EXPECT_EQ(keys[2], client_key_of(asio::ip::make_address("127.0.0.2")));
  for (const auto& key : keys) {
    EXPECT_EQ(key.str().size(), 16u);
    EXPECT_EQ(key.str().find("127"), std::string::npos);
  }
}

TEST(ClientKey, OneKeyPerIpv4AddressAndPerIpv6Slash64) {
  auto key = [](const char* ip) { return client_key_of(asio::ip::make_address(ip)); };
  EXPECT_EQ(key("192.0.2.7"), key("::ffff:192.0.2.7"));  // a dual-stack socket's view of IPv4
  EXPECT_NE(key("192.0.2.7"), key("192.0.2.8"));
  EXPECT_EQ(key("2001:db8:1:2::1"), key("2001:db8:1:2:ffff::9"));  // one subscriber's /64
  EXPECT_NE(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
  EXPECT_NE(key("0.0.0.0"), key("::"));  // the family is part of the key
  EXPECT_EQ(ClientKey{0x0123456789abcdefULL}.str(), "0123456789abcdef");
}

TEST(HttpServer, OpenNamesTheEndpointItCannotBind) {
  asio::io_context io;
  tcp::acceptor taken(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  auto port = taken.local_endpoint().port();
  EchoHandler echo;
  auto opened = HttpServer::open(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                                 HttpServerLimits{}, nullptr, echo.handler());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().where, "127.0.0.1:" + std::to_string(port));
}

}  // namespace
}  // namespace ashyq::net
