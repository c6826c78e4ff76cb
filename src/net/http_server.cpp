#include "net/http_server.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <list>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/json.hpp"
#include "net/endpoint.hpp"

namespace ashyq::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

// How long a connection we are closing after an answer may still send before it is cut (so a
// client still uploading a refused body reads our 413 instead of a reset), and how much of it
// we read and discard meanwhile.
constexpr std::chrono::milliseconds kCloseGrace{1000};
constexpr std::size_t kCloseDrainBytes = 64 * 1024;
// After a failed accept (out of descriptors, say): wait before trying again instead of spinning.
constexpr std::chrono::milliseconds kAcceptBackoff{50};

// ---- ClientKey ----

namespace {

// Drawn once per process, kept only in memory.
const std::array<unsigned char, 32>& process_key() {
  static const std::array<unsigned char, 32> key = [] {
    std::array<unsigned char, 32> k{};
    if (RAND_bytes(k.data(), static_cast<int>(k.size())) != 1) {
      std::random_device device;
      for (auto& byte : k)
        byte = static_cast<unsigned char>(device());
    }
    return k;
  }();
  return key;
}

}  // namespace

std::string ClientKey::str() const {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i)
    out[static_cast<std::size_t>(i)] = kHex[(value >> (4 * (15 - i))) & 0xF];
  return out;
}

ClientKey client_key_of(const asio::ip::address& address) {
  // A family tag, then the IPv4 address (also when it arrives as ::ffff:a.b.c.d on a dual-stack
  // socket) or the first 64 bits of the IPv6 address.
  std::array<unsigned char, 17> input{};
  std::size_t n = 0;
  auto v6 = address.is_v6() ? address.to_v6() : asio::ip::address_v6();
  if (address.is_v4() || v6.is_v4_mapped()) {
    auto bytes = address.is_v4() ? address.to_v4().to_bytes()
                                 : asio::ip::make_address_v4(asio::ip::v4_mapped, v6).to_bytes();
    input[n++] = 4;
    for (auto b : bytes)
      input[n++] = b;
  } else {
    auto bytes = v6.to_bytes();
    input[n++] = 6;
    for (std::size_t i = 0; i < 8; ++i)
      input[n++] = bytes[i];
  }
  const auto& key = process_key();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), input.data(), n, digest,
       &digest_len);
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < 8; ++i)
    value = (value << 8) | digest[i];
  return ClientKey{value};
}

// ---- JSON answers ----

HttpServerResponse json_response(http::status status, const boost::json::value& body) {
  HttpServerResponse res{status, 11};
  res.set(http::field::content_type, "application/json");
  res.body() = core::to_json_text(body);
  res.prepare_payload();
  return res;
}

HttpServerResponse json_error(http::status status, const std::string& why) {
  return json_response(status, boost::json::object{{"error", why}});
}

// ---- The server ----

struct IdleWatch;

struct HttpServer::State {
  State(asio::io_context& io, tcp::endpoint listen, HttpServerLimits l,
        std::shared_ptr<ssl::context> t, HttpHandler h)
      : io(io),
        acceptor(asio::make_strand(io)),
        limits(l),
        tls(std::move(t)),
        handler(std::move(h)) {
    acceptor.open(listen.protocol());
    acceptor.set_option(tcp::acceptor::reuse_address(true));
    acceptor.bind(listen);
    acceptor.listen(asio::socket_base::max_listen_connections);
    bound = acceptor.local_endpoint();
  }
  asio::io_context& io;
  tcp::acceptor acceptor;  // used on its own strand only
  tcp::endpoint bound;
  const HttpServerLimits limits;
  const std::shared_ptr<ssl::context> tls;
  const HttpHandler handler;
  std::atomic<std::size_t> connections{0};
  std::atomic<bool> stopping{false};

  // Connections per client, and the connections waiting for or reading a request (oldest first;
  // entries go stale when their connection turns busy or ends, and are checked when taken).
  std::mutex clients_mutex;
  std::unordered_map<ClientKey, std::size_t, ClientKeyHash> per_client;
  struct IdleEntry {
    std::uint64_t idle_mark;
    std::weak_ptr<IdleWatch> watch;
  };
  std::list<IdleEntry> idle;
};

// What the server knows of whether one connection is waiting, shared between the connection's
// coroutine and the accept loop. `idle_mark` is non-zero (a fresh number each time) while the
// connection waits for or reads a request (or its TLS handshake), zero while its handler runs
// and its answer is written; `cancel_read` ends that wait, on the connection's strand.
struct IdleWatch {
  asio::any_io_executor strand;
  std::atomic<std::uint64_t> idle_mark{0};
  std::function<void()> cancel_read;  // set and used on the strand only
};

