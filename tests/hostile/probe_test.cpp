// The catalogue of hostile peers against the probe: urlgetter and web_connectivity aimed at each
// HTTP and TLS behaviour as the site, and at each DNS behaviour as the resolver (the wire-format
// UDP resolver, pointed at the hostile server on loopback). Each case asserts the failure string
// the measurement ends with, and hostile_case.hpp's bounds.
#include <map>

#include "experiments/urlgetter.hpp"
#include "experiments/web_connectivity.hpp"
#include "hostile/hostile_case.hpp"
#include "support/local_helper.hpp"
#include "support/run.hpp"

namespace ashyq::testing::hostile {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
using experiments::UrlGetterConfig;

// A liveness bound: three times the deadlines of one hop's steps (DNS, connect, TLS, HTTP), for
// each request a redirect chain may make (10), plus the control's.
constexpr auto kBound = 3 * (4 * kStep) * 11;

struct Outcome {
  std::string failure;  // "null" for none
  std::string failed_operation;
};

// What urlgetter ends as, per behaviour.
const std::map<std::string, Outcome>& urlgetter_outcomes() {
  static const std::map<std::string, Outcome> m = {
      {"endless_body", {"null", "null"}},  // the body is cut at the cap, body_is_truncated
      {"endless_header_block", {"unknown_failure: header limit exceeded", "http_round_trip"}},
      {"header_drip", {"generic_timeout_error", "http_round_trip"}},
      {"body_drip", {"generic_timeout_error", "http_round_trip"}},
      {"content_length_10gb_then_silence", {"generic_timeout_error", "http_round_trip"}},
      {"hundred_thousand_headers", {"unknown_failure: header limit exceeded", "http_round_trip"}},
      {"two_mib_header_line", {"unknown_failure: header limit exceeded", "http_round_trip"}},
      {"invalid_chunk_size", {"unknown_failure: bad chunk", "http_round_trip"}},
      {"overflowing_chunk_size", {"unknown_failure: bad chunk", "http_round_trip"}},
      {"http09_no_status_line", {"unknown_failure: bad version", "http_round_trip"}},
      {"nul_in_header_value", {"unknown_failure: bad value", "http_round_trip"}},
      {"invalid_utf8_headers_and_body", {"null", "null"}},
      {"gzip_bomb", {"null", "null"}},
      {"deflate_bomb", {"null", "null"}},
      {"rst_after_status_line", {"connection_reset", "http_round_trip"}},
      {"fin_before_any_byte", {"eof_error", "http_round_trip"}},
      {"redirect_loop", {"unknown_failure: stopped after too many redirects", "http_round_trip"}},
      {"redirect_chain_50",
       {"unknown_failure: stopped after too many redirects", "http_round_trip"}},
      {"redirect_10kb_host", {"unknown_failure: invalid domain name", "http_round_trip"}},
      {"short_body_then_fin", {"eof_error", "http_round_trip"}},
      {"redirect_to_file_scheme",
       {"unknown_failure: invalid redirect: unsupported scheme 'file' (only http and https)",
        "http_round_trip"}},
      {"endless_100_continue",
       {"unknown_failure: too many 1xx informational responses", "http_round_trip"}},
      {"early_hints_then_page", {"null", "null"}},
      {"huge_valid_control_json", {"null", "null"}},
      {"deeply_nested_json", {"null", "null"}},
      {"dns_compression_pointer_loop", {"dns_server_misbehaving", "resolve"}},
      {"dns_thousand_answers", {"connection_refused", "connect"}},
      {"dns_truncated_silent_tcp", {"generic_timeout_error", "resolve"}},
      {"dns_wrong_id_flood", {"generic_timeout_error", "resolve"}},
      {"dns_255_label_name", {"dns_server_misbehaving", "resolve"}},
      {"dns_cname_loop", {"dns_no_answer", "resolve"}},
      {"tls_stall_after_client_hello", {"generic_timeout_error", "tls_handshake"}},
      {"tls_handshake_drip", {"generic_timeout_error", "tls_handshake"}},
      {"tls_chain_of_50", {"null", "null"}},
      {"tls_5000_sans", {"null", "null"}},
      {"tls_alert_after_client_hello", {"ssl_failed_handshake", "tls_handshake"}},
      {"tls_plaintext_answer", {"ssl_failed_handshake", "tls_handshake"}},
  };
  return m;
}

experiments::ProbeBasics basics(std::shared_ptr<net::Resolver> resolver) {
  experiments::ProbeBasics b;
  b.resolver = std::move(resolver);
  b.dialer = std::make_shared<net::TcpDialer>();
  b.trust = net::TrustStore::from_ca_file(tls_ca().root_file()).value();
  b.timeouts.dns = b.timeouts.connect = b.timeouts.tls = b.timeouts.http = kStep;
  b.timeouts.dns_linger = 50ms;
  b.dial_loopback = true;
  return b;
}

// The URL the probe measures for a peer, and the resolver that leads it there.
struct Aim {
  std::string url;
  std::optional<net::Endpoint> address;  // urlgetter connects here for the input's host
  std::shared_ptr<net::Resolver> resolver;
  std::unique_ptr<UdpServer> dns;  // the good DNS server, when the peer is not one
};

Aim aim_at(const Running& peer) {
  Aim a;
  switch (peer.peer().layer) {
    case Layer::http:
      a.url = peer.url();
      a.dns = loopback_dns();
      a.resolver = udp_resolver(a.dns->endpoint());
      break;
    case Layer::dns:
      a.url = std::string("http://") + kTlsName + ":" + std::to_string(closed_port()) + "/";
      a.resolver = udp_resolver(peer.endpoint());
      break;
    case Layer::tls:
      a.url = std::string("https://") + kTlsName + ":" + std::to_string(peer.port()) + "/";
      a.dns = loopback_dns();
      a.resolver = udp_resolver(a.dns->endpoint());
      break;
  }
  return a;
}

class ProbeUrlGetter : public ::testing::TestWithParam<std::string> {};

TEST_P(ProbeUrlGetter, EndsWithItsFailureAndStaysBounded) {
  Running peer(GetParam());
  Aim aim = aim_at(peer);
  auto b = basics(aim.resolver);
  UrlGetterConfig c;
  c.url = aim.url;
  c.resolver = b.resolver;
  c.dialer = b.dialer;
  c.trust = b.trust;
  c.timeouts = b.timeouts;
  Stopwatch watch;
  core::MeasurementClock clock;
  auto result = run_coro(experiments::run_urlgetter(c, clock));
  auto measurement = experiments::finish_measurement({}, "urlgetter", "0.2.0", aim.url, b, clock,
                                                     result.test_keys);
  auto& tk = measurement["test_keys"].as_object();
  const auto& want = urlgetter_outcomes().at(GetParam());
  EXPECT_EQ(str(tk["failure"]), want.failure);
  EXPECT_EQ(str(tk["failed_operation"]), want.failed_operation);
  for (const auto& r : tk["requests"].as_array()) {
    auto* response = r.as_object().if_contains("response");
    if (!response || !response->is_object())
      continue;
    auto* body = response->as_object().if_contains("body");
    if (body && body->is_string()) {
      EXPECT_LE(body->as_string().size(), core::SizeCaps::kHttpBody);
    }
  }
  if (GetParam() == "dns_thousand_answers") {
    // 16 addresses dialled, the other 984 named as skipped.
    EXPECT_EQ(tk["tcp_connect"].as_array().size(), experiments::kMaxAddressesPerHost);
    ASSERT_TRUE(tk.contains("x_skipped_addresses"));
    EXPECT_EQ(tk["x_skipped_addresses"].as_array().size(),
              1000 - experiments::kMaxAddressesPerHost);
    EXPECT_EQ(tk["x_skipped_addresses"].as_array()[0].at("reason"), "address_cap");
  }
  if (GetParam() == "early_hints_then_page") {
    auto& response = tk["requests"].as_array().at(0).at("response").as_object();
    EXPECT_EQ(response["code"], 200);
    EXPECT_EQ(response["body"], "page");
  }
  if (GetParam() == "tls_chain_of_50") {
    auto& hs = tk["tls_handshakes"].as_array().at(0).as_object();
    EXPECT_EQ(hs["peer_certificates"].as_array().size(), core::SizeCaps::kCertificateChain);
  }
  if (GetParam() == "endless_body" || GetParam() == "gzip_bomb" || GetParam() == "deflate_bomb") {
    // The bytes kept are the first 512 KiB as sent (the client asks for no encoding and decodes
    // none), marked truncated.
    auto& response = tk["requests"].as_array().at(0).at("response").as_object();
    EXPECT_EQ(response["body_is_truncated"], true);
  }
  expect_bounded(measurement, watch, kBound);
}

INSTANTIATE_TEST_SUITE_P(Catalogue, ProbeUrlGetter, ::testing::ValuesIn(all_names()), param_name);

// web_connectivity: the same peers, with ashyq's own helper measuring the same site (loopback
// allowed), so both ends face the behaviour at once.
class ProbeWebConnectivity : public ::testing::TestWithParam<std::string> {};

TEST_P(ProbeWebConnectivity, EndsWithItsFailureAndStaysBounded) {
  Running peer(GetParam());
  Aim aim = aim_at(peer);
  auto helper_dns = loopback_dns();
  auto helper_config = LocalHelper::loopback_config(udp_resolver(helper_dns->endpoint()));
  LocalHelper helper(helper_config);
  experiments::WebConnectivityConfig c;
  static_cast<experiments::ProbeBasics&>(c) = basics(aim.resolver);
  c.control.helpers = {helper.url()};
  c.control.resolver = c.resolver;
  c.control.dialer = std::make_shared<net::TcpDialer>();
  c.control.trust = c.trust;
  c.control.timeout = 4 * kStep * 3;
  c.bogons =
      std::make_shared<analysis::BogonList>(analysis::BogonList::parse("-127.0.0.0/8").value());
  Stopwatch watch;
  auto result = run_coro(experiments::measure_web_connectivity(aim.url, c, {}));
  ASSERT_TRUE(result.ok()) << result.error().message();
  auto& m = result.value();
  auto& tk = m["test_keys"].as_object();
  const auto& want = urlgetter_outcomes().at(GetParam());
  if (want.failed_operation == "resolve") {
    EXPECT_EQ(str(tk["dns_experiment_failure"]), want.failure);
  } else {
    EXPECT_EQ(str(tk["http_experiment_failure"]), want.failure);
  }
  EXPECT_EQ(str(tk["control_failure"]), "null");  // the helper survived its side of it
  if (GetParam() == "dns_thousand_answers") {
    EXPECT_LE(tk["tcp_connect"].as_array().size(), 2 * experiments::kMaxAddressesPerHost);
    // 16 when DNS answered within the control's 300 ms grace, none when the control was asked
    // before (a loaded machine): never more.
    EXPECT_LE(tk["x_control_request"].at("tcp_connect").as_array().size(),
              experiments::kMaxAddressesPerHost);
    ASSERT_TRUE(tk.contains("x_skipped_addresses"));
  }
  expect_bounded(m, watch, kBound);
}

INSTANTIATE_TEST_SUITE_P(Catalogue, ProbeWebConnectivity, ::testing::ValuesIn(all_names()),
                         param_name);

// A dialer whose every connect blackholes until its deadline.
class BlackholeDialer final : public net::Dialer {
 public:
  asio::awaitable<net::DialResult> dial(net::Endpoint e, std::chrono::milliseconds timeout,
                                        net::Trace& trace) override {
    model::TcpConnect record;
    record.ip = e.ip.to_string();
    record.port = e.port;
    record.t0 = trace.now();
    co_await sleep_for(timeout);
    record.t = trace.now();
    record.failure = core::FailureKind::generic_timeout_error;
    trace.add(record);
    net::DialResult r;
    r.failure = record.failure;
    co_return r;
  }
};

TEST(ProbeConnectBudget, AddressesTheBudgetDidNotReachAreNamed) {
  // Five blackholed addresses and one connect deadline (1 s, less than the 2 s each address
  // may take): the first takes it all, the four others are skipped, and the measurement says so.
  UrlGetterConfig c;
  c.url = "http://blackholed.test/";
  c.resolver = net::make_resolver("system", {}).value();
  c.dialer = std::make_shared<BlackholeDialer>();
  c.trust = net::TrustStore::system();
  c.timeouts.connect = kStep;
  for (int i = 1; i <= 5; ++i)
    c.input_addresses.push_back(*net::parse_endpoint("127.0.0." + std::to_string(i) + ":80"));
  Stopwatch watch;
  core::MeasurementClock clock;
  auto tk = run_coro(experiments::run_urlgetter(c, clock)).test_keys;
  EXPECT_EQ(str(tk["failure"]), "generic_timeout_error");
  EXPECT_EQ(tk["tcp_connect"].as_array().size(), 1u);
  ASSERT_TRUE(tk.contains("x_skipped_addresses"));
  auto& skipped = tk["x_skipped_addresses"].as_array();
  ASSERT_EQ(skipped.size(), 4u);
  EXPECT_EQ(skipped[0].at("address"), "127.0.0.2:80");
  EXPECT_EQ(skipped[0].at("reason"), "connect_budget_spent");
  expect_bounded(tk, watch, 3 * kStep);
}

}  // namespace
}  // namespace ashyq::testing::hostile
