// sni_blocking: the pure analysis and OONI's `result` as tables, and a loopback run against a
// neutral server whose "censor" stalls every ClientHello that names a listed host.
#include "experiments/sni_blocking.hpp"

#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "support/run.hpp"
#include "support/servers.hpp"
#include "support/test_ca.hpp"

namespace ashyq::experiments {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
using analysis::Method;
using core::Failure;
using core::FailureKind;
using core::Operation;

const SniAttempt kOk{};
const SniAttempt kWrongName{Failure(FailureKind::ssl_invalid_hostname), Operation::tls_handshake};
const SniAttempt kUnknownCa{Failure(FailureKind::ssl_unknown_authority), Operation::tls_handshake};
const SniAttempt kTlsTimeout{Failure(FailureKind::generic_timeout_error), Operation::tls_handshake};
const SniAttempt kTlsReset{Failure(FailureKind::connection_reset), Operation::tls_handshake};
const SniAttempt kConnectTimeout{Failure(FailureKind::generic_timeout_error), Operation::connect};
const SniAttempt kRefused{Failure(FailureKind::connection_refused), Operation::connect};

TEST(SniBlockingAnalysis, Table) {
  struct Row {
    const char* name;
    SniAttempt target, control, none;
    Method method;
    double confidence;
    const char* evidence_part;
  };
  const Row rows[] = {
      {"no blocking: everything answered", kWrongName, kWrongName, kOk, Method::none, 0.9,
       "no SNI-based filtering"},
      {"target answered, control not", kWrongName, kTlsTimeout, kOk, Method::none, 0.7,
       "no SNI-based filtering"},
      {"SNI blackhole", kTlsTimeout, kWrongName, kOk, Method::tls, 0.9, "the name is filtered"},
      {"SNI reset", kTlsReset, kWrongName, kOk, Method::tls, 0.9, "connection_reset"},
      {"SNI filtered, no-SNI handshake also failed", kTlsTimeout, kWrongName, kTlsTimeout,
       Method::tls, 0.75, "answered example.com:"},
      {"SNI filtered, control also filtered", kTlsTimeout, kTlsTimeout, kOk, Method::tls, 0.75,
       "answered no SNI:"},
      {"server address blocked", kConnectTimeout, kConnectTimeout, kRefused, Method::tcp_ip, 0.6,
       "whatever the SNI"},
      {"every handshake fails after connect", kTlsTimeout, kTlsTimeout, kTlsReset, Method::tcp_ip,
       0.4, "not to a name"},
      {"only the target's connect failed", kConnectTimeout, kWrongName, kOk, Method::unknown, 0.2,
       "before any ClientHello"},
      {"an untrusted certificate still means the hello was answered", kUnknownCa, kWrongName, kOk,
       Method::none, 0.9, "completed (ssl_unknown_authority"},
  };
  for (const auto& r : rows) {
    auto v = analyze_sni_blocking("blocked.kz", r.target, "example.com", r.control, r.none,
                                  "10.0.0.9:443");
    EXPECT_EQ(v.method, r.method) << r.name;
    EXPECT_DOUBLE_EQ(v.confidence, r.confidence) << r.name;
    bool found = false;
    for (const auto& e : v.evidence)
      found = found || e.find(r.evidence_part) != std::string::npos;
    EXPECT_TRUE(found) << r.name << ": no evidence line contains '" << r.evidence_part << "'";
    EXPECT_EQ(v.evidence.size(), 4u) << r.name;  // the headline, then one line per handshake
  }
}

TEST(SniBlockingAnalysis, OoniResultClasses) {
  struct Row {
    SniAttempt target, control;
    const char* result;
  };
  const Row rows[] = {
      {kOk, kOk, "success.got_server_hello"},
      {kWrongName, kOk, "success.got_server_hello"},
      {kTlsReset, kOk, "interference.reset"},
      {kTlsTimeout, kOk, "anomaly.timeout"},
      {kTlsTimeout, kWrongName, "anomaly.timeout"},
      {kTlsTimeout, kTlsTimeout, "anomaly.test_helper_unreachable"},
      {kRefused, kOk, "anomaly.test_helper_unreachable"},
      {kUnknownCa, kOk, "interference.unknown_authority"},
      {{Failure(FailureKind::eof_error), Operation::tls_handshake}, kOk, "interference.closed"},
      {{Failure(FailureKind::ssl_invalid_certificate), Operation::tls_handshake},
       kOk,
       "interference.invalid_certificate"},
      {{Failure(FailureKind::ssl_failed_handshake), Operation::tls_handshake},
       kOk,
       "anomaly.unexpected_failure"},
  };
  for (const auto& r : rows)
    EXPECT_EQ(sni_blocking_result(r.target, r.control), r.result) << r.result;
}

TEST(SniBlockingAnalysis, CompletedHandshakes) {
  EXPECT_TRUE(sni_handshake_completed(kOk));
  EXPECT_TRUE(sni_handshake_completed(kWrongName));
  EXPECT_TRUE(sni_handshake_completed(kUnknownCa));
  EXPECT_FALSE(sni_handshake_completed(kTlsTimeout));
  EXPECT_FALSE(sni_handshake_completed(kTlsReset));
  EXPECT_FALSE(sni_handshake_completed(kConnectTimeout));
}

TEST(SniBlockingTarget, UrlsGiveTheirHost) {
  EXPECT_EQ(sni_blocking_target("https://Blocked.example.kz/x"), "blocked.example.kz");
  EXPECT_EQ(sni_blocking_target("Blocked.Example.kz"), "blocked.example.kz");
  EXPECT_EQ(sni_blocking_target("a b"), std::nullopt);
  EXPECT_EQ(sni_blocking_target(""), std::nullopt);
}

// --- end to end on loopback ------------------------------------------------------------------

// A neutral TLS server (certificate for neutral.test) behind a "censor" that leaves every
// connection whose first bytes name `blocked` unanswered.
struct NeutralServer {
  testing::TestCa ca;
  std::shared_ptr<boost::asio::ssl::context> ctx =
      testing::TestCa::server_context(ca.issue({"neutral.test"}));
  testing::TcpServer server{[ctx = ctx](testing::tcp::socket s) -> boost::asio::awaitable<void> {
    std::string peek(2048, '\0');
    auto [ec, n] =
        co_await s.async_receive(boost::asio::buffer(peek), testing::tcp::socket::message_peek,
                                 boost::asio::as_tuple(boost::asio::use_awaitable));
    if (ec)
      co_return;
    if (std::string_view(peek.data(), n).find("blocked.test") != std::string_view::npos) {
      co_await testing::sleep_for(3000ms);  // the blackhole
      co_return;
    }
    co_await testing::serve_tls_page(ctx, 200, "neutral")(std::move(s));
  }};

