// Resolvers against local DNS servers that the tests script: NXDOMAIN, a wrong query id,
// an injected answer racing the true one, DNS over TCP and over HTTPS.
#include "net/resolver.hpp"

#include <gtest/gtest.h>

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cstdlib>
#include <map>

#include "net/dns_message.hpp"
#include "net/system_resolver.hpp"
#include "net/tls_handshaker.hpp"
#include "support/run.hpp"
#include "support/servers.hpp"
#include "support/test_ca.hpp"

namespace ashyq::net {
namespace {

using namespace std::chrono_literals;
using testing::run_coro;
using testing::UdpServer;

std::shared_ptr<Resolver> make(const std::string& spec, core::StepTimeouts t = {},
                               ResolverOptions options = {}) {
  options.timeouts = t;
  auto r = make_resolver(spec, options);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message());
  return r.value();
}

core::StepTimeouts fast() {
  core::StepTimeouts t;
  t.dns = 1000ms;
  t.dns_linger = 200ms;
  return t;
}

// A reply to `datagram` with the given rcode and A/AAAA answers (A only for A queries…).
std::string reply_to(const std::string& datagram, int rcode, const std::string& v4,
                     std::optional<uint16_t> id = std::nullopt) {
  auto q = *parse_dns_message(datagram);
  if (id)
    q.id = *id;
  std::vector<model::DnsAnswer> answers;
  if (q.question_type == 1 && !v4.empty())
    answers.push_back({"A", v4, 60, 0, ""});
  return *encode_dns_reply(q, rcode, answers);
}

struct Lookup {
  LookupResult result;
  std::vector<model::DnsQuery> queries;
  std::vector<model::DnsQuery> duplicates;
};

Lookup lookup(Resolver& r, const std::string& host) {
  core::MeasurementClock clock;
  Trace trace(clock, 1);
  Lookup out;
  out.result = run_coro(r.lookup(host, trace));
  out.queries = trace.queries;
  out.duplicates = trace.dns_duplicates;
  return out;
}

TEST(DnsOverUdp, AnswersAreRecordedPerQueryType) {
  UdpServer server([](const std::string& d) {
    return std::vector<UdpServer::Reply>{{0ms, reply_to(d, 0, "10.1.1.1")}};
  });
  auto r = make("udp://" + server.endpoint(), fast());
  auto out = lookup(*r, "site.example");
  EXPECT_FALSE(out.result.failure);
  EXPECT_EQ(out.result.addresses, std::vector<std::string>{"10.1.1.1"});
  ASSERT_EQ(out.queries.size(), 2u);
  for (const auto& q : out.queries) {
    EXPECT_EQ(q.engine, "udp");
    EXPECT_EQ(q.resolver_address, server.endpoint());
    EXPECT_EQ(q.hostname, "site.example");
    EXPECT_LE(q.t0, q.t);
    EXPECT_EQ(q.transaction_id, 1);
    if (q.query_type == "A") {
      EXPECT_FALSE(q.failure);
      ASSERT_EQ(q.answers.size(), 1u);
      EXPECT_EQ(q.answers[0].value, "10.1.1.1");
    } else {
      EXPECT_EQ(q.query_type, "AAAA");
      ASSERT_TRUE(q.failure);
      EXPECT_EQ(q.failure->str(), "dns_no_answer");
    }
  }
}

TEST(DnsOverUdp, Nxdomain) {
  UdpServer server([](const std::string& d) {
    return std::vector<UdpServer::Reply>{{0ms, reply_to(d, 3, "")}};
  });
  auto out = lookup(*make("udp://" + server.endpoint(), fast()), "nonexistent.example");
  ASSERT_TRUE(out.result.failure);
  EXPECT_EQ(out.result.failure->str(), "dns_nxdomain_error");
  EXPECT_EQ(out.queries.at(0).failure->str(), "dns_nxdomain_error");
  EXPECT_EQ(out.queries.at(0).rcode, 3);
}

TEST(DnsOverUdp, ReplyWithWrongQueryIdIsIgnored) {
  UdpServer server([](const std::string& d) {
    auto q = *parse_dns_message(d);
    return std::vector<UdpServer::Reply>{
        {0ms, reply_to(d, 0, "10.6.6.6", static_cast<uint16_t>(q.id + 1))},  // spoofed guess
        {50ms, reply_to(d, 0, "10.1.1.1")}};
  });
  auto out = lookup(*make("udp://" + server.endpoint(), fast()), "site.example");
  EXPECT_FALSE(out.result.failure);
  EXPECT_EQ(out.result.addresses, std::vector<std::string>{"10.1.1.1"});
  EXPECT_TRUE(out.duplicates.empty());
}

TEST(DnsOverUdp, OnlyWrongIdRepliesMeanTimeout) {
  UdpServer server([](const std::string& d) {
    auto q = *parse_dns_message(d);
    return std::vector<UdpServer::Reply>{
        {0ms, reply_to(d, 0, "10.6.6.6", static_cast<uint16_t>(q.id ^ 0xffff))}};
  });
  auto t = fast();
  t.dns = 300ms;
  auto out = lookup(*make("udp://" + server.endpoint(), t), "site.example");
  ASSERT_TRUE(out.result.failure);
  EXPECT_EQ(out.result.failure->str(), "generic_timeout_error");
}

// A reply with our id whose question name is a compression pointer to itself.
std::string unreadable_reply_to(const std::string& datagram) {
  std::string reply = datagram.substr(0, 2);  // our id
  reply += std::string("\x81\x80\x00\x01\x00\x01\x00\x00\x00\x00", 10);
  reply += std::string("\xc0\x0c\x00\x01\x00\x01", 6);  // the name points at itself
  return reply;
}

TEST(DnsOverUdp, OnlyUnreadableRepliesMeanTheServerMisbehaves) {
  UdpServer server([](const std::string& d) {
    return std::vector<UdpServer::Reply>{{0ms, unreadable_reply_to(d)}};
  });
  auto t = fast();
  t.dns = 300ms;
  auto out = lookup(*make("udp://" + server.endpoint(), t), "site.example");
  ASSERT_TRUE(out.result.failure);
  EXPECT_EQ(out.result.failure->str(), "dns_server_misbehaving");
}

TEST(DnsOverUdp, AnUnreadableReplyDoesNotHideAGoodOne) {
  UdpServer server([](const std::string& d) {
    return std::vector<UdpServer::Reply>{{0ms, unreadable_reply_to(d)},
                                         {30ms, reply_to(d, 0, "10.1.1.1")}};
  });
  auto out = lookup(*make("udp://" + server.endpoint(), fast()), "site.example");
  EXPECT_FALSE(out.result.failure);
  EXPECT_EQ(out.result.addresses, std::vector<std::string>{"10.1.1.1"});
}

TEST(DnsOverUdp, AReplyLargerThan4KiBIsRead) {
  UdpServer server([](const std::string& d) {
    auto q = *parse_dns_message(d);
    std::vector<model::DnsAnswer> answers;
    if (q.question_type == 1) {
      for (int i = 0; i < 400; ++i)  // 400 A records: ~6.4 KB
        answers.push_back(
            {"A", "10.9." + std::to_string(i / 250) + "." + std::to_string(i % 250), 60, 0, ""});
    }
    return std::vector<UdpServer::Reply>{{0ms, *encode_dns_reply(q, 0, answers)}};
  });
  auto out = lookup(*make("udp://" + server.endpoint(), fast()), "site.example");
  ASSERT_FALSE(out.result.failure) << out.result.failure->str();
  EXPECT_EQ(out.result.addresses.size(), 400u);
}

TEST(DnsOverUdp, InjectedAndTrueAnswersAreBothRecorded) {
  UdpServer server([](const std::string& d) {
    return std::vector<UdpServer::Reply>{{0ms, reply_to(d, 0, "10.10.34.34")},  // injected
                                         {60ms, reply_to(d, 0, "10.1.1.1")}};   // genuine
  });
  auto out = lookup(*make("udp://" + server.endpoint(), fast()), "blocked.example");
  EXPECT_EQ(out.result.addresses, std::vector<std::string>{"10.10.34.34"});
  ASSERT_EQ(out.duplicates.size(), 2u);  // the late A and the late AAAA reply
  bool late_a = false;
  for (const auto& dup : out.duplicates) {
    if (dup.query_type == "A") {
      late_a = true;
      ASSERT_EQ(dup.answers.size(), 1u);
      EXPECT_EQ(dup.answers[0].value, "10.1.1.1");
      EXPECT_TRUE(dup.raw_response.has_value());
    }
  }
  EXPECT_TRUE(late_a);
}

TEST(DnsOverUdp, SilentServerTimesOut) {
  UdpServer server([](const std::string&) { return std::vector<UdpServer::Reply>{}; });
  auto t = fast();
  t.dns = 300ms;
  auto out = lookup(*make("udp://" + server.endpoint(), t), "site.example");
  EXPECT_EQ(out.result.failure->str(), "generic_timeout_error");
}

// Issue 17: a lossy link loses the first datagram; the query is sent again after `dns_retry`
// and the second answer is the result, with both sends in the trace.
TEST(DnsOverUdp, ALostQueryIsSentAgainBeforeTheDeadline) {
  // Answers only the second datagram of each query type; `seen` is touched by the server's
  // thread alone until the lookup is over.
  auto losing_first = [](std::map<int, int>& seen) {
    return [&seen](const std::string& d) {
      const int type = parse_dns_message(d)->question_type;
      if (++seen[type] == 1)
        return std::vector<UdpServer::Reply>{};  // "lost"
      return std::vector<UdpServer::Reply>{{0ms, reply_to(d, 0, "10.1.1.1")}};
    };
  };
  std::map<int, int> seen;
  UdpServer server(losing_first(seen));
  auto t = fast();
  t.dns = 2000ms;
  t.dns_retry = 200ms;
  core::MeasurementClock clock;
  Trace trace(clock, 1);
  auto r = make("udp://" + server.endpoint(), t);
  auto result = run_coro(r->lookup("site.example", trace));
  EXPECT_FALSE(result.failure) << result.failure->str();
  EXPECT_EQ(result.addresses, std::vector<std::string>{"10.1.1.1"});
  std::size_t writes = 0;
  for (const auto& e : trace.network_events)
    writes += e.operation == "write";
  EXPECT_EQ(writes, 4u);  // A and AAAA, each sent twice
  EXPECT_EQ(seen[1], 2);

  // With retries off, the lost query is a timeout, as before.
  std::map<int, int> seen_once;
  UdpServer once_server(losing_first(seen_once));
  t.dns = 400ms;
  t.dns_retry = 0ms;
  auto once = lookup(*make("udp://" + once_server.endpoint(), t), "site.example");
  ASSERT_TRUE(once.result.failure);
  EXPECT_EQ(once.result.failure->str(), "generic_timeout_error");
}

boost::asio::awaitable<void> dns_over_tcp_server(testing::tcp::socket s) {
  auto tuple = boost::asio::as_tuple(boost::asio::use_awaitable);
  const std::string address = "10.2.2.2";
  for (;;) {
    std::array<unsigned char, 2> len{};
    auto [ec, n] = co_await boost::asio::async_read(s, boost::asio::buffer(len), tuple);
    if (ec)
      co_return;
    std::string q((len[0] << 8) | len[1], '\0');
    co_await boost::asio::async_read(s, boost::asio::buffer(q), tuple);
    std::string r = reply_to(q, 0, address);
    std::string framed;
    framed.push_back(static_cast<char>(r.size() >> 8));
    framed.push_back(static_cast<char>(r.size() & 0xff));
    framed += r;
    co_await boost::asio::async_write(s, boost::asio::buffer(framed), tuple);
  }
}

TEST(DnsOverTcp, AnswersOverAStream) {
  testing::TcpServer server(dns_over_tcp_server);
  auto out = lookup(*make("tcp://" + server.endpoint(), fast()), "site.example");
  EXPECT_FALSE(out.result.failure);
  EXPECT_EQ(out.result.addresses, std::vector<std::string>{"10.2.2.2"});
  EXPECT_EQ(out.queries.at(0).engine, "tcp");
}

TEST(DnsOverHttps, PostsWireFormatOverTls) {
  testing::TestCa ca;
  auto ctx = testing::TestCa::server_context(ca.issue({"doh.example"}));
  testing::TcpServer server([ctx](testing::tcp::socket s) -> boost::asio::awaitable<void> {
    testing::TlsServerStream tls(std::move(s), *ctx);
    auto tuple = boost::asio::as_tuple(boost::asio::use_awaitable);
    auto [ec] = co_await tls.async_handshake(boost::asio::ssl::stream_base::server, tuple);
    if (ec)
      co_return;
    testing::http::request<testing::http::string_body> req;
    if (!co_await testing::read_request(tls, req))
      co_return;
    if (req.method() != testing::http::verb::post ||
        req[testing::http::field::content_type] != "application/dns-message") {
      co_await testing::write_response(tls, 415, std::string());
      co_return;
    }
    // GCC 12 miscompiles braced initialisers inside co_await expressions: build values first.
    std::vector<std::pair<std::string, std::string>> headers;
    headers.emplace_back("Content-Type", "application/dns-message");
    std::string body = reply_to(req.body(), 0, std::string("10.3.3.3"));
    co_await testing::write_response(tls, 200, std::move(body), std::move(headers));
  });
  ResolverOptions options;
  options.trust = TrustStore::from_ca_file(ca.root_file()).value();
  options.doh_address = server.endpoint();
  auto out = lookup(*make("https://doh.example/dns-query", fast(), options), "site.example");
  EXPECT_FALSE(out.result.failure) << out.result.failure->str();
  EXPECT_EQ(out.result.addresses, std::vector<std::string>{"10.3.3.3"});
  ASSERT_FALSE(out.queries.empty());
  EXPECT_EQ(out.queries.back().engine, "doh");
  EXPECT_EQ(out.queries.back().resolver_address, "https://doh.example/dns-query");
}

// Issue 17: glibc is asked to resend a lost query after 1 s (its default wait, 5 s, is longer
// than a lookup's deadline), unless the person running ashyq set RES_OPTIONS themselves.
TEST(SystemResolver, AsksForQuickRetransmissionUnlessTheEnvironmentSaysOtherwise) {
  const char* before = std::getenv("RES_OPTIONS");
  const std::string saved = before ? before : "";
  unsetenv("RES_OPTIONS");
  EXPECT_EQ(prefer_quick_dns_retransmission(), "timeout:1 attempts:4");
  setenv("RES_OPTIONS", "timeout:3", 1);
  EXPECT_EQ(prefer_quick_dns_retransmission(), "timeout:3");
  if (before)
    setenv("RES_OPTIONS", saved.c_str(), 1);
  else
    unsetenv("RES_OPTIONS");
}

TEST(SystemResolver, ResolvesLocalhost) {
  auto out = lookup(*make("system", fast()), "localhost");
  EXPECT_FALSE(out.result.failure);
  ASSERT_FALSE(out.result.addresses.empty());
  ASSERT_EQ(out.queries.size(), 1u);
  EXPECT_EQ(out.queries[0].engine, "getaddrinfo");
  EXPECT_EQ(out.queries[0].query_type, "ANY");
}

TEST(SystemResolver, InvalidNameIsNxdomain) {
  // ".invalid" is reserved (RFC 6761): never resolves, and glibc answers without the network
  // only when no resolver is reachable, so accept either NXDOMAIN or a resolver failure.
  auto out = lookup(*make("system", fast()), "ashyq-test.invalid");
  ASSERT_TRUE(out.result.failure);
  EXPECT_TRUE(out.queries[0].getaddrinfo_error.has_value());
}

TEST(MakeResolver, RejectsBadSpecsWithAReason) {
  for (const char* bad : {"udp://nothing", "dns://1.1.1.1", "tcp://1.2.3.4:99999", "https://"}) {
    auto r = make_resolver(bad, {});
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().where, "resolver '" + std::string(bad) + "'");
    EXPECT_FALSE(r.error().why.empty());
  }
}

}  // namespace
}  // namespace ashyq::net
