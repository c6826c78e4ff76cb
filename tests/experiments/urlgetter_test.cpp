// urlgetter end to end against local servers that misbehave on purpose. Each case asserts the
// exact OONI failure string in the field where OONI would put it.
#include "experiments/urlgetter.hpp"

#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/base64.hpp"
#include "net/dns_message.hpp"
#include "support/hostile_bytes.hpp"
#include "support/run.hpp"
#include "support/servers.hpp"
#include "support/test_ca.hpp"

namespace ashyq::experiments {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
using testing::tcp;
using testing::TcpServer;
using Awaitable = boost::asio::awaitable<void>;
constexpr auto kTuple = boost::asio::as_tuple(boost::asio::use_awaitable);

UrlGetterConfig base_config(const std::string& url) {
  UrlGetterConfig c;
  c.url = url;
  c.resolver = net::make_resolver("system", {}).value();
  c.dialer = std::make_shared<net::TcpDialer>();
  c.trust = net::TrustStore::system();
  c.timeouts.dns = 1000ms;
  c.timeouts.connect = 1000ms;
  c.timeouts.tls = 500ms;
  c.timeouts.http = 500ms;
  return c;
}

json::object run(const UrlGetterConfig& c) {
  core::MeasurementClock clock;
  return testing::run_coro(run_urlgetter(c, clock)).test_keys;
}

std::string str(const json::value& v) {
  return v.is_null() ? "null" : std::string(v.as_string());
}

// A site served over TLS under `name`, reached by connecting to the server directly.
struct TlsSite {
  testing::TestCa ca;
  std::unique_ptr<TcpServer> server;
  UrlGetterConfig config(const std::string& name) {
    auto c = base_config("https://" + name + "/");
    c.address = net::parse_endpoint(server->endpoint());
    c.trust = net::TrustStore::from_ca_file(ca.root_file()).value();
    return c;
  }
};

TEST(UrlGetter, HttpSuccess) {
  TcpServer server(testing::serve_page(200, "<title>hello</title>"));
  auto tk = run(base_config(server.url()));
  EXPECT_EQ(str(tk["failure"]), "null");
  EXPECT_TRUE(tk["failed_operation"].is_null());
  auto& req = tk["requests"].as_array().at(0).as_object();
  EXPECT_EQ(req["response"].at("code"), 200);
  EXPECT_EQ(req["response"].at("body"), "<title>hello</title>");
  EXPECT_EQ(str(req["request"].at("headers").at("Host")), server.endpoint());
  EXPECT_EQ(str(req["address"]), server.endpoint());
  auto& tcp_connect = tk["tcp_connect"].as_array().at(0).as_object();
  EXPECT_EQ(tcp_connect["status"].at("success"), true);
  EXPECT_EQ(tcp_connect["ip"], "127.0.0.1");
  std::set<std::string> ops;
  for (const auto& e : tk["network_events"].as_array()) {
    ops.insert(std::string(e.at("operation").as_string()));
  }
  for (const char* op :
       {"connect", "write", "read", "http_transaction_start", "http_transaction_done"}) {
    EXPECT_TRUE(ops.count(op)) << op;
  }
}

TEST(UrlGetter, HttpsSuccessRecordsTheHandshake) {
  TlsSite site;
  site.server = std::make_unique<TcpServer>(testing::serve_tls_page(
      testing::TestCa::server_context(site.ca.issue({"site.example"})), 200, "secure"));
  auto tk = run(site.config("site.example"));
  EXPECT_EQ(str(tk["failure"]), "null");
  auto& hs = tk["tls_handshakes"].as_array().at(0).as_object();
  EXPECT_TRUE(hs["failure"].is_null());
  EXPECT_EQ(hs["server_name"], "site.example");
  EXPECT_EQ(hs["tls_version"], "TLSv1.3");
  EXPECT_EQ(hs["negotiated_protocol"], "http/1.1");
  EXPECT_FALSE(hs["cipher_suite"].as_string().empty());
  ASSERT_EQ(hs["peer_certificates"].as_array().size(), 1u);
  EXPECT_EQ(hs["peer_certificates"].as_array()[0].at("format"), "base64");
  EXPECT_EQ(tk["requests"].as_array().at(0).at("response").at("body"), "secure");
}

// Without archive (the test helper's fetch) the outcome is the same and nothing is archived:
// no test keys and no records in the flows' traces.
TEST(UrlGetter, WithoutArchiveTheOutcomeIsTheSame) {
  TlsSite site;
  site.server = std::make_unique<TcpServer>(
      testing::serve_tls_page(testing::TestCa::server_context(site.ca.issue({"site.example"})), 200,
                              "<title>secure</title>"));
  auto config = site.config("site.example");
  config.archive = false;
  core::MeasurementClock clock;
  auto result = testing::run_coro(run_urlgetter(config, clock));
  EXPECT_FALSE(result.failure.has_value());
  EXPECT_TRUE(result.test_keys.empty());
  ASSERT_TRUE(result.last_response.has_value());
  EXPECT_EQ(result.last_response->code, 200);
  EXPECT_EQ(result.last_response->body, "<title>secure</title>");

  // A certificate problem is still a failure without archive.
  auto wrong = site.config("other.example");
  wrong.archive = false;
  auto refused = testing::run_coro(run_urlgetter(wrong, clock));
  ASSERT_TRUE(refused.failure.has_value());
  EXPECT_EQ(refused.failure->str(), "ssl_invalid_hostname");
  EXPECT_EQ(refused.failed_operation, core::Operation::tls_handshake);
}

TEST(Trace, WithoutArchiveKeepsNothing) {
  core::MeasurementClock clock;
  net::Trace trace(clock, 1);
  trace.set_archive(false);
  trace.add(model::NetworkEvent{});
  trace.add(model::TcpConnect{});
  trace.add(model::TlsHandshake{});
  trace.add(model::HttpTransaction{});
  trace.add(model::DnsQuery{});
  trace.add_duplicate(model::DnsQuery{});
  EXPECT_TRUE(trace.network_events.empty() && trace.tcp_connect.empty() &&
              trace.tls_handshakes.empty() && trace.requests.empty() && trace.queries.empty() &&
              trace.dns_duplicates.empty());
  trace.set_archive(true);
  trace.add(model::NetworkEvent{});
  EXPECT_EQ(trace.network_events.size(), 1u);
}

TEST(UrlGetter, ConnectionRefused) {
  uint16_t port;
  {
    TcpServer closed(testing::serve_page(200, ""));
    port = closed.port();
  }
  auto tk = run(base_config("http://127.0.0.1:" + std::to_string(port) + "/"));
  EXPECT_EQ(str(tk["failure"]), "connection_refused");
  EXPECT_EQ(str(tk["failed_operation"]), "connect");
  EXPECT_EQ(str(tk["tcp_connect"].as_array().at(0).at("status").at("failure")),
            "connection_refused");
  EXPECT_EQ(tk["tcp_connect"].as_array().at(0).at("status").at("success"), false);
  EXPECT_EQ(str(tk["requests"].as_array().at(0).at("failure")), "connection_refused");
}

Awaitable stall(tcp::socket s) {
  co_await testing::sleep_for(5000ms);
}

TEST(UrlGetter, ServerThatNeverAnswersTimesOut) {
  TcpServer server(stall);
  auto tk = run(base_config(server.url()));
  EXPECT_EQ(str(tk["failure"]), "generic_timeout_error");
  EXPECT_EQ(str(tk["failed_operation"]), "http_round_trip");
  EXPECT_EQ(str(tk["requests"].as_array().at(0).at("failure")), "generic_timeout_error");
}

TEST(UrlGetter, SilentTlsPeerTimesOutInTheHandshake) {
  // Kazakhstan's main method: the ClientHello is swallowed and nothing comes back.
  TcpServer server(stall);
  TlsSite site;
  auto c = base_config("https://blocked.example/");
  c.address = net::parse_endpoint(server.endpoint());
  auto tk = run(c);
  EXPECT_EQ(str(tk["failure"]), "generic_timeout_error");
  EXPECT_EQ(str(tk["failed_operation"]), "tls_handshake");
  EXPECT_EQ(str(tk["tls_handshakes"].as_array().at(0).at("failure")), "generic_timeout_error");
  EXPECT_EQ(tk["tcp_connect"].as_array().at(0).at("status").at("success"), true);
  EXPECT_EQ(str(tk["requests"].as_array().at(0).at("failure")), "generic_timeout_error");
}

Awaitable reset_after_request(tcp::socket s) {
  testing::http::request<testing::http::string_body> req;
  co_await testing::read_request(s, req);
  testing::reset(s);
}

TEST(UrlGetter, ResetDuringTheHttpExchange) {
  TcpServer server(reset_after_request);
  auto tk = run(base_config(server.url()));
  EXPECT_EQ(str(tk["failure"]), "connection_reset");
  EXPECT_EQ(str(tk["requests"].as_array().at(0).at("failure")), "connection_reset");
}

Awaitable reset_after_client_hello(tcp::socket s) {
  std::array<char, 5> header{};
  co_await boost::asio::async_read(s, boost::asio::buffer(header), kTuple);
  testing::reset(s);
}

TEST(UrlGetter, ResetAfterClientHello) {
  TcpServer server(reset_after_client_hello);
  auto c = base_config("https://blocked.example/");
  c.address = net::parse_endpoint(server.endpoint());
  auto tk = run(c);
  EXPECT_EQ(str(tk["failure"]), "connection_reset");
  EXPECT_EQ(str(tk["tls_handshakes"].as_array().at(0).at("failure")), "connection_reset");
}

Awaitable close_after_client_hello(tcp::socket s) {
  std::array<char, 5> header{};
  co_await boost::asio::async_read(s, boost::asio::buffer(header), kTuple);
  s.shutdown(tcp::socket::shutdown_both);
  s.close();
}

TEST(UrlGetter, FinAfterClientHelloIsEof) {
  TcpServer server(close_after_client_hello);
  auto c = base_config("https://blocked.example/");
  c.address = net::parse_endpoint(server.endpoint());
  auto tk = run(c);
  EXPECT_EQ(str(tk["tls_handshakes"].as_array().at(0).at("failure")), "eof_error");
}

struct CertCase {
  const char* name;
  std::vector<std::string> cert_names;
  bool other_ca;
  bool expired;
  const char* failure;
};

TEST(UrlGetter, CertificateProblemsMapLikeGo) {
  const CertCase cases[] = {
      {"wrong hostname", {"other.example"}, false, false, "ssl_invalid_hostname"},
      {"unknown authority", {"site.example"}, true, false, "ssl_unknown_authority"},
      {"expired", {"site.example"}, false, true, "ssl_invalid_certificate"},
      {"expired beats wrong name", {"other.example"}, false, true, "ssl_invalid_certificate"},
      {"wrong name beats unknown authority",
       {"other.example"},
       true,
       false,
       "ssl_invalid_hostname"},
  };
  for (const auto& cc : cases) {
    TlsSite site;
    testing::TestCa other("Qaznet Trust Network");
    auto& issuer = cc.other_ca ? other : site.ca;
    site.server = std::make_unique<TcpServer>(testing::serve_tls_page(
        testing::TestCa::server_context(issuer.issue(cc.cert_names, cc.expired)), 200, "x"));
    auto tk = run(site.config("site.example"));
    EXPECT_EQ(str(tk["failure"]), cc.failure) << cc.name;
    auto& hs = tk["tls_handshakes"].as_array().at(0).as_object();
    EXPECT_EQ(str(hs["failure"]), cc.failure) << cc.name;
    // The chain is kept as evidence even though it was rejected.
    EXPECT_FALSE(hs["peer_certificates"].as_array().empty()) << cc.name;
    // The page request is recorded as failed, as OONI does: requests[0] says why.
    ASSERT_EQ(tk["requests"].as_array().size(), 1u) << cc.name;
    EXPECT_EQ(str(tk["requests"].as_array()[0].at("failure")), cc.failure) << cc.name;
  }
}

TEST(UrlGetter, NxdomainFromTheResolver) {
  testing::UdpServer dns([](const std::string& d) {
    auto q = *net::parse_dns_message(d);
    return std::vector<testing::UdpServer::Reply>{{0ms, *net::encode_dns_reply(q, 3, {})}};
  });
  auto c = base_config("http://nonexistent.example/");
  c.resolver = net::make_resolver("udp://" + dns.endpoint(), {}).value();
  auto tk = run(c);
  EXPECT_EQ(str(tk["failure"]), "dns_nxdomain_error");
  EXPECT_EQ(str(tk["failed_operation"]), "resolve");
  EXPECT_EQ(str(tk["queries"].as_array().at(0).at("failure")), "dns_nxdomain_error");
  EXPECT_TRUE(tk["tcp_connect"].as_array().empty());
  EXPECT_EQ(str(tk["requests"].as_array().at(0).at("failure")), "dns_nxdomain_error");
}

TEST(UrlGetter, BodyOverTheCapIsTruncatedAndMarked) {
  TcpServer server(testing::serve_page(200, std::string(100000, 'x')));
  auto c = base_config(server.url());
  c.body_cap = 10000;
  auto tk = run(c);
  EXPECT_EQ(str(tk["failure"]), "null");
  auto& resp = tk["requests"].as_array().at(0).at("response").as_object();
  EXPECT_EQ(resp["body_is_truncated"], true);
  EXPECT_EQ(resp["body"].as_string().size(), 10000u);
}

TEST(UrlGetter, BodyUnderTheCapIsNotMarked) {
  TcpServer server(testing::serve_page(200, std::string(10000, 'x')));
  auto c = base_config(server.url());
  c.body_cap = 10000;
  auto tk = run(c);
  auto& resp = tk["requests"].as_array().at(0).at("response").as_object();
  EXPECT_EQ(resp["body_is_truncated"], false);
  EXPECT_EQ(resp["body"].as_string().size(), 10000u);
}

// Every address blackholes: the dialer waits out the deadline it is given.
class BlackholeDialer final : public net::Dialer {
 public:
  boost::asio::awaitable<net::DialResult> dial(net::Endpoint, std::chrono::milliseconds timeout,
                                               net::Trace&) override {
    given.push_back(timeout);
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, timeout);
    co_await timer.async_wait(boost::asio::use_awaitable);
    net::DialResult r;
    r.failure = core::FailureKind::generic_timeout_error;
    co_return r;
  }
  std::vector<std::chrono::milliseconds> given;
};