namespace {

using State = HttpServer::State;

// One open connection counted in State::connections for as long as its coroutine frame lives
// (a coroutine parameter, so the count is returned even if the coroutine never starts).
// Also counted per client, and holding the connection's IdleWatch.
class ConnectionSlot {
 public:
  ConnectionSlot(std::shared_ptr<State> state, ClientKey client, asio::any_io_executor strand)
      : state_(std::move(state)), client_(client), watch_(std::make_shared<IdleWatch>()) {
    watch_->strand = std::move(strand);
    state_->connections.fetch_add(1);
    std::lock_guard lock(state_->clients_mutex);
    ++state_->per_client[client_];
  }
  ConnectionSlot(ConnectionSlot&& other) noexcept
      : state_(std::move(other.state_)), client_(other.client_), watch_(std::move(other.watch_)) {}
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(ConnectionSlot&&) = delete;
  ~ConnectionSlot() {
    if (!state_)
      return;
    state_->connections.fetch_sub(1);
    std::lock_guard lock(state_->clients_mutex);
    if (auto it = state_->per_client.find(client_);
        it != state_->per_client.end() && --it->second == 0)
      state_->per_client.erase(it);
  }
  State& state() const { return *state_; }
  const ClientKey& client() const { return client_; }

  // The connection waits for (or is reading) a request, or its TLS handshake: it may give way to
  // a new one.
  void mark_waiting() {
    static std::atomic<std::uint64_t> next_mark{1};
    const auto mark = next_mark.fetch_add(1);
    watch_->idle_mark.store(mark);
    std::lock_guard lock(state_->clients_mutex);
    auto& idle = state_->idle;
    idle.push_back({mark, watch_});
    // Stale entries (connections busy again, or gone) are dropped when the list grows.
    if (idle.size() > 2 * state_->limits.max_connections + 64) {
      idle.remove_if([](const State::IdleEntry& e) {
        auto w = e.watch.lock();
        return !w || w->idle_mark.load() != e.idle_mark;
      });
    }
  }
  void mark_busy() { watch_->idle_mark.store(0); }
  IdleWatch& watch() const { return *watch_; }

 private:
  std::shared_ptr<State> state_;
  ClientKey client_;
  std::shared_ptr<IdleWatch> watch_;
};

// At the connection cap: asks the connection that has waited longest for a whole request to
// close. False when none is waiting.
bool close_longest_idle(State& state) {
  std::lock_guard lock(state.clients_mutex);
  while (!state.idle.empty()) {
    auto entry = std::move(state.idle.front());
    state.idle.pop_front();
    auto watch = entry.watch.lock();
    if (!watch || watch->idle_mark.load() != entry.idle_mark)
      continue;                 // stale
    watch->idle_mark.store(0);  // taken: not offered twice
    asio::post(watch->strand, [watch] {
      if (watch->cancel_read)
        watch->cancel_read();
    });
    return true;
  }
  return false;
}

enum class ReadOutcome {
  request,    // a whole request, within the limits
  too_large,  // over the header or body cap: 413
  malformed,  // not HTTP/1.x: 400
  gone,       // closed, reset, or timed out: nothing to answer
};

ReadOutcome classify_read(const boost::system::error_code& ec) {
  if (!ec)
    return ReadOutcome::request;
  if (ec == http::error::header_limit || ec == http::error::body_limit ||
      ec == http::error::buffer_overflow) {
    return ReadOutcome::too_large;
  }
  if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
      ec != http::error::end_of_stream && ec != http::error::partial_message) {
    return ReadOutcome::malformed;
  }
  return ReadOutcome::gone;
}

bool expects_continue(const http::request_parser<http::string_body>& parser) {
  const auto& header = parser.get();
  return header.version() >= 11 &&
         beast::iequals(header[http::field::expect], beast::string_view("100-continue"));
}

// Reads one request, answering `Expect: 100-continue` once the header is known to be within
// the limits.
template <class Stream>
asio::awaitable<boost::system::error_code> read_whole_request(
    Stream& stream, beast::flat_buffer& buffer, http::request_parser<http::string_body>& parser) {
  auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, kTuple);
  if (ec || parser.is_done())
    co_return ec;
  if (expects_continue(parser)) {
    http::response<http::empty_body> go_on{http::status::continue_, 11};
    auto [wec, wn] = co_await http::async_write(stream, go_on, kTuple);
    if (wec)
      co_return wec;
  }
  auto [bec, bn] = co_await http::async_read(stream, buffer, parser, kTuple);
  co_return bec;
}

