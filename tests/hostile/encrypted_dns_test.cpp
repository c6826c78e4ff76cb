// Hostile encrypted-DNS servers (issue 19): a DNS-over-TLS and a DNS-over-HTTPS server that
// complete a valid TLS handshake (the catalogue's certificate for hostile.test) and then
// misbehave: silence, a length or headers dripped a byte at a time, an endless body, garbage, a
// web page, a reply to another query. Each lookup must end by its deadline with the failure
// string that names what happened, and its record must stay strict UTF-8 JSON.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <map>

#include "hostile/hostile_case.hpp"
#include "model/archival_json.hpp"
#include "model/dns_query.hpp"
#include "net/dns_over_tls.hpp"
#include "net/tls_handshaker.hpp"
#include "net/trace.hpp"
#include "support/run.hpp"

namespace ashyq::testing::hostile {
namespace {

using namespace std::chrono_literals;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

// A lookup asks for A and AAAA: two exchanges, each with its connect, handshake and query.
constexpr auto kBound = 3 * (3 * kStep) * 2;

// After the handshake, what the server does with the TLS stream.
using Behaviour = std::function<asio::awaitable<void>(TlsServerStream&)>;

TcpServer::Handler over_tls(Behaviour behaviour) {
  auto ctx = TestCa::server_context(tls_ca().issue({kTlsName}));
  return [ctx, behaviour](tcp::socket s) -> asio::awaitable<void> {
    TlsServerStream tls(std::move(s), *ctx);
    auto [ec] = co_await tls.async_handshake(asio::ssl::stream_base::server, kTuple);
    if (!ec)
      co_await behaviour(tls);
  };
}

asio::awaitable<bool> send(TlsServerStream& s, const std::string& bytes) {
  auto [ec, n] = co_await asio::async_write(s, asio::buffer(bytes), kTuple);
  co_return !ec;
}

// `bytes` one at a time, 20 ms apart, for at most a minute.
asio::awaitable<void> drip(TlsServerStream& s, const std::string& head, char filler) {
  for (std::size_t i = 0; i < 3000; ++i) {
    if (!co_await send(s, std::string(1, i < head.size() ? head[i] : filler)))
      co_return;
    co_await sleep_for(20ms);
  }
}

// DNS over TLS: the query (two-byte length, then the message), or "" when none came.
asio::awaitable<std::string> read_dot_query(TlsServerStream& s) {
  unsigned char prefix[2];
  auto [pec, pn] = co_await asio::async_read(s, asio::buffer(prefix), kTuple);
  if (pec)
    co_return "";
  std::string query((std::size_t{prefix[0]} << 8) | prefix[1], '\0');
  auto [qec, qn] = co_await asio::async_read(s, asio::buffer(query), kTuple);
  co_return qec ? "" : query;
}

std::string framed(const std::string& message) {
  std::string out;
  out.push_back(static_cast<char>(message.size() >> 8));
  out.push_back(static_cast<char>(message.size() & 0xff));
  return out + message;
}

// A well-formed answer (127.0.0.1) to `query`, with its id changed by `id_delta`.
std::string answer_to(const std::string& query, int id_delta = 0) {
  auto q = net::parse_dns_message(query);
  if (!q)
    return "";
  std::vector<model::DnsAnswer> answers;
  if (q->question_type == 1)
    answers.push_back({"A", "127.0.0.1", 60, 0, ""});
  auto reply = *net::encode_dns_reply(*q, 0, answers);
  const auto id = static_cast<uint16_t>(q->id + id_delta);
  reply[0] = static_cast<char>(id >> 8);
  reply[1] = static_cast<char>(id & 0xff);
  return reply;
}

struct Case {
  Behaviour behaviour;
  std::string failure;
};

const std::map<std::string, Case>& dot_cases() {
  static const std::map<std::string, Case> cases = {
      {"dot_silent_after_query",
       {[](TlsServerStream& s) -> asio::awaitable<void> {
          co_await read_dot_query(s);
          co_await sleep_for(60s);
        },
        "generic_timeout_error"}},
      {"dot_length_then_drip",
       {[](TlsServerStream& s) -> asio::awaitable<void> {
          if (!(co_await read_dot_query(s)).empty())
            co_await drip(s, std::string("\xff\xff", 2), '\0');
        },
        "generic_timeout_error"}},
      {"dot_garbage_reply",
       {[](TlsServerStream& s) -> asio::awaitable<void> {
          if (!(co_await read_dot_query(s)).empty() &&
              co_await send(s, framed(std::string(12, '\xff'))))
            co_await sleep_for(5s);
        },
        "dns_server_misbehaving"}},
      {"dot_wrong_id",
       {[](TlsServerStream& s) -> asio::awaitable<void> {
          auto query = co_await read_dot_query(s);
          if (!query.empty() && co_await send(s, framed(answer_to(query, 1))))
            co_await sleep_for(5s);
        },
        "dns_reply_with_wrong_query_id"}},
      {"dot_close_after_length",
       {[](TlsServerStream& s) -> asio::awaitable<void> {
          if (!(co_await read_dot_query(s)).empty() && co_await send(s, std::string("\x00\x40", 2)))
            co_await s.async_shutdown(kTuple);
        },
        "eof_error"}},
  };
  return cases;
}

// DNS over HTTPS: reads the request, then answers as the case says.
Behaviour doh(std::function<asio::awaitable<void>(TlsServerStream&, const std::string&)> answer) {
  return [answer](TlsServerStream& s) -> asio::awaitable<void> {
    http::request<http::string_body> req;
    if (co_await read_request(s, req))
      co_await answer(s, req.body());
  };
}

const std::map<std::string, Case>& doh_cases() {
  static const std::map<std::string, Case> cases = {
      {"doh_html_page",
       {doh([](TlsServerStream& s, const std::string&) -> asio::awaitable<void> {
          std::vector<std::pair<std::string, std::string>> headers;
          headers.emplace_back("Content-Type", "text/html");
          co_await write_response(s, 200, "<html><title>Blocked</title></html>", headers);
        }),
        "dns_server_misbehaving"}},
      {"doh_status_403",
       {doh([](TlsServerStream& s, const std::string&) -> asio::awaitable<void> {
          co_await write_response(s, 403, "forbidden");
        }),
        "dns_server_misbehaving"}},
      {"doh_endless_body",
       {doh([](TlsServerStream& s, const std::string&) -> asio::awaitable<void> {
          if (!co_await send(s,
                             "HTTP/1.1 200 OK\r\nContent-Type: application/dns-message\r\n"
                             "Connection: close\r\n\r\n"))
            co_return;
          const std::string chunk(16384, 'x');
          for (int i = 0; i < 100000; ++i) {
            if (!co_await send(s, chunk))
              co_return;
          }
        }),
        "dns_server_misbehaving"}},
      {"doh_header_drip",
       {doh([](TlsServerStream& s, const std::string&) -> asio::awaitable<void> {
          co_await drip(s, "HTTP/1.1 200 OK\r\nX-Drip: ", 'd');
        }),
        "generic_timeout_error"}},
      {"doh_wrong_id",
       {doh([](TlsServerStream& s, const std::string& query) -> asio::awaitable<void> {
          std::vector<std::pair<std::string, std::string>> headers;
          headers.emplace_back("Content-Type", "application/dns-message");
          co_await write_response(s, 200, answer_to(query, 1), headers);
        }),
        "dns_reply_with_wrong_query_id"}},
  };
  return cases;
}

std::vector<std::string> names_of(const std::map<std::string, Case>& cases) {
  std::vector<std::string> out;
  for (const auto& [name, c] : cases)
    out.push_back(name);
  return out;
}

core::StepTimeouts step_timeouts() {
  core::StepTimeouts t;
  t.dns = t.connect = t.tls = t.http = kStep;
  return t;
}

std::shared_ptr<net::TrustStore> trust() {
  return net::TrustStore::from_ca_file(tls_ca().root_file()).value();
}

// Looks up a name through `resolver` and checks what every case checks.
void expect_lookup_ends(net::Resolver& resolver, const std::string& failure) {
  Stopwatch watch;
  core::MeasurementClock clock;
  net::Trace trace(clock, 1);
  auto result = run_coro(resolver.lookup("site.example", trace));
  ASSERT_TRUE(result.failure) << "the lookup succeeded";
  EXPECT_EQ(result.failure->str(), failure);
  EXPECT_TRUE(result.addresses.empty());
  expect_bounded(model::to_json_array(trace.queries), watch, kBound);
}

class HostileDot : public ::testing::TestWithParam<std::string> {};

TEST_P(HostileDot, EndsWithItsFailure) {
  const auto& c = dot_cases().at(GetParam());
  TcpServer server(over_tls(c.behaviour));
  net::DotServer where;
  where.host = kTlsName;
  where.port = server.port();
  where.address = net::parse_endpoint(server.endpoint());
  net::DnsOverTls resolver(where, trust(), step_timeouts());
  expect_lookup_ends(resolver, c.failure);
}

INSTANTIATE_TEST_SUITE_P(EncryptedDns, HostileDot, ::testing::ValuesIn(names_of(dot_cases())),
                         param_name);

class HostileDoh : public ::testing::TestWithParam<std::string> {};

TEST_P(HostileDoh, EndsWithItsFailure) {
  const auto& c = doh_cases().at(GetParam());
  TcpServer server(over_tls(c.behaviour));
  net::ResolverOptions options;
  options.timeouts = step_timeouts();
  options.trust = trust();
  options.doh_address = server.endpoint();
  auto resolver =
      net::make_resolver(std::string("https://") + kTlsName + "/dns-query", options).value();
  expect_lookup_ends(*resolver, c.failure);
}

INSTANTIATE_TEST_SUITE_P(EncryptedDns, HostileDoh, ::testing::ValuesIn(names_of(doh_cases())),
                         param_name);

}  // namespace
}  // namespace ashyq::testing::hostile
