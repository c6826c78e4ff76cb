// The catalogue of hostile peers against the test helper: its ControlMeasurer (127.0.0.0/8
// allowed, as `ashyq helper --allow-prefix 127.0.0.0/8`) is asked to measure each HTTP and TLS
// behaviour as the site, and resolves through each DNS behaviour. The control response must be
// strict UTF-8 JSON and name the failure (in the legacy names OONI's helper uses), and the helper
// must stay bounded in time and memory.
#include <map>

#include "helper/control_measurer.hpp"
#include "hostile/hostile_case.hpp"
#include "support/run.hpp"

namespace ashyq::testing::hostile {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

// DNS, TCP/TLS and the fetch run concurrently; a redirect chain makes 10 requests.
constexpr auto kBound = 3 * (4 * kStep) * 11;

struct HelperOutcome {
  std::string http_failure;  // control.http_request.failure
  std::string dns_failure = "null";
};

const std::map<std::string, HelperOutcome>& helper_outcomes() {
  static const std::map<std::string, HelperOutcome> m = {
      {"endless_body", {"null"}},
      {"endless_header_block", {"unknown_error"}},
      {"header_drip", {"generic_timeout_error"}},
      {"body_drip", {"generic_timeout_error"}},
      {"content_length_10gb_then_silence", {"generic_timeout_error"}},
      {"hundred_thousand_headers", {"unknown_error"}},
      {"two_mib_header_line", {"unknown_error"}},
      {"invalid_chunk_size", {"unknown_error"}},
      {"overflowing_chunk_size", {"unknown_error"}},
      {"http09_no_status_line", {"unknown_error"}},
      {"nul_in_header_value", {"unknown_error"}},
      {"invalid_utf8_headers_and_body", {"null"}},
      {"gzip_bomb", {"null"}},
      {"deflate_bomb", {"null"}},
      {"rst_after_status_line", {"unknown_error"}},
      {"fin_before_any_byte", {"unknown_error"}},
      {"redirect_loop", {"unknown_error"}},
      {"redirect_chain_50", {"unknown_error"}},
      {"redirect_10kb_host", {"unknown_error"}},
      {"short_body_then_fin", {"unknown_error"}},
      {"redirect_to_file_scheme", {"unknown_error"}},
      {"endless_100_continue", {"unknown_error"}},
      {"early_hints_then_page", {"null"}},
      {"huge_valid_control_json", {"null"}},
      {"deeply_nested_json", {"null"}},
      {"dns_compression_pointer_loop", {"dns_lookup_error", "dns_server_failure"}},
      {"dns_thousand_answers", {"connection_refused_error"}},
      {"dns_truncated_silent_tcp", {"dns_lookup_error", "unknown_error"}},
      {"dns_wrong_id_flood", {"dns_lookup_error", "unknown_error"}},
      {"dns_255_label_name", {"dns_lookup_error", "dns_server_failure"}},
      {"dns_cname_loop", {"dns_lookup_error"}},
      {"tls_stall_after_client_hello", {"generic_timeout_error"}},
      {"tls_handshake_drip", {"generic_timeout_error"}},
      {"tls_chain_of_50", {"null"}},
      {"tls_5000_sans", {"null"}},
      {"tls_alert_after_client_hello", {"unknown_error"}},
      {"tls_plaintext_answer", {"unknown_error"}},
  };
  return m;
}

helper::ControlMeasurerConfig helper_config(std::shared_ptr<net::Resolver> resolver) {
  helper::ControlMeasurerConfig c;
  c.resolver = std::move(resolver);
  c.dialer = std::make_shared<net::TcpDialer>();
  c.trust = net::TrustStore::from_ca_file(tls_ca().root_file()).value();
  c.policy = std::make_shared<helper::AddressPolicy>(
      analysis::BogonList::parse("-127.0.0.0/8\n").value());  // --allow-prefix 127.0.0.0/8
  c.asn = geo::empty_asn_database();
  c.timeouts.dns = c.timeouts.connect = c.timeouts.tls = c.timeouts.http = kStep;
  c.timeouts.dns_linger = 0ms;  // as the helper runs
  return c;
}

class HelperMeasurer : public ::testing::TestWithParam<std::string> {};

TEST_P(HelperMeasurer, AnswersValidJsonNamingTheFailure) {
  Running peer(GetParam());
  std::unique_ptr<UdpServer> good_dns;
  std::shared_ptr<net::Resolver> resolver;
  model::ThRequest request;
  request.http_request_headers["User-Agent"] = {"ashyq-hostile-test"};
  switch (peer.peer().layer) {
    case Layer::http:
      good_dns = loopback_dns();
      resolver = udp_resolver(good_dns->endpoint());
      request.http_request = peer.url();
      request.tcp_connect = {peer.endpoint()};
      break;
    case Layer::dns:
      resolver = udp_resolver(peer.endpoint());
      request.http_request =
          std::string("http://") + kTlsName + ":" + std::to_string(closed_port()) + "/";
      break;
    case Layer::tls:
      good_dns = loopback_dns();
      resolver = udp_resolver(good_dns->endpoint());
      request.http_request =
          std::string("https://") + kTlsName + ":" + std::to_string(peer.port()) + "/";
      request.tcp_connect = {peer.endpoint()};
      break;
  }
  Stopwatch watch;
  auto response = run_coro(helper::measure_control(request, helper_config(resolver)));
  auto control = model::to_json(response);
  const auto& want = helper_outcomes().at(GetParam());
  EXPECT_EQ(str(core::failure_json(response.http_request.failure)), want.http_failure);
  EXPECT_EQ(str(core::failure_json(response.dns.failure)), want.dns_failure);
  EXPECT_LE(response.dns.addrs.size(), 1000u);
  expect_bounded(json::value(control), watch, kBound);
}

INSTANTIATE_TEST_SUITE_P(Catalogue, HelperMeasurer, ::testing::ValuesIn(all_names()), param_name);

}  // namespace
}  // namespace ashyq::testing::hostile