  SniBlockingConfig config() {
    SniBlockingConfig c;
    c.resolver = net::make_resolver("system", {}).value();
    c.dialer = std::make_shared<net::TcpDialer>();
    c.trust = net::TrustStore::from_ca_file(ca.root_file()).value();
    c.server = net::parse_endpoint(server.endpoint());
    c.control_sni = "example.com";
    c.dial_loopback = true;
    c.timeouts.connect = 1000ms;
    c.timeouts.tls = 700ms;
    return c;
  }
};

json::object measure(const std::string& input, const SniBlockingConfig& config) {
  EnvelopeInfo info;
  auto result = testing::run_coro(measure_sni_blocking(input, config, info));
  EXPECT_TRUE(result.ok());
  return result.value();
}

TEST(SniBlocking, FilteredNameOnLoopback) {
  NeutralServer neutral;
  auto m = measure("https://blocked.test/", neutral.config());
  EXPECT_EQ(m.at("test_name").as_string(), "sni_blocking");
  EXPECT_EQ(m.at("input").as_string(), "blocked.test");
  const auto& tk = m.at("test_keys").as_object();
  const auto& target = tk.at("target").as_object();
  EXPECT_EQ(target.at("sni").as_string(), "blocked.test");
  EXPECT_EQ(target.at("th_address").as_string(), neutral.server.endpoint());
  EXPECT_EQ(target.at("failure").as_string(), "generic_timeout_error");
  EXPECT_EQ(target.at("failed_operation").as_string(), "tls_handshake");
  EXPECT_EQ(tk.at("control").at("failure").as_string(), "ssl_invalid_hostname");
  EXPECT_EQ(tk.at("control").at("sni").as_string(), "example.com");
  EXPECT_TRUE(tk.at("x_no_sni").at("failure").is_null());
  EXPECT_EQ(tk.at("result").as_string(), "anomaly.timeout");
  EXPECT_EQ(tk.at("x_ashyq_verdict").at("method").as_string(), "tls");
  EXPECT_EQ(neutral.server.accepted(), 3);
}

TEST(SniBlocking, UnfilteredNameOnLoopback) {
  NeutralServer neutral;
  auto m = measure("fine.test", neutral.config());
  const auto& tk = m.at("test_keys").as_object();
  EXPECT_EQ(tk.at("target").at("failure").as_string(), "ssl_invalid_hostname");
  EXPECT_EQ(tk.at("result").as_string(), "success.got_server_hello");
  EXPECT_EQ(tk.at("x_ashyq_verdict").at("method").as_string(), "none");
}

TEST(SniBlocking, UnreachableServerIsTcpIp) {
  NeutralServer neutral;
  auto config = neutral.config();
  config.server = net::parse_endpoint("127.0.0.1:1");  // nothing listens: refused
  auto m = measure("blocked.test", config);
  const auto& tk = m.at("test_keys").as_object();
  EXPECT_EQ(tk.at("target").at("failed_operation").as_string(), "connect");
  EXPECT_EQ(tk.at("x_ashyq_verdict").at("method").as_string(), "tcp_ip");
}

}  // namespace
}  // namespace ashyq::experiments