// While it reads a request, a connection may give way to a new one at the connection cap (its
// read is cancelled, as if it had timed out): the oldest reader goes first, and that is an idle
// keep-alive, a client that connected and said nothing, or one that drips its request.
template <class Stream>
asio::awaitable<boost::system::error_code> read_request(
    Stream& stream, beast::flat_buffer& buffer, http::request_parser<http::string_body>& parser,
    const HttpServerLimits& limits, ConnectionSlot& slot) {
  auto& tcp_layer = beast::get_lowest_layer(stream);
  tcp_layer.expires_after(limits.read_timeout);
  slot.watch().cancel_read = [&tcp_layer] { tcp_layer.cancel(); };
  slot.mark_waiting();
  auto ec = co_await read_whole_request(stream, buffer, parser);
  slot.mark_busy();
  slot.watch().cancel_read = nullptr;
  co_return ec;
}

// The handler's answer, or 500 when it throws (nothing escapes into the connection loop).
asio::awaitable<HttpServerResponse> call_handler(const State& state,
                                                 const HttpServerRequest& request,
                                                 const ClientKey& client) {
  std::optional<HttpServerResponse> res;
  try {
    res = co_await state.handler(request, client);
  } catch (...) {
  }
  if (!res) {
    auto error = json_error(http::status::internal_server_error, "internal error");
    error.keep_alive(false);
    co_return error;
  }
  co_return std::move(*res);
}

// Ends a connection we chose to close after an answer: plain TCP sends FIN and reads what the
// client still sends for a moment (so that an upload we refused does not turn our answer into a
// reset); TLS sends close_notify, bounded by the same grace.
asio::awaitable<void> close_after_answer(beast::tcp_stream& stream) {
  boost::system::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.expires_after(kCloseGrace);
  std::array<char, 4096> sink;
  std::size_t drained = 0;
  while (drained < kCloseDrainBytes) {
    auto [rec, n] = co_await stream.async_read_some(asio::buffer(sink), kTuple);
    if (rec)
      break;
    drained += n;
  }
  stream.close();
}

asio::awaitable<void> close_after_answer(beast::ssl_stream<beast::tcp_stream>& stream) {
  beast::get_lowest_layer(stream).expires_after(kCloseGrace);
  co_await stream.async_shutdown(kTuple);
  beast::get_lowest_layer(stream).close();
}

template <class Stream>
asio::awaitable<void> serve_requests(ConnectionSlot& slot, Stream& stream) {
  const State& state = slot.state();
  const ClientKey client = slot.client();
  const auto& limits = state.limits;
  auto& tcp_layer = beast::get_lowest_layer(stream);
  beast::flat_buffer buffer;
  bool answered_then_closing = false;
  while (!state.stopping.load()) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(limits.header_limit, std::numeric_limits<std::uint32_t>::max())));
    parser.body_limit(limits.body_limit);
    auto outcome = classify_read(co_await read_request(stream, buffer, parser, limits, slot));
    if (outcome == ReadOutcome::gone)
      break;
    HttpServerResponse res;
    bool keep_alive = false;
    if (outcome == ReadOutcome::too_large) {
      res = json_error(http::status::payload_too_large, "request too large");
    } else if (outcome == ReadOutcome::malformed) {
      res = json_error(http::status::bad_request, "malformed HTTP request");
    } else {
      HttpServerRequest req = parser.release();
      tcp_layer.expires_never();
      res = co_await call_handler(state, req, client);
      keep_alive = req.keep_alive() && res.keep_alive() && !state.stopping.load();
      res.version(req.version() == 10 ? 10 : 11);
    }
    res.keep_alive(keep_alive);
    if (!res.has_content_length() && !res.chunked())
      res.prepare_payload();
    tcp_layer.expires_after(limits.write_timeout);
    auto [wec, wn] = co_await http::async_write(stream, res, kTuple);
    if (wec)
      break;
    if (!keep_alive) {
      answered_then_closing = true;
      break;
    }
  }
  if (answered_then_closing)
    co_await close_after_answer(stream);
}

asio::awaitable<void> serve_connection(ConnectionSlot slot, tcp::socket socket) {
  const State& state = slot.state();
  beast::tcp_stream stream(std::move(socket));
  if (!state.tls) {
    co_await serve_requests(slot, stream);
    co_return;
  }
  beast::ssl_stream<beast::tcp_stream> tls(std::move(stream), *state.tls);
  auto& tcp_layer = beast::get_lowest_layer(tls);
  tcp_layer.expires_after(state.limits.read_timeout);
  slot.watch().cancel_read = [&tcp_layer] { tcp_layer.cancel(); };
  slot.mark_waiting();
  auto [hec] = co_await tls.async_handshake(ssl::stream_base::server, kTuple);
  slot.mark_busy();
  slot.watch().cancel_read = nullptr;
  if (hec)
    co_return;
  co_await serve_requests(slot, tls);
}

