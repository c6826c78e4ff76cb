#include "support/hostile_peers.hpp"

#include <zlib.h>

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <map>
#include <mutex>
#include <stdexcept>

namespace ashyq::testing::hostile {

namespace {

using namespace std::chrono_literals;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
using Handler = TcpServer::Handler;
using Responder = UdpServer::Responder;

// --- HTTP ----------------------------------------------------------------------------------------

asio::awaitable<bool> send(tcp::socket& s, const std::string& bytes) {
  auto [ec, n] = co_await asio::async_write(s, asio::buffer(bytes), kTuple);
  co_return !ec;
}

// Reads the request (any request) and returns its target, or "" when none came.
asio::awaitable<std::string> request_target(tcp::socket& s) {
  http::request<http::string_body> req;
  if (!co_await read_request(s, req))
    co_return "";
  co_return std::string(req.target());
}

std::string self_url(tcp::socket& s, const std::string& path) {
  boost::system::error_code ec;
  auto local = s.local_endpoint(ec);
  return "http://" + local.address().to_string() + ":" + std::to_string(local.port()) + path;
}

// `header` then bytes from `next()` until the client goes away.
Handler endless(std::string header, std::function<std::string(std::size_t)> next,
                std::chrono::milliseconds pause = 0ms) {
  return [header, next, pause](tcp::socket s) -> asio::awaitable<void> {
    if ((co_await request_target(s)).empty() || !co_await send(s, header))
      co_return;
    for (std::size_t i = 0;; ++i) {
      if (!co_await send(s, next(i)))
        co_return;
      if (pause.count() > 0)
        co_await sleep_for(pause);
    }
  };
}

// `bytes` in one go, then `after`: close (FIN), reset (RST) or stay silent.
enum class Then { close, reset, silence };
Handler answer(std::function<std::string()> bytes, Then after = Then::close) {
  return [bytes, after](tcp::socket s) -> asio::awaitable<void> {
    if ((co_await request_target(s)).empty())
      co_return;
    if (!co_await send(s, bytes()))
      co_return;
    if (after == Then::reset) {
      reset(s);
    } else if (after == Then::silence) {
      co_await sleep_for(60s);
    } else {
      boost::system::error_code ec;
      s.shutdown(tcp::socket::shutdown_send, ec);
      co_await sleep_for(1s);  // let the client read before the socket goes
    }
  };
}

// `size` zero bytes compressed by zlib, as gzip (`gzip`) or zlib's deflate format, made once
// in 1 MiB steps so the bomb never exists uncompressed in this process.
const std::string& bomb(bool gzip, std::size_t size) {
  static std::mutex mutex;
  static std::map<bool, std::string> made;
  std::lock_guard lock(mutex);
  auto& out = made[gzip];
  if (!out.empty())
    return out;
  z_stream z{};
  if (deflateInit2(&z, 9, Z_DEFLATED, gzip ? 31 : 15, 9, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  std::string zeros(1 << 20, '\0');
  std::string buffer(1 << 16, '\0');
  for (std::size_t fed = 0; fed <= size;) {
    const bool last = fed == size;
    z.next_in = reinterpret_cast<Bytef*>(zeros.data());
    z.avail_in = last ? 0 : static_cast<uInt>(std::min(zeros.size(), size - fed));
    fed += last ? 1 : z.avail_in;
    do {
      z.next_out = reinterpret_cast<Bytef*>(buffer.data());
      z.avail_out = static_cast<uInt>(buffer.size());
      deflate(&z, last ? Z_FINISH : Z_NO_FLUSH);
      out.append(buffer.data(), buffer.size() - z.avail_out);
    } while (z.avail_out == 0);
  }
  deflateEnd(&z);
  return out;
}

std::string response_head(const std::string& extra) {
  return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + extra + "\r\n";
}

// Zero bytes the bombs expand to: 1 GiB, about 1 MiB compressed (over the body cap of 512 KiB).
constexpr std::size_t kBombSize = std::size_t{1} << 30;

std::map<std::string, Handler> http_handlers() {
  std::map<std::string, Handler> h;
  h["endless_body"] = endless(response_head("Connection: close\r\n"),
                              [](std::size_t) { return std::string(16384, 'x'); });
  h["endless_header_block"] = endless("HTTP/1.1 200 OK\r\n", [](std::size_t i) {
    return "X-Endless-" + std::to_string(i) + ": more\r\n";
  });
  h["header_drip"] = endless(
      "",
      [](std::size_t i) {
        static const std::string kHead = "HTTP/1.1 200 OK\r\nX-Drip: ";
        return i < kHead.size() ? kHead.substr(i, 1) : std::string("d");
      },
      20ms);
  h["body_drip"] = endless(
      response_head("Content-Length: 1000000\r\n"), [](std::size_t) { return std::string("b"); },
      20ms);
  h["content_length_10gb_then_silence"] = answer(
      [] { return response_head("Content-Length: 10000000000\r\n") + std::string(1000, 'x'); },
      Then::silence);
  h["hundred_thousand_headers"] = answer([] {
    std::string head = "HTTP/1.1 200 OK\r\n";
    for (int i = 0; i < 100000; ++i)
      head += "X-H" + std::to_string(i) + ": v\r\n";
    return head + "Content-Length: 0\r\n\r\n";
  });
  h["two_mib_header_line"] = answer([] {
    return "HTTP/1.1 200 OK\r\nX-Big: " + std::string(2u << 20, 'a') +
           "\r\nContent-Length: 0\r\n\r\n";
  });
  h["invalid_chunk_size"] = answer(
      [] { return response_head("Transfer-Encoding: chunked\r\n") + "zz\r\nhello\r\n0\r\n\r\n"; });
  h["overflowing_chunk_size"] = answer([] {
    return response_head("Transfer-Encoding: chunked\r\n") + "fffffffffffffffffffffff\r\nhi\r\n";
  });
  h["http09_no_status_line"] =
      answer([] { return std::string("<html><title>HTTP/0.9</title>no status line</html>\n"); });
  h["nul_in_header_value"] = answer(
      [] { return response_head(std::string("X-Nul: a\0b\r\nContent-Length: 2\r\n", 32)) + "ok"; });
  h["invalid_utf8_headers_and_body"] = answer([] {
    std::string body;
    for (int b = 0; b < 256; ++b)
      body.push_back(static_cast<char>(b));
    body += "\xC3\x28\xED\xA0\x80\xF4\x90\x80\x80\xC0\xAF";
    return response_head(
               "X-Bytes: \xFF\xFE\xC3\x28\xC0\xAF\xE2\x82\r\nX-Latin1: caf\xE9\r\n"
               "Content-Length: " +
               std::to_string(body.size()) + "\r\n") +
           body;
  });
  h["gzip_bomb"] = answer([] {
    const auto& b = bomb(true, kBombSize);
    return response_head("Content-Encoding: gzip\r\nContent-Length: " + std::to_string(b.size()) +
                         "\r\n") +
           b;
  });
  h["deflate_bomb"] = answer([] {
    const auto& b = bomb(false, kBombSize);
    return response_head("Content-Encoding: deflate\r\nContent-Length: " +
                         std::to_string(b.size()) + "\r\n") +
           b;
  });
  h["rst_after_status_line"] =
      answer([] { return std::string("HTTP/1.1 200 OK\r\n"); }, Then::reset);
  h["fin_before_any_byte"] = answer([] { return std::string(); });
  h["redirect_loop"] = [](tcp::socket s) -> asio::awaitable<void> {
    for (;;) {  // keep-alive or not, every request is sent back to "/"
      auto target = co_await request_target(s);
      if (target.empty())
        co_return;
      // (a braced list inside co_await trips g++ 12: the headers are built first)
      std::vector<std::pair<std::string, std::string>> headers;
      headers.emplace_back("Location", self_url(s, "/"));
      co_await write_response(s, 302, "", std::move(headers));
    }
  };
  h["redirect_chain_50"] = [](tcp::socket s) -> asio::awaitable<void> {
    for (;;) {
      auto target = co_await request_target(s);
      if (target.empty())
        co_return;
      int hop = 0;
      if (target.rfind("/hop/", 0) == 0)
        hop = std::atoi(target.c_str() + 5);
      if (hop >= 50) {
        co_await write_response(s, 200, "the end of 50 hops");
      } else {
        std::vector<std::pair<std::string, std::string>> headers;
        headers.emplace_back("Location", self_url(s, "/hop/" + std::to_string(hop + 1)));
        co_await write_response(s, 302, "", std::move(headers));
      }
    }
  };
  h["redirect_10kb_host"] = answer([] {
    std::string host;
    while (host.size() < 10240)
      host += std::string(60, 'h') + ".";
    std::string location = "http://" + host + "test/";
    return "HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 0\r\n\r\n";
  });
  h["short_body_then_fin"] =
      answer([] { return response_head("Content-Length: 1000\r\n") + "only ten b"; });
  h["redirect_to_file_scheme"] = answer([] {
    return std::string(
        "HTTP/1.1 302 Found\r\nLocation: file:///etc/passwd\r\nContent-Length: 0\r\n\r\n");
  });
  h["endless_100_continue"] = endless("HTTP/1.1 100 Continue\r\n\r\n", [](std::size_t) {
    return std::string("HTTP/1.1 100 Continue\r\n\r\n");
  });
  h["early_hints_then_page"] = answer([] {
    std::string hints;
    for (int i = 0; i < 3; ++i)
      hints += "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n";
    return hints + response_head("Content-Length: 4\r\n") + "page";
  });
  h["huge_valid_control_json"] = answer([] {
    // A well-formed control response just under 1 MiB (the control client's cap): 20,000
    // tcp_connect entries the probe never asked about.
    std::string body = R"({"dns":{"failure":null,"addrs":["127.0.0.1"]},"tcp_connect":{)";
    for (int i = 0; i < 20000; ++i) {
      if (i > 0)
        body += ",";
      body += "\"10." + std::to_string(i / 65536) + "." + std::to_string((i / 256) % 256) + "." +
              std::to_string(i % 256) + ":80\":{\"status\":true,\"failure\":null}";
    }
    body += R"(},"http_request":{"body_length":1,"failure":null,"title":"","headers":{},)"
            R"("status_code":200}})";
    return response_head("Content-Type: application/json\r\nContent-Length: " +
                         std::to_string(body.size()) + "\r\n") +
           body;
  });
  h["deeply_nested_json"] = answer([] {
    std::string body(1 << 20, '[');
    return response_head("Content-Type: application/json\r\nContent-Length: " +
                         std::to_string(body.size()) + "\r\n") +
           body;
  });
  return h;
}

// --- DNS -----------------------------------------------------------------------------------------

void put16(std::string& out, unsigned v) {
  out.push_back(static_cast<char>((v >> 8) & 0xFF));
  out.push_back(static_cast<char>(v & 0xFF));
}

// A reply to `query` with its id (or `id`) and question, the given flags and answer count, and
// `answers` as raw resource records.
std::string reply(const std::string& query, unsigned flags, unsigned count,
                  const std::string& answers, int id = -1) {
  if (query.size() < 12)
    return {};
  std::size_t end = 12;  // past the question's name, type and class
  while (end < query.size() && query[end] != 0)
    end += 1 + static_cast<uint8_t>(query[end]);
  end = std::min(end + 5, query.size());
  std::string out;
  if (id < 0)
    out.append(query, 0, 2);
  else
    put16(out, static_cast<unsigned>(id));
  put16(out, flags);
  put16(out, 1);
  put16(out, count);
  put16(out, 0);
  put16(out, 0);
  out.append(query, 12, end - 12);
  return out + answers;
}

unsigned question_type(const std::string& query) {
  std::size_t end = 12;
  while (end < query.size() && query[end] != 0)
    end += 1 + static_cast<uint8_t>(query[end]);
  if (end + 2 >= query.size())
    return 0;
  return (static_cast<uint8_t>(query[end + 1]) << 8) | static_cast<uint8_t>(query[end + 2]);
}

// A record: owner (raw name bytes), type, class IN, TTL 60, rdata.
std::string record(const std::string& owner, unsigned type, const std::string& rdata) {
  std::string rr = owner;
  put16(rr, type);
  put16(rr, 1);
  rr += std::string("\0\0\0\x3C", 4);
  put16(rr, static_cast<unsigned>(rdata.size()));
  return rr + rdata;
}

const std::string kQuestionName("\xC0\x0C", 2);  // a pointer to the question's name
constexpr unsigned kAnswer = 0x8180;             // QR, RD, RA, NOERROR

std::vector<UdpServer::Reply> one(std::string bytes) {
  return {{0ms, std::move(bytes)}};
}

std::map<std::string, Responder> dns_responders() {
  std::map<std::string, Responder> r;
  r["dns_compression_pointer_loop"] = [](const std::string& q) {
    // The answer's owner is a pointer to itself.
    auto head = reply(q, kAnswer, 1, "");
    const unsigned self = static_cast<unsigned>(head.size());
    std::string owner;
    put16(owner, 0xC000 | self);
    return one(head.substr(0, head.size()) + record(owner, 1, "\x7F\0\0\x01"));
  };
  r["dns_thousand_answers"] = [](const std::string& q) {
    if (question_type(q) != 1)
      return one(reply(q, kAnswer, 0, ""));
    std::string answers;
    for (int i = 0; i < 1000; ++i) {
      std::string ip = {'\x7F', '\x01', static_cast<char>(i / 250), static_cast<char>(i % 250 + 1)};
      answers += record(kQuestionName, 1, ip);
    }
    return one(reply(q, kAnswer, 1000, answers));
  };
  r["dns_truncated_silent_tcp"] = [](const std::string& q) {
    return one(reply(q, kAnswer | 0x0200, 0, ""));  // TC: "ask me over TCP" (which never answers)
  };
  r["dns_wrong_id_flood"] = [](const std::string& q) {
    std::vector<UdpServer::Reply> flood;
    const unsigned id =
        q.size() >= 2 ? (static_cast<uint8_t>(q[0]) << 8) | static_cast<uint8_t>(q[1]) : 0;
    for (unsigned i = 1; i <= 2000; ++i)
      flood.push_back({0ms, reply(q, kAnswer, 1, record(kQuestionName, 1, "\x7F\0\0\x01"),
                                  static_cast<int>((id + i) & 0xFFFF))});
    return flood;
  };
  r["dns_255_label_name"] = [](const std::string& q) {
    std::string name;
    for (int i = 0; i < 255; ++i)
      name +=
          "\x01"
          "a";
    name.push_back('\0');
    return one(reply(q, kAnswer, 1, record(name, 1, "\x7F\0\0\x01")));
  };
  r["dns_cname_loop"] = [](const std::string& q) {
    // name → loop.test → name → …, and no address.
    const std::string loop("\x04loop\x04test\0", 11);
    return one(
        reply(q, kAnswer, 2, record(kQuestionName, 5, loop) + record(loop, 5, kQuestionName)));
  };
  return r;
}

// --- TLS -----------------------------------------------------------------------------------------

std::shared_ptr<asio::ssl::context> context_for(const IssuedCert& cert) {
  return TestCa::server_context(cert);
}

std::map<std::string, std::function<Handler()>> tls_handlers() {
  std::map<std::string, std::function<Handler()>> t;
  t["tls_stall_after_client_hello"] = [] {
    return Handler([](tcp::socket s) -> asio::awaitable<void> {
      std::array<char, 4096> buf;
      co_await s.async_read_some(asio::buffer(buf), kTuple);
      co_await sleep_for(60s);
    });
  };
  t["tls_handshake_drip"] = [] {
    // A handshake record announcing 16 KiB, then its bytes one every 20 ms: always something
    // arriving, never a whole record. Only a deadline on the whole handshake ends it.
    return Handler([](tcp::socket s) -> asio::awaitable<void> {
      std::array<char, 4096> buf;
      co_await s.async_read_some(asio::buffer(buf), kTuple);
      if (!co_await send(s, std::string("\x16\x03\x03\x40\x00\x02", 6)))
        co_return;
      for (int i = 0; i < 3000; ++i) {  // a minute at most
        if (!co_await send(s, std::string(1, '\0')))
          co_return;
        co_await sleep_for(20ms);
      }
    });
  };
  t["tls_chain_of_50"] = [] {
    // The leaf, then 49 more certificates the server claims are its chain.
    auto leaf = tls_ca().issue({kTlsName});
    for (int i = 1; i < 50; ++i)
      leaf.cert_pem += tls_ca().issue({"chain" + std::to_string(i) + ".test"}).cert_pem;
    return serve_tls_page(context_for(leaf), 200, "fifty certificates");
  };
  t["tls_5000_sans"] = [] {
    std::vector<std::string> names;
    for (int i = 1; i < 5000; ++i)
      names.push_back("s" + std::to_string(i) + ".test");
    names.push_back(kTlsName);  // the last one is the name asked for
    return serve_tls_page(context_for(tls_ca().issue(names)), 200, "five thousand names");
  };
  t["tls_alert_after_client_hello"] = [] {
    return Handler([](tcp::socket s) -> asio::awaitable<void> {
      std::array<char, 4096> buf;
      co_await s.async_read_some(asio::buffer(buf), kTuple);
      co_await send(s, std::string("\x15\x03\x03\x00\x02\x02\x28", 7));  // fatal handshake_failure
      boost::system::error_code ec;
      s.shutdown(tcp::socket::shutdown_send, ec);
      co_await sleep_for(1s);
    });
  };
  t["tls_plaintext_answer"] = [] {
    return Handler([](tcp::socket s) -> asio::awaitable<void> {
      std::array<char, 4096> buf;
      co_await s.async_read_some(asio::buffer(buf), kTuple);
      co_await send(s,
                    "HTTP/1.1 400 Bad Request\r\nContent-Length: 11\r\nConnection: close\r\n\r\n"
                    "plain HTTP\n");
      boost::system::error_code ec;
      s.shutdown(tcp::socket::shutdown_send, ec);
      co_await sleep_for(1s);
    });
  };
  return t;
}

}  // namespace

const std::vector<Peer>& catalogue() {
  static const std::vector<Peer> peers = {
      {"endless_body", Layer::http,
       "200 without a length, then body bytes until the client leaves"},
      {"endless_header_block", Layer::http, "a status line, then header lines without end"},
      {"header_drip", Layer::http,
       "the status line and headers one byte every 20 ms, never ending"},
      {"body_drip", Layer::http, "Content-Length 1000000, then one body byte every 20 ms"},
      {"content_length_10gb_then_silence", Layer::http,
       "Content-Length 10000000000, 1000 bytes, then silence"},
      {"hundred_thousand_headers", Layer::http, "100,000 header lines (1.4 MB)"},
      {"two_mib_header_line", Layer::http, "one header line of 2 MiB"},
      {"invalid_chunk_size", Layer::http, "chunked, with a chunk size of \"zz\""},
      {"overflowing_chunk_size", Layer::http, "chunked, with a chunk size of 23 hex digits"},
      {"http09_no_status_line", Layer::http, "an HTTP/0.9 answer: a page with no status line"},
      {"nul_in_header_value", Layer::http, "a NUL byte inside a header value"},
      {"invalid_utf8_headers_and_body", Layer::http,
       "header values and a body of every byte 0x00-0xFF and invalid UTF-8 sequences"},
      {"gzip_bomb", Layer::http, "Content-Encoding gzip: 1 GiB of zeros in about 1 MiB"},
      {"deflate_bomb", Layer::http, "Content-Encoding deflate: 1 GiB of zeros in about 1 MiB"},
      {"rst_after_status_line", Layer::http, "the status line, then a RST"},
      {"fin_before_any_byte", Layer::http, "reads the request, closes without a byte"},
      {"redirect_loop", Layer::http, "302 to itself, forever"},
      {"redirect_chain_50", Layer::http, "a chain of 50 redirects, then a page"},
      {"redirect_10kb_host", Layer::http, "302 to a host name of 10 KB"},
      {"short_body_then_fin", Layer::http, "Content-Length 1000, ten bytes, then FIN"},
      {"redirect_to_file_scheme", Layer::http, "302 to file:///etc/passwd"},
      {"endless_100_continue", Layer::http, "100 Continue, again and again, never a response"},
      {"early_hints_then_page", Layer::http, "three 103 Early Hints, then a 200 page"},
      {"huge_valid_control_json", Layer::http,
       "a valid control response just under 1 MiB: 20,000 tcp_connect entries"},
      {"deeply_nested_json", Layer::http, "1 MiB of '[' as application/json"},
      {"dns_compression_pointer_loop", Layer::dns, "an answer whose name points to itself"},
      {"dns_thousand_answers", Layer::dns, "1,000 A records (127.1.x.y), no AAAA"},
      {"dns_truncated_silent_tcp", Layer::dns,
       "TC set and no answer; the same port over TCP accepts and never answers"},
      {"dns_wrong_id_flood", Layer::dns,
       "2,000 replies with wrong ids to each query, no right one"},
      {"dns_255_label_name", Layer::dns, "an answer owned by a name of 255 labels (511 bytes)"},
      {"dns_cname_loop", Layer::dns, "the name is a CNAME of loop.test, which is a CNAME of it"},
      {"tls_stall_after_client_hello", Layer::tls, "reads the ClientHello, answers nothing"},
      {"tls_handshake_drip", Layer::tls,
       "a handshake record announcing 16 KiB, then one byte of it every 20 ms"},
      {"tls_chain_of_50", Layer::tls, "a valid leaf sent with 49 more certificates"},
      {"tls_5000_sans", Layer::tls, "a leaf with 5,000 subjectAltNames, the right one last"},
      {"tls_alert_after_client_hello", Layer::tls, "a fatal handshake_failure alert"},
      {"tls_plaintext_answer", Layer::tls, "answers the ClientHello with plain HTTP"},
  };
  return peers;
}

std::vector<std::string> names(Layer layer) {
  std::vector<std::string> out;
  for (const auto& p : catalogue())
    if (p.layer == layer)
      out.push_back(p.name);
  return out;
}

const Peer& find(const std::string& name) {
  for (const auto& p : catalogue())
    if (p.name == name)
      return p;
  throw std::invalid_argument("no hostile peer " + name);
}

const TestCa& tls_ca() {
  static TestCa ca("ashyq hostile root");
  return ca;
}

TcpServer::Handler http_handler(const std::string& name) {
  auto all = http_handlers();
  auto it = all.find(name);
  if (it == all.end())
    throw std::invalid_argument("no hostile HTTP peer " + name);
  return it->second;
}

uint16_t closed_port() {
  asio::io_context io;
  tcp::acceptor a(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return a.local_endpoint().port();
}

// A TCP listener that never accepts: the kernel completes the handshake and nothing is said.
struct Running::Silent {
  asio::io_context io;
  tcp::acceptor acceptor{io};
};

Running::Running(const std::string& name) : peer_(&find(name)) {
  switch (peer_->layer) {
    case Layer::http:
      if (name == "gzip_bomb" || name == "deflate_bomb")
        bomb(name == "gzip_bomb", kBombSize);  // made before a client waits for it (seconds)
      tcp_ = std::make_unique<TcpServer>(http_handler(name));
      break;
    case Layer::tls:
      tcp_ = std::make_unique<TcpServer>(tls_handlers().at(name)());
      break;
    case Layer::dns:
      // The silent TCP listener needs the UDP server's port, which may be taken for TCP (an
      // ephemeral port of a connection): then another UDP port is tried.
      for (int attempt = 0;; ++attempt) {
        udp_ = std::make_unique<UdpServer>(dns_responders().at(name));
        if (name != "dns_truncated_silent_tcp")
          break;
        silent_ = std::make_unique<Silent>();
        tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), udp_->port());
        boost::system::error_code ec;
        silent_->acceptor.open(ep.protocol(), ec);
        silent_->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
        silent_->acceptor.bind(ep, ec);
        if (!ec)
          silent_->acceptor.listen(64, ec);
        if (!ec)
          break;
        if (attempt == 20)
          throw std::runtime_error("no port free for both UDP and TCP");
      }
      break;
  }
}

Running::~Running() = default;

uint16_t Running::port() const {
  return tcp_ ? tcp_->port() : udp_->port();
}

std::string Running::endpoint() const {
  return "127.0.0.1:" + std::to_string(port());
}

}  // namespace ashyq::testing::hostile