TEST(UrlGetter, ManyBlackholedAddressesShareOneConnectDeadline) {
  BlackholeDialer dialer;
  FetchSpec spec;
  for (int i = 1; i <= 100; ++i)
    spec.endpoints.push_back({boost::asio::ip::make_address("10.0.0." + std::to_string(i)), 80});
  core::StepTimeouts timeouts;
  timeouts.connect = 2300ms;
  core::MeasurementClock clock;
  net::Trace trace(clock, 1);
  auto trust = net::TrustStore::system();
  auto out = testing::run_coro(fetch_once(dialer, *trust, timeouts, spec, trace));
  EXPECT_EQ(out.failed_operation, core::Operation::connect);
  ASSERT_EQ(dialer.given.size(), 2u);  // 2 s (the sane minimum), then the ~300 ms left
  EXPECT_EQ(dialer.given[0], 2000ms);
  EXPECT_LE(dialer.given[1], 300ms);  // one deadline for all addresses, not one per address
}

TEST(UrlGetter, RedirectLoopStopsAtTheLimit) {
  TcpServer server(testing::serve_page(302, "", {{"Location", "/again"}}));
  auto tk = run(base_config(server.url()));
  EXPECT_EQ(str(tk["failure"]), "unknown_failure: stopped after too many redirects");
  // As Go's client and OONI: the 10th redirect response is not followed, 10 requests in all.
  EXPECT_EQ(tk["requests"].as_array().size(), 10u);
  EXPECT_EQ(tk["tcp_connect"].as_array().size(), 10u);  // a fresh connection per hop
}

