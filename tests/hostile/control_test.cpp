// The catalogue of hostile peers as the test helper: the probe's control client (inside
// web_connectivity) posts its control request to a helper that answers with each hostile HTTP
// behaviour. The site and DNS are well behaved; the measurement must still be valid, measure the
// site, and name the control failure.
#include <map>

#include "experiments/web_connectivity.hpp"
#include "hostile/hostile_case.hpp"
#include "support/run.hpp"

namespace ashyq::testing::hostile {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

constexpr auto kControlTimeout = 2 * kStep;
// The control runs beside the site's steps; it has one deadline for the whole exchange.
constexpr auto kBound = 3 * (kControlTimeout + 4 * kStep);

// control_failure per behaviour of the helper.
const std::map<std::string, std::string>& control_outcomes() {
  static const std::map<std::string, std::string> m = {
      {"endless_body", "unknown_failure: the answer is longer than 1048576 bytes"},
      {"endless_header_block", "unknown_failure: header limit exceeded"},
      {"header_drip", "generic_timeout_error"},
      {"body_drip", "generic_timeout_error"},
      {"content_length_10gb_then_silence", "generic_timeout_error"},
      {"hundred_thousand_headers", "unknown_failure: header limit exceeded"},
      {"two_mib_header_line", "unknown_failure: header limit exceeded"},
      {"invalid_chunk_size", "unknown_failure: bad chunk"},
      {"overflowing_chunk_size", "unknown_failure: bad chunk"},
      {"http09_no_status_line", "unknown_failure: bad version"},
      {"nul_in_header_value", "unknown_failure: bad value"},
      {"invalid_utf8_headers_and_body", "json_parse_error"},
      {"gzip_bomb", "json_parse_error"},
      {"deflate_bomb", "json_parse_error"},
      {"rst_after_status_line", "connection_reset"},
      {"fin_before_any_byte", "eof_error"},
      {"redirect_loop", "unknown_failure: helper answered HTTP 302"},
      {"redirect_chain_50", "unknown_failure: helper answered HTTP 302"},
      {"redirect_10kb_host", "unknown_failure: helper answered HTTP 302"},
      {"short_body_then_fin", "eof_error"},
      {"redirect_to_file_scheme", "unknown_failure: helper answered HTTP 302"},
      {"endless_100_continue", "unknown_failure: too many 1xx informational responses"},
      {"early_hints_then_page", "json_parse_error"},
      {"huge_valid_control_json",
       "unknown_failure: control response has too many entries in tcp_connect"},
      {"deeply_nested_json", "json_parse_error"},
  };
  return m;
}

class ProbeControlClient : public ::testing::TestWithParam<std::string> {};

TEST_P(ProbeControlClient, MeasurementNamesTheControlFailure) {
  Running helper(GetParam());
  TcpServer site(serve_page(200, "<html><title>a site</title></html>"));
  auto dns = loopback_dns();
  experiments::WebConnectivityConfig c;
  c.resolver = udp_resolver(dns->endpoint());
  c.dialer = std::make_shared<net::TcpDialer>();
  c.trust = net::TrustStore::system();
  c.timeouts.dns = c.timeouts.connect = c.timeouts.tls = c.timeouts.http = kStep;
  c.timeouts.dns_linger = 50ms;
  c.dial_loopback = true;
  c.control.helpers = {helper.url()};
  c.control.resolver = c.resolver;
  c.control.dialer = c.dialer;
  c.control.trust = c.trust;
  c.control.timeout = kControlTimeout;
  c.bogons =
      std::make_shared<analysis::BogonList>(analysis::BogonList::parse("-127.0.0.0/8").value());
  const std::string url = "http://site.test:" + std::to_string(site.port()) + "/";
  Stopwatch watch;
  auto result = run_coro(experiments::measure_web_connectivity(url, c, {}));
  ASSERT_TRUE(result.ok()) << result.error().message();
  auto& m = result.value();
  auto& tk = m["test_keys"].as_object();
  EXPECT_EQ(str(tk["control_failure"]), control_outcomes().at(GetParam()));
  EXPECT_TRUE(tk["control"].is_object() && tk["control"].as_object().empty());
  EXPECT_EQ(str(tk["http_experiment_failure"]), "null");  // the site was still measured
  expect_bounded(m, watch, kBound);
}

INSTANTIATE_TEST_SUITE_P(Catalogue, ProbeControlClient, ::testing::ValuesIn(names(Layer::http)),
                         param_name);

}  // namespace
}  // namespace ashyq::testing::hostile
