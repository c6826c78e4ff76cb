// web_connectivity end to end on loopback: a real helper (ashyq's control server), real sites,
// and a probe-side resolver and dialer the test controls, for each way a site can be blocked.
#include "experiments/web_connectivity.hpp"

#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <fstream>
#include <sstream>
#include <thread>

#include "net/dns_message.hpp"
#include "support/local_helper.hpp"
#include "support/run.hpp"
#include "support/servers.hpp"
#include "test_source_dir.hpp"

namespace ashyq::experiments {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace json = boost::json;
using testing::TcpServer;
using testing::UdpServer;

// A DNS server that answers every A query for any name with `ip` (or NXDOMAIN when empty).
std::unique_ptr<UdpServer> dns_answering(const std::string& ip) {
  return std::make_unique<UdpServer>([ip](const std::string& d) {
    auto q = *net::parse_dns_message(d);
    std::vector<model::DnsAnswer> answers;
    if (!ip.empty() && q.question_type == 1)
      answers.push_back({"A", ip, 60, 0, ""});
    return std::vector<UdpServer::Reply>{
        {0ms, *net::encode_dns_reply(q, ip.empty() ? 3 : 0, answers)}};
  });
}

std::shared_ptr<net::Resolver> udp_resolver(const UdpServer& server) {
  core::StepTimeouts t;
  t.dns = 1000ms;
  t.dns_linger = 50ms;
  net::ResolverOptions o;
  o.timeouts = t;
  return net::make_resolver("udp://" + server.endpoint(), o).value();
}

// Sends the probe's connections for `from` to `to` instead, recording them as made to `from`:
// what an on-path middlebox does, seen from the probe.
class DivertingDialer final : public net::Dialer {
 public:
  DivertingDialer(uint16_t from, uint16_t to, bool refuse = false)
      : from_(from), to_(to), refuse_(refuse) {}
  asio::awaitable<net::DialResult> dial(net::Endpoint e, std::chrono::milliseconds timeout,
                                        net::Trace& trace) override {
    if (e.port != from_)
      co_return co_await inner_.dial(e, timeout, trace);
    if (refuse_) {  // RST in answer to the SYN
      model::TcpConnect record;
      record.ip = e.ip.to_string();
      record.port = e.port;
      record.t0 = record.t = trace.now();
      record.failure = core::FailureKind::connection_refused;
      trace.add(record);
      net::DialResult r;
      r.failure = record.failure;
      co_return r;
    }
    auto r = co_await inner_.dial({e.ip, to_}, timeout, trace);
    trace.tcp_connect.back().port = from_;
    co_return r;
  }

 private:
  net::TcpDialer inner_;
  uint16_t from_, to_;
  bool refuse_;
};

std::shared_ptr<analysis::FingerprintDb> our_fingerprints() {
  const char* dir = ASHYQ_TEST_SOURCE_DIR;
  std::ifstream in(std::string(dir ? dir : ".") + "/data/fingerprints/ashyq.csv");
  std::stringstream ss;
  ss << in.rdbuf();
  auto db = std::make_shared<analysis::FingerprintDb>();
  EXPECT_TRUE(db->add_csv(ss.str(), "ashyq.csv").ok()) << "data/fingerprints/ashyq.csv";
  return db;
}

struct World {
  std::unique_ptr<TcpServer> site = std::make_unique<TcpServer>(
      testing::serve_page(200, "<html><title>Independent news today</title><body>" +
                                   std::string(3000, 'n') + "</body></html>"));
  std::unique_ptr<UdpServer> public_dns = dns_answering("127.0.0.1");
  testing::LocalHelper helper{testing::LocalHelper::loopback_config(udp_resolver(*public_dns))};
  std::string url() const { return "http://news.example:" + std::to_string(site->port()) + "/"; }