TEST(UrlGetter, RedirectIsFollowedNewestFirst) {
  TcpServer target(testing::serve_page(200, "landed"));
  TcpServer origin(testing::serve_page(301, "", {{"Location", target.url("http", "/dest")}}));
  auto tk = run(base_config(origin.url()));
  EXPECT_EQ(str(tk["failure"]), "null");
  auto& requests = tk["requests"].as_array();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(str(requests[0].at("request").at("url")), target.url("http", "/dest"));
  EXPECT_EQ(requests[0].at("response").at("body"), "landed");
  EXPECT_EQ(str(requests[0].at("request").at("headers").at("Referer")), origin.url());
  EXPECT_EQ(requests[1].at("response").at("code"), 301);
}

TEST(UrlGetter, RedirectWithoutHost) {
  TcpServer server(testing::serve_page(302, "", {{"Location", "http:///nohost"}}));
  auto tk = run(base_config(server.url()));
  EXPECT_EQ(str(tk["failure"]), "http_invalid_redirect_location_host");
}

// Issue 12: a network-chosen host with bytes 0xFF 0xFE and a NUL once reached
// `queries[].hostname` raw (and the NUL cut the name asked on the wire). Such a host is refused
// as an input's would be, and the record written holds only valid UTF-8.
TEST(UrlGetter, RedirectToAHostThatIsNoDnsNameIsRefused) {
  TcpServer server(testing::serve_page(302, "", {{"Location", "http://%ff%fe%c3%28x%00y.test/"}}));
  auto tk = run(base_config(server.url()));
  EXPECT_EQ(str(tk["failure"]), "unknown_failure: invalid domain name");
  EXPECT_EQ(str(tk["failed_operation"]), "http_round_trip");
  EXPECT_TRUE(tk["queries"].as_array().empty()) << json::serialize(tk["queries"]);
  EXPECT_EQ(tk["requests"].as_array().size(), 1u);
  EXPECT_TRUE(testing::is_strict_utf8_json(json::serialize(tk)));
}

// The Location value itself, raw bytes and all, is kept in OONI's base64 form.
TEST(UrlGetter, RawBytesInALocationAreRecordedAsBase64) {
  const std::string location = "http://x\xF0\xFE.test/";
  TcpServer server(testing::serve_page(302, "", {{"Location", location}}));
  auto tk = run(base_config(server.url()));
  EXPECT_TRUE(testing::is_strict_utf8_json(json::serialize(tk)));
  EXPECT_TRUE(tk["queries"].as_array().empty()) << json::serialize(tk["queries"]);
  const auto& headers = tk["requests"].as_array().at(0).at("response").at("headers");
  ASSERT_TRUE(headers.as_object().contains("Location")) << json::serialize(headers);
  const auto& value = headers.at("Location");
  ASSERT_TRUE(value.is_object()) << json::serialize(value);
  EXPECT_EQ(value.at("format"), "base64");
  EXPECT_EQ(core::base64_decode(value.at("data").as_string()), location);
}

}  // namespace
}  // namespace ashyq::experiments
