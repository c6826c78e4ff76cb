// DNS over TLS: the server spec, and the verification of the server's certificate (a DoT
// server that cannot prove its name must not be believed). The happy path over loopback is in
// tests/experiments/dnscheck_test.cpp (Dnscheck.LoopbackInjectionIsFlagged).
#include "net/dns_over_tls.hpp"

#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "support/run.hpp"
#include "support/servers.hpp"
#include "support/test_ca.hpp"

namespace ashyq::net {
namespace {

using namespace std::chrono_literals;

TEST(DnsOverTls, ParsesServers) {
  auto a = parse_dot_server("1.1.1.1");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "1.1.1.1");
  EXPECT_EQ(a->port, 853);
  auto b = parse_dot_server("dns.example:8853");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->host, "dns.example");
  EXPECT_EQ(b->port, 8853);
  auto c = parse_dot_server("[2606:4700::1111]:853");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->host, "2606:4700::1111");
  for (const char* bad : {"", "dns.example:", "dns.example:70000", "a b", "x/y:853"})
    EXPECT_FALSE(parse_dot_server(bad)) << bad;
  auto r = make_resolver("dot://1.1.1.1:853/", {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value()->engine(), "dot");
  EXPECT_EQ(r.value()->address(), "1.1.1.1:853");
  EXPECT_FALSE(make_resolver("dot://", {}).ok());
}

TEST(DnsOverTls, AServerWithAnotherNameIsRejected) {
  testing::TestCa ca;
  auto ctx = testing::TestCa::server_context(ca.issue({"other.example"}));
  testing::TcpServer server([ctx](testing::tcp::socket s) -> boost::asio::awaitable<void> {
    testing::TlsServerStream tls(std::move(s), *ctx);
    co_await tls.async_handshake(boost::asio::ssl::stream_base::server,
                                 boost::asio::as_tuple(boost::asio::use_awaitable));
    co_await testing::sleep_for(300ms);
  });
  auto loaded = TrustStore::from_ca_file(ca.root_file());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  auto trust = loaded.value();
  core::StepTimeouts t;
  t.dns = 1000ms;
  t.connect = 1000ms;
  t.tls = 1000ms;
  DotServer s{"dns.example", 0, parse_endpoint(server.endpoint()), ""};
  s.port = s.address->port;
  DnsOverTls dot(s, trust, t);
  core::MeasurementClock clock;
  Trace trace(clock, 1);
  auto out = testing::run_coro(dot.lookup("site.example", trace));
  ASSERT_TRUE(out.failure);
  EXPECT_EQ(out.failure->str(), "ssl_invalid_hostname");
  ASSERT_FALSE(trace.tls_handshakes.empty());
  EXPECT_EQ(trace.tls_handshakes[0].server_name, "dns.example");
  ASSERT_EQ(trace.queries.size(), 2u);
  EXPECT_EQ(trace.queries[0].engine, "dot");
}

}  // namespace
}  // namespace ashyq::net
