// The helper's measurements: what it returns for an ordinary site, and what it refuses to touch.
#include "helper/control_measurer.hpp"

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include "net/dns_message.hpp"
#include "support/run.hpp"
#include "support/servers.hpp"
#include "support/test_ca.hpp"

namespace ashyq::helper {
namespace {

using namespace std::chrono_literals;
using core::FailureKind;
namespace json = boost::json;

ControlMeasurerConfig config(std::vector<std::string> allowed_prefixes,
                             const std::string& resolver = "system") {
  ControlMeasurerConfig c;
  c.resolver = net::make_resolver(resolver, {}).value();
  c.dialer = std::make_shared<net::TcpDialer>();
  c.trust = net::TrustStore::system();
  std::string overrides;
  for (const auto& p : allowed_prefixes)
    overrides += "-" + p + "\n";
  c.policy = std::make_shared<AddressPolicy>(analysis::BogonList::parse(overrides).value());
  c.asn = geo::parse_prefix_table("127.0.0.0/8 64512 Loopback Lab\n", "test").value();
  c.timeouts.connect = 1000ms;
  c.timeouts.tls = 1000ms;
  c.timeouts.http = 1000ms;
  c.timeouts.dns = 1000ms;
  return c;
}

model::ThRequest request_for(const std::string& url, std::vector<std::string> endpoints) {
  model::ThRequest r;
  r.http_request = url;
  r.http_request_headers["User-Agent"] = {"ashyq-test"};
  r.tcp_connect = std::move(endpoints);
  return r;
}

TEST(ControlMeasurer, MeasuresAnAllowedSite) {
  testing::TcpServer site(
      testing::serve_page(200, "<html><title>Lab page title</title></html>", {{"X-Lab", "1"}}));
  auto c = config({"127.0.0.0/8"});
  auto response = testing::run_coro(measure_control(request_for(site.url(), {site.endpoint()}), c));
  EXPECT_FALSE(response.dns.failure);
  EXPECT_EQ(response.dns.addrs, std::vector<std::string>{"127.0.0.1"});
  ASSERT_TRUE(response.tcp_connect.count(site.endpoint()));
  EXPECT_TRUE(response.tcp_connect[site.endpoint()].status);
  EXPECT_EQ(response.http_request.status_code, 200);
  EXPECT_EQ(response.http_request.title, "Lab page title");
  EXPECT_EQ(response.http_request.body_length, 42);
  EXPECT_EQ(response.http_request.headers["X-Lab"], "1");
  ASSERT_TRUE(response.ip_info.count("127.0.0.1"));
  EXPECT_EQ(response.ip_info["127.0.0.1"].asn, 64512u);
  EXPECT_EQ(response.ip_info["127.0.0.1"].flags, 1 | 2);  // the probe's and ours
  // The page was fetched over the check's connection, not a second one.
  EXPECT_EQ(site.accepted(), 1);
}

// Sends connections for port 443 to a local server's port, counting every dial.
class To443Dialer final : public net::Dialer {
 public:
  explicit To443Dialer(uint16_t port) : port_(port) {}
  boost::asio::awaitable<net::DialResult> dial(net::Endpoint e, std::chrono::milliseconds timeout,
                                               net::Trace& trace) override {
    ++dials;
    if (e.port == 443)
      e.port = port_;
    co_return co_await inner_.dial(e, timeout, trace);
  }
  int dials = 0;