asio::awaitable<void> accept_loop(std::shared_ptr<State> state) {
  asio::steady_timer backoff(state->acceptor.get_executor());
  for (;;) {
    auto [ec, socket] = co_await state->acceptor.async_accept(asio::make_strand(state->io), kTuple);
    if (ec == asio::error::operation_aborted || !state->acceptor.is_open())
      co_return;
    if (ec) {
      backoff.expires_after(kAcceptBackoff);
      co_await backoff.async_wait(kTuple);
      continue;
    }
    auto peer = socket.remote_endpoint(ec);
    if (ec)
      continue;  // gone before we looked
    // The address goes no further than this line.
    const ClientKey client = client_key_of(peer.address());
    {
      std::lock_guard lock(state->clients_mutex);
      auto it = state->per_client.find(client);
      if (it != state->per_client.end() && it->second >= state->limits.max_connections_per_client) {
        socket.close(ec);  // this client holds enough connections
        continue;
      }
    }
    if (state->connections.load() >= state->limits.max_connections && !close_longest_idle(*state)) {
      socket.close(ec);  // full of busy connections: refuse by closing, cheaply
      continue;
    }
    auto executor = socket.get_executor();
    asio::co_spawn(executor,
                   serve_connection(ConnectionSlot(state, client, executor), std::move(socket)),
                   asio::detached);
  }
}

}  // namespace

HttpServer::HttpServer(asio::io_context& io, tcp::endpoint listen, HttpServerLimits limits,
                       std::shared_ptr<ssl::context> tls, HttpHandler handler)
    : state_(std::make_shared<State>(io, listen, limits, std::move(tls), std::move(handler))) {}

HttpServer::~HttpServer() {
  stop();
}

core::Result<std::unique_ptr<HttpServer>> HttpServer::open(asio::io_context& io,
                                                           tcp::endpoint listen,
                                                           HttpServerLimits limits,
                                                           std::shared_ptr<ssl::context> tls,
                                                           HttpHandler handler) {
  try {
    return std::make_unique<HttpServer>(io, listen, limits, std::move(tls), std::move(handler));
  } catch (const boost::system::system_error& e) {
    return core::Error{Endpoint{listen.address(), listen.port()}.str(), e.code().message()};
  }
}

tcp::endpoint HttpServer::local_endpoint() const {
  return state_->bound;
}

void HttpServer::start() {
  asio::co_spawn(state_->acceptor.get_executor(), accept_loop(state_), asio::detached);
}

void HttpServer::stop() {
  state_->stopping.store(true);
  asio::post(state_->acceptor.get_executor(), [state = state_] {
    boost::system::error_code ec;
    state->acceptor.close(ec);
  });
}

// ---- TLS ----

namespace {

std::optional<core::Error> unreadable(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file)
    return core::Error{path, std::string("cannot read: ") + std::strerror(errno)};
  return std::nullopt;
}

int select_http11(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in,
                  unsigned int inlen, void*) {
  static const unsigned char kHttp11[] = "\x08http/1.1";
  if (SSL_select_next_proto(const_cast<unsigned char**>(out), outlen, kHttp11, sizeof(kHttp11) - 1,
                            in, inlen) == OPENSSL_NPN_NEGOTIATED) {
    return SSL_TLSEXT_ERR_OK;
  }
  return SSL_TLSEXT_ERR_NOACK;  // a client offering only h2 still gets HTTP/1.1, without ALPN
}

}  // namespace

core::Result<std::shared_ptr<ssl::context>> load_tls_server_context(
    const std::string& cert_chain_file, const std::string& private_key_file) {
  if (auto e = unreadable(cert_chain_file))
    return *e;
  if (auto e = unreadable(private_key_file))
    return *e;
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  boost::system::error_code ec;
  ctx->use_certificate_chain_file(cert_chain_file, ec);
  if (ec)
    return core::Error{cert_chain_file, "not a PEM certificate chain: " + ec.message()};
  ctx->use_private_key_file(private_key_file, ssl::context::pem, ec);
  if (ec)
    return core::Error{private_key_file, "not a PEM private key: " + ec.message()};
  if (SSL_CTX_check_private_key(ctx->native_handle()) != 1)
    return core::Error{private_key_file, "does not match the certificate in " + cert_chain_file};
  SSL_CTX_set_alpn_select_cb(ctx->native_handle(), select_http11, nullptr);
  return ctx;
}

void run_on_threads(asio::io_context& io, unsigned threads) {
  std::vector<std::thread> workers;
  for (unsigned i = 1; i < threads; ++i)
    workers.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : workers)
    t.join();
}

}  // namespace ashyq::net