  WebConnectivityConfig probe(const UdpServer& isp_dns,
                              std::shared_ptr<net::Dialer> dialer = nullptr) {
    WebConnectivityConfig c;
    c.resolver = udp_resolver(isp_dns);
    c.dialer = dialer ? dialer : std::make_shared<net::TcpDialer>();
    c.trust = net::TrustStore::system();
    c.control.helpers = {helper.url()};
    c.control.resolver = c.resolver;
    c.control.dialer = std::make_shared<net::TcpDialer>();
    c.control.trust = c.trust;
    c.control.timeout = 5000ms;
    c.bogons =
        std::make_shared<analysis::BogonList>(analysis::BogonList::parse("-127.0.0.0/8").value());
    c.fingerprints = our_fingerprints();
    c.timeouts.connect = c.timeouts.tls = c.timeouts.http = 1000ms;
    c.timeouts.dns = 1000ms;
    c.dial_loopback = true;
    return c;
  }
};

json::object measure(const std::string& url, const WebConnectivityConfig& c) {
  auto result = testing::run_coro(measure_web_connectivity(url, c, EnvelopeInfo{}));
  if (!result.ok()) {
    ADD_FAILURE() << result.error().message();
    return {};
  }
  return result.value();
}

std::string blocking(const json::object& m) {
  const auto& b = m.at("test_keys").at("blocking");
  if (b.is_bool())
    return b.as_bool() ? "true" : "false";
  if (b.is_null())
    return "null";
  return std::string(b.as_string());
}
json::value accessible(const json::object& m) {
  return m.at("test_keys").at("accessible");
}
std::string method(const json::object& m) {
  return std::string(m.at("test_keys").at("x_ashyq_verdict").at("method").as_string());
}

TEST(WebConnectivity, AccessibleSite) {
  World w;
  auto isp = dns_answering("127.0.0.1");
  auto m = measure(w.url(), w.probe(*isp));
  EXPECT_EQ(m["test_name"], "web_connectivity");
  if (std::getenv("ASHYQ_DUMP"))
    std::cerr << json::serialize(m) << "\n";
  EXPECT_EQ(m["test_keys"].at("control_failure"), nullptr);
  EXPECT_EQ(m["test_keys"].at("dns_consistency"), "consistent");
  EXPECT_EQ(blocking(m), "false");
  EXPECT_EQ(accessible(m), true);
  EXPECT_EQ(method(m), "none");
  EXPECT_EQ(m["test_keys"].at("tcp_connect").at(0).at("status").at("blocked"), false);
  EXPECT_EQ(m["test_helpers"].at("backend").at("address"), json::string(w.helper.url()));
  // The control request carried the probe's own addresses.
  auto& sent = m["test_keys"].at("x_control_request").at("tcp_connect").as_array();
  ASSERT_EQ(sent.size(), 1u);
}

TEST(WebConnectivity, NxdomainFromTheProbesResolverOnly) {
  World w;
  auto isp = dns_answering("");  // NXDOMAIN
  auto m = measure(w.url(), w.probe(*isp));
  EXPECT_EQ(m["test_keys"].at("dns_experiment_failure"), "dns_nxdomain_error");
  EXPECT_EQ(blocking(m), "dns");
  EXPECT_EQ(accessible(m), false);
  EXPECT_EQ(method(m), "dns");
}

const std::string kBlockpage =
    "<html><title>Blocked</title><body>ashyq-lab-blockpage: access restricted</body></html>";

TEST(WebConnectivity, LyingResolverPointsToABlockpage) {
  World w;
  TcpServer blockpage(testing::serve_page(403, kBlockpage), "127.0.0.2");
  auto isp = dns_answering("127.0.0.2");
  // The blockpage server listens on another port: the probe's dialer takes it there.
  auto c = w.probe(*isp, std::make_shared<DivertingDialer>(w.site->port(), blockpage.port()));
  auto m = measure(w.url(), c);
  EXPECT_EQ(m["test_keys"].at("dns_consistency"), "inconsistent");
  EXPECT_EQ(blocking(m), "dns");
  EXPECT_EQ(accessible(m), false);
  EXPECT_EQ(method(m), "blockpage");
  auto& fingerprints = m["test_keys"].at("x_ashyq_verdict").at("fingerprints");
  ASSERT_FALSE(fingerprints.as_array().empty());
  EXPECT_NE(json::serialize(fingerprints).find("ashyq.lab_blockpage"), std::string::npos)
      << json::serialize(fingerprints);
}

TEST(WebConnectivity, BlockpageThatLooksLikeTheSiteFoolsOoniButNotAshyq) {
  // A 200 blockpage with Content-Length: OONI's v0.4 header rule counts the shared
  // Content-Length as "headers match", so the DNS inconsistency is forgiven (accessible).
  World w;
  TcpServer blockpage(testing::serve_page(200, kBlockpage), "127.0.0.2");
  auto isp = dns_answering("127.0.0.2");
  auto c = w.probe(*isp, std::make_shared<DivertingDialer>(w.site->port(), blockpage.port()));
  auto m = measure(w.url(), c);
  EXPECT_EQ(m["test_keys"].at("dns_consistency"), "inconsistent");
  EXPECT_EQ(blocking(m), "false");  // OONI's classic answer, kept for comparability
  EXPECT_EQ(accessible(m), true);
  EXPECT_EQ(method(m), "blockpage");  // ashyq's answer
}

TEST(WebConnectivity, ConnectionRefusedOnConnectIsTcpIp) {
  World w;
  auto isp = dns_answering("127.0.0.1");
  auto c = w.probe(*isp, std::make_shared<DivertingDialer>(w.site->port(), 0, /*refuse=*/true));
  auto m = measure(w.url(), c);
  EXPECT_EQ(m["test_keys"].at("dns_consistency"), "consistent");
  EXPECT_EQ(blocking(m), "tcp_ip");
  EXPECT_EQ(accessible(m), false);
  EXPECT_EQ(method(m), "tcp_ip");
  auto& connect = m["test_keys"].at("tcp_connect").at(0).at("status");
  EXPECT_EQ(connect.at("blocked"), true);  // v0.4: the control connected, the probe did not
}

boost::asio::awaitable<void> reset_after_request(testing::tcp::socket s) {
  testing::http::request<testing::http::string_body> req;
  co_await testing::read_request(s, req);
  testing::reset(s);
}

TEST(WebConnectivity, ResetDuringTheHttpExchangeIsHttpFailure) {
  World w;
  TcpServer resetter(reset_after_request);
  auto isp = dns_answering("127.0.0.1");
  auto m = measure(
      w.url(), w.probe(*isp, std::make_shared<DivertingDialer>(w.site->port(), resetter.port())));
  EXPECT_EQ(m["test_keys"].at("http_experiment_failure"), "connection_reset");
  EXPECT_EQ(blocking(m), "http-failure");
  EXPECT_EQ(accessible(m), false);
  EXPECT_EQ(method(m), "http-failure");
}

// A page from another server stack: chunked, so it shares no uncommon header with the site.
boost::asio::awaitable<void> chunked_page(testing::tcp::socket s) {
  testing::http::request<testing::http::string_body> req;
  if (!co_await testing::read_request(s, req))
    co_return;
  std::string page =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
      "34\r\n<html><title>Something else entirely</title>x</html>\r\n0\r\n\r\n";
  co_await boost::asio::async_write(s, boost::asio::buffer(page),
                                    boost::asio::as_tuple(boost::asio::use_awaitable));
}

TEST(WebConnectivity, DifferentPageIsHttpDiff) {
  World w;
  TcpServer other(chunked_page);
  auto isp = dns_answering("127.0.0.1");
  auto m = measure(w.url(),
                   w.probe(*isp, std::make_shared<DivertingDialer>(w.site->port(), other.port())));
  EXPECT_EQ(m["test_keys"].at("body_length_match"), false);
  EXPECT_EQ(m["test_keys"].at("title_match"), false);
  EXPECT_EQ(blocking(m), "http-diff");
  EXPECT_EQ(accessible(m), false);
  EXPECT_EQ(method(m), "http-diff");
}

TEST(WebConnectivity, UnreachableHelperGivesNoVerdict) {
  World w;
  auto isp = dns_answering("127.0.0.1");
  auto c = w.probe(*isp);
  c.control.helpers = {"http://127.0.0.1:1/"};
  auto m = measure(w.url(), c);
  EXPECT_EQ(m["test_keys"].at("control_failure"), "connection_refused");
  EXPECT_EQ(blocking(m), "null");
  EXPECT_EQ(accessible(m), nullptr);
  EXPECT_EQ(method(m), "unknown");
}

TEST(WebConnectivity, AnalysisOfTheStoredMeasurementGivesTheSameVerdict) {
  World w;
  auto isp = dns_answering("");
  auto c = w.probe(*isp);
  auto m = measure(w.url(), c);
  auto again = json::parse(json::serialize(m)).as_object();
  auto analysed = add_analysis(again, c);
  ASSERT_TRUE(analysed.ok()) << analysed.error().message();
  EXPECT_EQ(json::serialize(again["test_keys"].at("blocking")),
            json::serialize(m["test_keys"].at("blocking")));
  EXPECT_EQ(json::serialize(again["test_keys"].at("x_ashyq_verdict")),
            json::serialize(m["test_keys"].at("x_ashyq_verdict")));
}

}  // namespace
}  // namespace ashyq::experiments