 private:
  net::TcpDialer inner_;
  uint16_t port_;
};

// https: the check of 127.0.0.1:443 shakes hands, and the fetch sends its request over that
// verified connection (one TCP connection and one handshake in all).
TEST(ControlMeasurer, TheFetchTakesTheChecksVerifiedConnection) {
  testing::TestCa ca;
  testing::TcpServer site(
      testing::serve_tls_page(testing::TestCa::server_context(ca.issue({"127.0.0.1"})), 200,
                              "<html><title>Over TLS</title></html>"));
  auto c = config({"127.0.0.0/8"});
  c.trust = net::TrustStore::from_ca_file(ca.root_file()).value();
  auto dialer = std::make_shared<To443Dialer>(site.port());
  c.dialer = dialer;
  auto response =
      testing::run_coro(measure_control(request_for("https://127.0.0.1/", {"127.0.0.1:443"}), c));
  ASSERT_TRUE(response.tls_handshake.count("127.0.0.1:443"));
  EXPECT_TRUE(response.tls_handshake["127.0.0.1:443"].status);
  EXPECT_EQ(response.http_request.status_code, 200);
  EXPECT_EQ(response.http_request.title, "Over TLS");
  EXPECT_FALSE(response.http_request.failure);
  EXPECT_EQ(site.accepted(), 1);
  EXPECT_EQ(dialer->dials, 1);
}

// With a store that keeps sessions (the helper's, for --cache-ttl), the second request's check
// resumes the session of the first request's verified handshake with the same address and name,
// and its answer is the same; a full handshake's certificate checks are not repeated.
TEST(ControlMeasurer, ALaterCheckResumesTheSessionOfAVerifiedOne) {
  testing::TestCa ca;
  auto server_ctx = testing::TestCa::server_context(ca.issue({"127.0.0.1"}));
  testing::TcpServer site(
      testing::serve_tls_page(server_ctx, 200, "<html><title>Over TLS</title></html>"));
  auto c = config({"127.0.0.0/8"});
  c.trust = net::TrustStore::from_ca_file(ca.root_file()).value();
  c.trust->enable_session_cache(16, 60s);
  c.dialer = std::make_shared<To443Dialer>(site.port());
  auto request = request_for("https://127.0.0.1/", {"127.0.0.1:443"});
  for (int round = 0; round < 2; ++round) {
    auto response = testing::run_coro(measure_control(request, c));
    ASSERT_TRUE(response.tls_handshake.count("127.0.0.1:443")) << round;
    EXPECT_TRUE(response.tls_handshake["127.0.0.1:443"].status) << round;
    EXPECT_FALSE(response.tls_handshake["127.0.0.1:443"].failure) << round;
    EXPECT_EQ(response.http_request.status_code, 200) << round;
    EXPECT_EQ(response.http_request.title, "Over TLS") << round;
    EXPECT_EQ(SSL_CTX_sess_hits(server_ctx->native_handle()), round) << "resumed handshakes";
  }
  EXPECT_EQ(site.accepted(), 2);
}

// A check whose handshake fails lends its failure: the fetch fails as it would have on a
// connection of its own, without a second attempt.
TEST(ControlMeasurer, AFailedCheckIsTheFetchsAttemptToo) {
  testing::TestCa ca;
  testing::TcpServer site(testing::serve_tls_page(
      testing::TestCa::server_context(ca.issue({"other.example"})), 200, "never read"));
  auto c = config({"127.0.0.0/8"});
  c.trust = net::TrustStore::from_ca_file(ca.root_file()).value();
  auto dialer = std::make_shared<To443Dialer>(site.port());
  c.dialer = dialer;
  auto response =
      testing::run_coro(measure_control(request_for("https://127.0.0.1/", {"127.0.0.1:443"}), c));
  ASSERT_TRUE(response.tls_handshake.count("127.0.0.1:443"));
  EXPECT_FALSE(response.tls_handshake["127.0.0.1:443"].status);
  EXPECT_EQ(response.tls_handshake["127.0.0.1:443"].failure->str(), "ssl_invalid_hostname");
  ASSERT_TRUE(response.http_request.failure);
  EXPECT_EQ(response.http_request.failure->str(), "unknown_error");  // the legacy name
  EXPECT_EQ(response.http_request.status_code, -1);
  EXPECT_EQ(site.accepted(), 1);
  EXPECT_EQ(dialer->dials, 1);
}

TEST(ControlMeasurer, RefusesLoopbackWithoutTheLabOption) {
  testing::TcpServer site(testing::serve_page(200, "secret"));
  auto response =
      testing::run_coro(measure_control(request_for(site.url(), {site.endpoint()}), config({})));
  EXPECT_EQ(site.accepted(), 0) << "the helper connected to loopback";
  EXPECT_TRUE(response.tcp_connect.empty());
  EXPECT_EQ(response.http_request.failure->str(), "unknown_error");
  EXPECT_EQ(response.http_request.status_code, -1);
  EXPECT_EQ(response.http_request.body_length, -1);
  EXPECT_EQ(response.ip_info["127.0.0.1"].flags & 4, 4);  // marked as a bogon
}

TEST(ControlMeasurer, RefusesPrivateAddressesTheProbeSends) {
  testing::TcpServer site(testing::serve_page(200, "x"));
  // The probe claims the site lives at private addresses: none is dialled.
  auto response = testing::run_coro(measure_control(
      request_for("http://example.invalid/", {"10.0.0.1:80", "192.168.1.1:80", "169.254.1.1:80",
                                              "100.64.0.1:80", "[fe80::1]:80", "[::1]:80"}),
      config({})));
  EXPECT_TRUE(response.tcp_connect.empty());
  for (const char* ip :
       {"10.0.0.1", "192.168.1.1", "169.254.1.1", "100.64.0.1", "fe80::1", "::1"}) {
    ASSERT_TRUE(response.ip_info.count(ip)) << ip;
    EXPECT_EQ(response.ip_info[ip].flags, 1 | 4) << ip;
  }
}

TEST(ControlMeasurer, DnsRebindingToLoopbackIsRefused) {
  testing::TcpServer site(testing::serve_page(200, "secret"));
  testing::UdpServer dns([](const std::string& d) {
    auto q = *net::parse_dns_message(d);
    std::vector<model::DnsAnswer> answers;
    if (q.question_type == 1)
      answers.push_back({"A", "127.0.0.1", 5, 0, ""});
    return std::vector<testing::UdpServer::Reply>{{0ms, *net::encode_dns_reply(q, 0, answers)}};
  });
  auto url = "http://rebind.example:" + std::to_string(site.port()) + "/";
  auto response = testing::run_coro(
      measure_control(request_for(url, {}), config({}, "udp://" + dns.endpoint())));
  EXPECT_EQ(site.accepted(), 0) << "the helper followed a rebinding answer to loopback";
  EXPECT_EQ(response.dns.addrs, std::vector<std::string>{"127.0.0.1"});  // reported, not used
  EXPECT_TRUE(response.tcp_connect.empty());
  EXPECT_EQ(response.http_request.failure->str(), "unknown_error");
}

TEST(ControlMeasurer, ConnectFailuresUseLegacyNames) {
  uint16_t port;
  {
    testing::TcpServer closed(testing::serve_page(200, ""));
    port = closed.port();
  }
  auto endpoint = "127.0.0.1:" + std::to_string(port);
  auto response = testing::run_coro(measure_control(
      request_for("http://" + endpoint + "/", {endpoint}), config({"127.0.0.0/8"})));
  EXPECT_EQ(response.tcp_connect[endpoint].status, false);
  EXPECT_EQ(response.tcp_connect[endpoint].failure->str(), "connection_refused_error");
  EXPECT_EQ(response.http_request.failure->str(), "connection_refused_error");
}

TEST(LegacyFailures, Table) {
  struct Row {
    const char* name;
    core::MaybeFailure in;
    core::MaybeFailure (*map)(const core::MaybeFailure&);
    const char* out;  // nullptr = null
  } rows[] = {
      {"dns nxdomain", FailureKind::dns_nxdomain_error, legacy_dns_failure, "dns_name_error"},
      {"dns no answer", FailureKind::dns_no_answer, legacy_dns_failure, nullptr},
      {"dns refused", FailureKind::dns_refused_error, legacy_dns_failure, "dns_server_failure"},
      {"dns misbehaving", FailureKind::dns_server_misbehaving, legacy_dns_failure,
       "dns_server_failure"},
      {"dns timeout", FailureKind::generic_timeout_error, legacy_dns_failure, "unknown_error"},
      {"tcp timeout", FailureKind::generic_timeout_error, legacy_tcp_failure,
       "generic_timeout_error"},
      {"tcp refused", FailureKind::connection_refused, legacy_tcp_failure,
       "connection_refused_error"},
      {"tcp reset", FailureKind::connection_reset, legacy_tcp_failure, "connect_error"},
      {"tcp ok", std::nullopt, legacy_tcp_failure, nullptr},
  };
  for (const auto& row : rows) {
    auto out = row.map(row.in);
    if (row.out == nullptr) {
      EXPECT_FALSE(out) << row.name;
    } else {
      ASSERT_TRUE(out) << row.name;
      EXPECT_EQ(out->str(), row.out) << row.name;
    }
  }
  EXPECT_EQ(legacy_http_failure(FailureKind::generic_timeout_error, true)->str(),
            "dns_lookup_error");
  EXPECT_EQ(legacy_http_failure(FailureKind::dns_nxdomain_error, true)->str(), "dns_lookup_error");
  EXPECT_EQ(legacy_http_failure(FailureKind::generic_timeout_error, false)->str(),
            "generic_timeout_error");
  EXPECT_EQ(legacy_http_failure(FailureKind::ssl_unknown_authority, false)->str(), "unknown_error");
  EXPECT_EQ(legacy_http_failure(FailureKind::dns_bogon_error, true)->str(), "unknown_error");
}

}  // namespace
}  // namespace ashyq::helper
