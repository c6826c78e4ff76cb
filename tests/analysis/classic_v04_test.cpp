// One named row per v0.4 rule and branch (docs/ooni-formats.md#the-v04-rules), plus pitfalls for
// v0.4. Each row also states ashyq's method, so the two verdicts can be read side by side.
#include "analysis/classic_v04.hpp"

#include <gtest/gtest.h>

#include <functional>

#include "analysis/verdict.hpp"
#include "measurement_builder.hpp"

namespace ashyq::analysis {
namespace {

using namespace testing;  // NOLINT
namespace xs = x_status;

Control good_control(const std::string& scheme = "http") {
  Control c;
  c.dns({kIp}).tcp(std::string(kIp) + ":80").tcp(std::string(kIp) + ":443");
  c.tls(std::string(kIp) + ":443", "example.com");
  c.http(200, static_cast<std::int64_t>(page(kTitle).size()), kTitle,
         {{"Content-Type", "text/html"}, {"X-Site-Id", "7"}});
  (void)scheme;
  return c;
}

Response good_page(const std::string& url) {
  return {.url = url,
          .code = 200,
          .body = page(kTitle),
          .headers = {{"Content-Type", "text/html"}, {"X-Site-Id", "7"}}};
}

// A plain-HTTP probe that resolved example.com like the control.
Measurement http_base() {
  Measurement m("http://example.com/");
  m.dns("example.com", {{kIp, kAsn}});
  return m;
}

Measurement https_base() {
  Measurement m("https://example.com/");
  m.dns("example.com", {{kIp, kAsn}});
  return m;
}

struct Row {
  const char* name;
  std::function<Measurement()> make;
  const char* blocking;  // "null", "false", "dns", …
  std::optional<bool> accessible;
  const char* dns_consistency;  // nullptr = null
  std::int64_t x_status;
  const char* method;  // ashyq
};

std::vector<Row> rows() {
  const std::string ep80 = std::string(kIp) + ":80";
  const std::string ep443 = std::string(kIp) + ":443";
  return {
      // --- rule 4b: only loopback answers, nothing dialled (ashyq never dials them) -------------
      {"rule4b_loopback_answer_while_control_resolves_is_dns",
       [=] {
         Measurement m("http://example.com/");
         m.dns("example.com", {{"127.0.0.1", 0}});
         return m.control(good_control());
       },
       "dns", false, "inconsistent", xs::anomaly_dns, "dns"},
      {"rule4b_loopback_for_everyone_is_down",
       [=] {
         Measurement m("http://example.com/");
         m.dns("example.com", {{"127.0.0.1", 0}});
         Control c = good_control();
         c.dns({"127.0.0.1"});
         return m.control(c);
       },
       "false", false, "consistent", 0, "down"},
      // --- rule 1: an https page came back ------------------------------------------------------
      {"rule1_https_success",
       [=] {
         return https_base()
             .tcp(kIp, 443)
             .tls(ep443, "example.com")
             .request(good_page("https://example.com/"))
             .control(good_control());
       },
       "false", true, "consistent", xs::success_secure, "none"},
      {"rule1_https_success_before_control_check",
       [=] {
         return https_base()
             .tcp(kIp, 443)
             .request(good_page("https://example.com/"))
             .control_failure("generic_timeout_error");
       },
       "false", true, nullptr, xs::success_secure, "unknown"},
      {"rule1_redirect_to_https_counts",
       [=] {
         return http_base()
             .tcp(kIp, 80)
             .request(good_page("https://example.com/"))
             .request({.url = "http://example.com/",
                       .code = 301,
                       .headers = {{"Location", "https://example.com/"}}})
             .control(good_control());
       },
       "false", true, "consistent", xs::success_secure, "none"},
      // pitfall 2: inconsistent DNS does not matter once https worked
      {"pitfall2_https_success_with_inconsistent_dns",
       [=] {
         Measurement m("https://example.com/");
         m.dns("example.com", {{"198.51.7.7", 9198}});
         return m.tcp("198.51.7.7", 443)
             .request(good_page("https://example.com/"))
             .control(good_control());
       },
       "false", true, "inconsistent", xs::success_secure, "none"},
      // --- rule 2: the control failed -----------------------------------------------------------
      {"rule2_control_failure",
       [=] {
         return http_base()
             .tcp(kIp, 80)
             .request(good_page("http://example.com/"))
             .control_failure("generic_timeout_error");
       },
       "null", std::nullopt, nullptr, xs::anomaly_control_unreachable, "unknown"},
      // --- rules 3 and 4: NXDOMAIN --------------------------------------------------------------
      {"rule3_nxdomain_consistent_site_gone",
       [=] {
         return Measurement("http://gone.example/")
             .dns_fail("gone.example", "dns_nxdomain_error")
             .control(Control().dns_fail("dns_name_error").http_fail("dns_lookup_error"));
       },
       "false", true, "consistent", xs::success_nxdomain | xs::experiment_dns, "down"},
      {"rule3_android_no_data_consistent",
       [=] {
         return Measurement("http://gone.example/")
             .dns_fail("gone.example", "android_dns_cache_no_data")
             .control(Control().dns_fail("dns_name_error").http_fail("dns_lookup_error"));
       },
       "false", true, "consistent", xs::success_nxdomain | xs::experiment_dns, "down"},
      {"rule4_nxdomain_inconsistent",
       [=] {
         return Measurement("http://example.com/")
             .dns_fail("example.com", "dns_nxdomain_error")
             .control(good_control());
       },
       "dns", false, "inconsistent", xs::anomaly_dns | xs::experiment_dns, "dns"},
      // --- rule 5: every connect failed ---------------------------------------------------------
      {"rule5_connect_failed_dns_consistent",
       [=] {
         return http_base()
             .tcp(kIp, 80, "generic_timeout_error")
             .request({.url = "http://example.com/", .failure = "generic_timeout_error"})
             .control(good_control());
       },
       "tcp_ip", false, "consistent", xs::anomaly_connect | xs::experiment_connect, "tcp_ip"},
      {"rule5_connect_failed_dns_inconsistent",
       [=] {
         Measurement m("http://example.com/");
         m.dns("example.com", {{"10.10.34.35", 0}});
         return m.tcp("10.10.34.35", 80, "generic_timeout_error")
             .request({.url = "http://example.com/", .failure = "generic_timeout_error"})
             .control(good_control());
       },
       // OONI flags the connect anomaly whatever DNS looked like: 4256 (its dnsBlockingBOGON).
       "dns", false, "inconsistent", xs::anomaly_dns | xs::anomaly_connect | xs::experiment_connect,
       "dns"},
      {"rule5_connect_failed_on_both_sides",
       [=] {
         auto c = good_control();
         c.tcp(ep80, "generic_timeout_error").http_fail("generic_timeout_error");
         return http_base()
             .tcp(kIp, 80, "generic_timeout_error")
             .request({.url = "http://example.com/", .failure = "generic_timeout_error"})
             .control(c);
       },
       "tcp_ip", false, "consistent", xs::anomaly_connect | xs::experiment_connect, "down"},
      // --- rule 6: the control's fetch failed ---------------------------------------------------
      {"rule6_control_http_failed",
       [=] {
         return http_base()
             .tcp(kIp, 80)
             .request(good_page("http://example.com/"))
             .control(good_control().http_fail("unknown_error"));
       },
       "null", std::nullopt, "consistent", xs::anomaly_control_failure, "none"},
      // --- rule 7: no request at all ------------------------------------------------------------
      {"rule7_no_requests", [=] { return http_base().tcp(kIp, 80).control(good_control()); },
       "null", std::nullopt, "consistent", xs::bug_no_requests, "unknown"},
      // --- rule 8: the fetch failed -------------------------------------------------------------
      {"rule8_connection_refused",
       [=] {
         return http_base()
             .tcp(kIp, 80)
             .request({.url = "http://example.com/", .failure = "connection_refused"})
             .control(good_control());
       },
       "http-failure", false, "consistent", xs::experiment_http | xs::anomaly_connect,
       "http-failure"},
      {"rule8_connection_reset",
       [=] {
         return http_base()
             .tcp(kIp, 80)
             .request({.url = "http://example.com/", .failure = "connection_reset"})
             .control(good_control());
       },
       "http-failure", false, "consistent", xs::experiment_http | xs::anomaly_read_write,
       "http-failure"},
      {"rule8_nxdomain_after_redirect",
       [=] {
         return http_base()
             .tcp(kIp, 80)
             .request({.url = "http://www.example.com/", .failure = "dns_nxdomain_error"})
             .request({.url = "http://example.com/",
                       .code = 301,
                       .headers = {{"Location", "http://www.example.com/"}}})
             .control(good_control());
       },
       "dns", false, "consistent", xs::experiment_http | xs::anomaly_dns, "dns"},
      {"rule8_eof",
       [=] {
         return http_base()
             .tcp(kIp, 80)
             .request({.url = "http://example.com/", .failure = "eof_error"})
             .control(good_control());
       },
       "http-failure", false, "consistent", xs::experiment_http | xs::anomaly_read_write,
       "http-failure"},
      {"rule8_timeout",
       [=] {
         return http_base()
             .tcp(kIp, 80)
             .request({.url = "http://example.com/", .failure = "generic_timeout_error"})
             .control(good_control());
       },
       "http-failure", false, "consistent", xs::experiment_http | xs::anomaly_unknown,
       "http-failure"},
      {"rule8_ssl_invalid_hostname",
       [=] {
         return https_base()
             .tcp(kIp, 443)
             .tls(ep443, "example.com", "ssl_invalid_hostname")
             .request({.url = "https://example.com/", .failure = "ssl_invalid_hostname"})
             .control(good_control());
       },
       "http-failure", false, "consistent", xs::experiment_http | xs::anomaly_tls_handshake,
       "interception"},
      {"rule8_ssl_invalid_certificate",
       [=] {
         return https_base()
             .tcp(kIp, 443)
             .request({.url = "https://example.com/", .failure = "ssl_invalid_certificate"})
             .control(good_control());
       },
       "http-failure", false, "consistent", xs::experiment_http | xs::anomaly_tls_handshake,
       "interception"},
      {"rule8_ssl_unknown_authority",
       [=] {
         return https_base()
             .tcp(kIp, 443)
             .tls(ep443, "example.com", "ssl_unknown_authority")
             .request({.url = "https://example.com/", .failure = "ssl_unknown_authority"})
             .control(good_control());
       },
       "http-failure", false, "consistent", xs::experiment_http | xs::anomaly_tls_handshake,
       "interception"},
      {"rule8_unlisted_failure_gives_null",
       [=] {
         return http_base()
             .tcp(kIp, 80)
             .request({.url = "http://example.com/", .failure = "unknown_failure: weird"})
             .control(good_control());
       },
       "null", std::nullopt, "consistent", xs::experiment_http, "http-failure"},
      {"rule8_single_request_inconsistent_dns_becomes_dns",
       [=] {
         Measurement m("http://example.com/");
         m.dns("example.com", {{"198.51.7.7", 9198}});
         return m.tcp("198.51.7.7", 80)
             .request({.url = "http://example.com/", .failure = "connection_reset"})
             .control(good_control());
       },
       "dns", false, "inconsistent", xs::experiment_http | xs::anomaly_read_write | xs::anomaly_dns,
       "dns"},
      {"rule8_two_requests_inconsistent_dns_stays_http_failure",
       [=] {
         Measurement m("http://example.com/");
         m.dns("example.com", {{"198.51.7.7", 9198}});
         return m.tcp("198.51.7.7", 80)
             .request({.url = "http://www.example.com/", .failure = "connection_reset"})
             .request({.url = "http://example.com/",
                       .code = 301,
                       .headers = {{"Location", "http://www.example.com/"}}})
             .control(good_control());
       },
       "http-failure", false, "inconsistent", xs::experiment_http | xs::anomaly_read_write, "dns"},
      // --- rule 9: the page matches
      // ---------------------------------------------------------------
      {"rule9_status_and_body_length_match",
       [=] {
         return http_base()
             .tcp(kIp, 80)
             .request(good_page("http://example.com/"))
             .control(good_control());
       },
       "false", true, "consistent", xs::success_cleartext, "none"},
      {"rule9_status_and_headers_match_only",
       [=] {
         return http_base()
             .tcp(kIp, 80)
             .request({.url = "http://example.com/",
                       .code = 200,
                       .body = page("Totally Different", 9000),
                       .headers = {{"X-Site-Id", "7"}}})
             .control(good_control());
       },
       "false", true, "consistent", xs::success_cleartext, "http-diff"},
      {"rule9_status_and_title_match_only",
       [=] {
         return http_base()
             .tcp(kIp, 80)
             .request({.url = "http://example.com/",
                       .code = 200,
                       .body = page(kTitle, 9000),
                       .headers = {{"Server", "x"}}})
             .control(good_control());
       },
       "false", true, "consistent", xs::success_cleartext, "none"},
      // --- rule 10: the page differs ------------------------------------------------------------
      {"rule10_http_diff",
       [=] {
         return http_base()
             .tcp(kIp, 80)
             .request({.url = "http://example.com/",
                       .code = 200,
                       .body = "<title>Access denied</title>",
                       .headers = {{"Server", "x"}}})
             .control(good_control());
       },
       "http-diff", false, "consistent", xs::anomaly_http_diff, "http-diff"},
      {"rule10_http_diff_with_inconsistent_dns_is_dns",
       [=] {
         Measurement m("http://example.com/");
         m.dns("example.com", {{"198.51.7.7", 9198}});
         return m.tcp("198.51.7.7", 80)
             .request({.url = "http://example.com/",
                       .code = 200,
                       .body = "<title>Access denied</title>"})
             .control(good_control());
       },
       "dns", false, "inconsistent", xs::anomaly_http_diff | xs::anomaly_dns, "dns"},
      // --- dns_consistency branches (docs/ooni-formats.md#dns-consistency) -----------------------
      {"dns_ip_literal_is_consistent",
       [=] {
         return Measurement("http://93.184.216.34/")
             .tcp(kIp, 80)
             .request(good_page("http://93.184.216.34/"))
             .control(good_control().dns({}));
       },
       "false", true, "consistent", xs::success_cleartext, "none"},
      {"dns_both_failed_other_errors_inconsistent",
       [=] {
         return Measurement("http://example.com/")
             .dns_fail("example.com", "generic_timeout_error")
             .control(Control().dns_fail("dns_server_failure").http_fail("dns_lookup_error"));
       },
       "null", std::nullopt, "inconsistent", xs::anomaly_control_failure, "down"},
      {"dns_asn_overlap_different_ips_consistent",
       [=] {
         Measurement m("http://example.com/");
         m.dns("example.com", {{"93.184.216.99", kAsn}});
         return m.tcp("93.184.216.99", 80)
             .request(good_page("http://example.com/"))
             .control(good_control().ip_info(kIp, kAsn, 2));
       },
       "false", true, "consistent", xs::success_cleartext, "none"},
      {"dns_asn_zero_is_ignored",
       [=] {
         Measurement m("http://example.com/");
         m.dns("example.com", {{"203.0.114.1", 0}});
         return m.tcp("203.0.114.1", 80)
             .request(good_page("http://example.com/"))
             .control(good_control().ip_info(kIp, 0, 2));
       },
       "false", true, "inconsistent", xs::success_cleartext, "none"},
      {"dns_ip_overlap_without_asn_consistent",
       [=] {
         Measurement m("http://example.com/");
         m.dns("example.com", {{kIp, 0}});
         return m.tcp(kIp, 80).request(good_page("http://example.com/")).control(good_control());
       },
       "false", true, "consistent", xs::success_cleartext, "none"},
      // pitfall 3: the helper's legacy strings are compared as failed/succeeded
      {"pitfall3_nxdomain_vs_dns_name_error",
       [=] {
         return Measurement("http://gone.example/")
             .dns_fail("gone.example", "dns_nxdomain_error")
             .control(Control().dns_fail("dns_name_error").http_fail("dns_lookup_error"));
       },
       "false", true, "consistent", xs::success_nxdomain | xs::experiment_dns, "down"},
      // pitfall 5: a truncated body gives no proportion, hence a diff unless headers/title help
      {"pitfall5_truncated_body_no_proportion",
       [=] {
         return http_base()
             .tcp(kIp, 80)
             .request({.url = "http://example.com/",
                       .code = 200,
                       .body = page(kTitle),
                       .headers = {{"Server", "x"}},
                       .truncated = true})
             .control(good_control());
       },
       "http-diff", false, "consistent", xs::anomaly_http_diff, "none"},
      // pitfall 6: too many redirects on both sides
      {"pitfall6_too_many_redirects_both_sides",
       [=] {
         return http_base()
             .tcp(kIp, 80)
             .request({.url = "http://example.com/loop",
                       .failure = "unknown_failure: stopped after too many redirects"})
             .control(good_control().http_fail("unknown_error"));
       },
       "null", std::nullopt, "consistent", xs::anomaly_control_failure, "down"},
      // pitfall 7: the same bogon on both sides is consistent (a misconfigured site)
      {"pitfall7_same_bogon_both_sides",
       [=] {
         Measurement m("http://example.com/");
         m.dns("example.com", {{"10.0.0.1", 0}});
         return m.tcp("10.0.0.1", 80, "generic_timeout_error")
             .request({.url = "http://example.com/", .failure = "generic_timeout_error"})
             .control(Control().dns({"10.0.0.1"}).http_fail("unknown_error"));
       },
       "tcp_ip", false, "consistent", xs::anomaly_connect | xs::experiment_connect, "down"},
      // pitfall 8: the same TLS failure on both sides
      {"pitfall8_tls_same_error_both_sides",
       [=] {
         auto c = good_control();
         c.tls(ep443, "example.com", "ssl_invalid_certificate").http_fail("unknown_error");
         return https_base()
             .tcp(kIp, 443)
             .tls(ep443, "example.com", "ssl_invalid_certificate")
             .request({.url = "https://example.com/", .failure = "ssl_invalid_certificate"})
             .control(c);
       },
       "null", std::nullopt, "consistent", xs::anomaly_control_failure, "down"},
      // pitfall 11: a 5xx from the helper makes status_code_match null, hence a diff
      {"pitfall11_th_5xx_status_null_is_diff",
       [=] {
         auto c = good_control();
         c.http(503, 100, "Service Unavailable");
         return http_base().tcp(kIp, 80).request(good_page("http://example.com/")).control(c);
       },
       "http-diff", false, "consistent", xs::anomaly_http_diff, "http-diff"},
  };
}

class ClassicV04 : public ::testing::TestWithParam<Row> {};

TEST_P(ClassicV04, Row) {
  const auto& row = GetParam();
  const auto in = row.make().parse();
  const auto k = analyze_classic_v04(in);
  EXPECT_EQ(to_string(k.blocking), row.blocking);
  EXPECT_EQ(k.accessible, row.accessible);
  if (row.dns_consistency) {
    ASSERT_TRUE(k.dns_consistency);
    EXPECT_EQ(to_string(*k.dns_consistency), row.dns_consistency);
  } else {
    EXPECT_FALSE(k.dns_consistency);
  }
  EXPECT_EQ(k.x_status, row.x_status);
  const auto v = analyze_verdict(in);
  EXPECT_EQ(to_string(v.method), row.method) << "evidence:\n  " << [&] {
    std::string s;
    for (const auto& e : v.evidence)
      s += e + "\n  ";
    return s;
  }();
  EXPECT_GE(v.confidence, 0.0);
  EXPECT_LE(v.confidence, 1.0);
  EXPECT_FALSE(v.evidence.empty());
}

INSTANTIATE_TEST_SUITE_P(Rules, ClassicV04, ::testing::ValuesIn(rows()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(ClassicV04Keys, MatchKeysAndJson) {
  // Pitfall 10: body_proportion is 0, not null, when it was not computed.
  auto in = Measurement("http://example.com/")
                .dns("example.com", {{kIp, kAsn}})
                .request({.url = "http://example.com/", .failure = "connection_reset"})
                .control(good_control())
                .parse();
  auto k = analyze_classic_v04(in);
  auto j = k.to_json(true);
  EXPECT_EQ(j.at("body_proportion").as_double(), 0.0);
  EXPECT_TRUE(j.at("body_length_match").is_null());
  EXPECT_TRUE(j.at("status_code_match").is_null());
  EXPECT_TRUE(j.at("headers_match").is_null());
  EXPECT_TRUE(j.at("title_match").is_null());
  EXPECT_EQ(j.at("blocking").as_string(), "http-failure");
  EXPECT_EQ(j.at("http_experiment_failure").as_string(), "connection_reset");
  EXPECT_EQ(j.at("x_status").as_int64(), xs::experiment_http | xs::anomaly_read_write);

  auto ok = Measurement("http://example.com/")
                .dns("example.com", {{kIp, kAsn}})
                .tcp(kIp, 80)
                .request(good_page("http://example.com/"))
                .control(good_control())
                .parse();
  auto ok_keys = analyze_classic_v04(ok);
  EXPECT_EQ(ok_keys.http.body_length_match, true);
  EXPECT_EQ(ok_keys.http.status_code_match, true);
  EXPECT_EQ(ok_keys.http.headers_match, true);
  EXPECT_EQ(ok_keys.http.title_match, true);
  EXPECT_DOUBLE_EQ(ok_keys.http.body_proportion, 1.0);
  auto ok_json = ok_keys.to_json(false);
  EXPECT_EQ(ok_json.at("blocking").as_bool(), false);
  EXPECT_FALSE(ok_json.contains("x_status"));
}

}  // namespace
}  // namespace ashyq::analysis
