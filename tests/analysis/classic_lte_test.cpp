// One named row per LTE rule and outcome helper (docs/ooni-formats.md#the-lte-rules), plus pitfalls
// that concern LTE. Each row also states ashyq's method.
#include "analysis/classic_lte.hpp"

#include <gtest/gtest.h>

#include <functional>

#include "analysis/verdict.hpp"
#include "measurement_builder.hpp"

namespace ashyq::analysis {
namespace {

using namespace testing;  // NOLINT

std::vector<std::string> tags(int depth, bool fetch = true) {
  return {"classic", "depth=" + std::to_string(depth),
          fetch ? "fetch_body=true" : "fetch_body=false"};
}

Control good_control() {
  Control c;
  c.dns({kIp}).tcp(kEp80).tcp(kEp443).tls(kEp443, "example.com");
  c.http(200, static_cast<std::int64_t>(page(kTitle).size()), kTitle,
         {{"Content-Type", "text/html"}, {"X-Site-Id", "7"}});
  c.ip_info(kIp, kAsn, 11);
  return c;
}

Response good_page(const std::string& url, std::int64_t tx, int depth = 0) {
  return {.url = url,
          .code = 200,
          .body = page(kTitle),
          .headers = {{"Content-Type", "text/html"}, {"X-Site-Id", "7"}},
          .tx = tx,
          .tags = tags(depth)};
}

Measurement lte(const std::string& url, const std::string& host = "example.com") {
  Measurement m(url, "0.5.28");
  m.dns(host, {{kIp, kAsn}}, 0, "getaddrinfo", 10001);
  return m;
}

struct Row {
  const char* name;
  std::function<Measurement()> make;
  const char* blocking;
  std::optional<bool> accessible;
  const char* dns_consistency;          // nullptr = null
  const char* http_experiment_failure;  // nullptr = null
  const char* method;                   // ashyq
};

std::vector<Row> rows() {
  return {
      // --- rule 1: a final response ------------------------------------------------------------
      {"lte_rule1_final_over_tls",
       [] {
         return lte("https://example.com/")
             .tcp(kIp, 443, nullptr, 50001, tags(0))
             .tls(kEp443, "example.com", nullptr, 50001, tags(0))
             .request(good_page("https://example.com/", 50001))
             .control(good_control());
       },
       "false", true, "consistent", nullptr, "none"},
      {"lte_rule1_doh_answer_listed_before_getaddrinfo_keeps_the_endpoint_classic",
       // Found by running OONI's own QA measurements (successWithHTTP and six others): the DoH
       // lookup of the same IP comes first in `queries`; the endpoint is still classic.
       [] {
         Measurement m("http://example.com/", "0.5.28");
         m.dns("example.com", {{kIp, 15133}}, 0, "doh", 30001);
         m.dns("example.com", {{kIp, 15133}}, 0, "getaddrinfo", 10001);
         return m.tcp(kIp, 80, nullptr, 40001, tags(0))
             .request(good_page("http://example.com/", 40001))
             .control(good_control());
       },
       "false", true, "consistent", nullptr, "none"},
      {"lte_rule1_final_http_without_control_is_nil",
       [] {
         return lte("http://example.com/")
             .tcp(kIp, 80, nullptr, 40001, tags(0))
             .request(good_page("http://example.com/", 40001))
             .control_failure("generic_timeout_error", true);
       },
       "null", std::nullopt, nullptr, nullptr, "unknown"},
      {"lte_rule1_final_http_no_diff",
       [] {
         return lte("http://example.com/")
             .tcp(kIp, 80, nullptr, 40001, tags(0))
             .request(good_page("http://example.com/", 40001))
             .control(good_control());
       },
       "false", true, "consistent", nullptr, "none"},
      {"lte_rule1_final_http_diff",
       [] {
         return lte("http://example.com/")
             .tcp(kIp, 80, nullptr, 40001, tags(0))
             .request({.url = "http://example.com/",
                       .code = 200,
                       .body = "<title>Access denied</title>",
                       .headers = {{"Server", "x"}},
                       .tx = 40001,
                       .tags = tags(0)})
             .control(good_control());
       },
       "http-diff", false, "consistent", nullptr, "http-diff"},
      {"lte_rule1_http_diff_with_inconsistent_dns_is_dns",
       [] {
         Measurement m("http://example.com/", "0.5.28");
         m.dns("example.com", {{"198.51.7.7", 9198}}, 0, "getaddrinfo", 10001);
         return m.tcp("198.51.7.7", 80, nullptr, 40001, tags(0))
             .request({.url = "http://example.com/",
                       .code = 200,
                       .body = "<title>Access denied</title>",
                       .tx = 40001,
                       .tags = tags(0)})
             .control(good_control());
       },
       "dns", false, "inconsistent", nullptr, "dns"},
      // --- rule 2: the HTTP round trip failed ----------------------------------------------------
      {"lte_rule2_http_failed_without_control_is_nil",
       [] {
         return lte("http://example.com/")
             .tcp(kIp, 80, nullptr, 40001, tags(0))
             .request({.url = "http://example.com/",
                       .failure = "connection_reset",
                       .tx = 40001,
                       .tags = tags(0)})
             .control_failure("generic_timeout_error", true);
       },
       "null", std::nullopt, nullptr, "connection_reset", "unknown"},
      {"lte_rule2_http_failed_on_both_sides_is_down",
       [] {
         return lte("http://example.com/")
             .tcp(kIp, 80, nullptr, 40001, tags(0))
             .request({.url = "http://example.com/",
                       .failure = "connection_reset",
                       .tx = 40001,
                       .tags = tags(0)})
             .control(good_control().http_fail("unknown_error"));
       },
       "false", false, "consistent", "connection_reset", "down"},
      {"lte_rule2_http_failed",
       [] {
         return lte("http://example.com/")
             .tcp(kIp, 80, nullptr, 40001, tags(0))
             .request({.url = "http://example.com/",
                       .failure = "connection_reset",
                       .tx = 40001,
                       .tags = tags(0)})
             .control(good_control());
       },
       "http-failure", false, "consistent", "connection_reset", "http-failure"},
      // --- rule 3: the TLS handshake failed ------------------------------------------------------
      {"lte_rule3_tls_failed_after_redirect_has_no_th_row",
       [] {
         return lte("http://example.com/")
             .dns("www.example.com", {{kIp2, kAsn}}, 1, "getaddrinfo", 10002)
             .tcp(kIp, 80, nullptr, 40001, tags(0))
             .tcp(kIp2, 443, nullptr, 50002, tags(1))
             .tls(std::string(kIp2) + ":443", "www.example.com", "connection_reset", 50002, tags(1))
             .request({.url = "http://example.com/",
                       .code = 301,
                       .headers = {{"Location", "https://www.example.com/"}},
                       .tx = 40001,
                       .tags = tags(0)})
             .control(good_control());
       },
       "http-failure", false, "consistent", "connection_reset", "tls"},
      {"lte_rule3_tls_failed_without_control_is_nil",
       [] {
         return lte("https://example.com/")
             .tcp(kIp, 443, nullptr, 50001, tags(0))
             .tls(kEp443, "example.com", "generic_timeout_error", 50001, tags(0))
             .control_failure("generic_timeout_error", true);
       },
       "null", std::nullopt, nullptr, "generic_timeout_error", "unknown"},
      {"lte_rule3_tls_failed_on_both_sides_is_down",
       [] {
         auto c = good_control();
         c.tls(kEp443, "example.com", "ssl_invalid_certificate").http_fail("unknown_error");
         return lte("https://example.com/")
             .tcp(kIp, 443, nullptr, 50001, tags(0))
             .tls(kEp443, "example.com", "ssl_invalid_certificate", 50001, tags(0))
             .control(c);
       },
       "false", false, "consistent", "ssl_invalid_certificate", "down"},
      {"lte_rule3_tls_failed",
       [] {
         return lte("https://example.com/")
             .tcp(kIp, 443, nullptr, 50001, tags(0))
             .tls(kEp443, "example.com", "generic_timeout_error", 50001, tags(0))
             .control(good_control());
       },
       "http-failure", false, "consistent", "generic_timeout_error", "tls"},
      // --- rule 4: the TCP connect failed --------------------------------------------------------
      {"lte_rule4_tcp_failed_after_redirect_has_no_th_row",
       [] {
         return lte("http://example.com/")
             .dns("www.example.com", {{kIp2, kAsn}}, 1, "getaddrinfo", 10002)
             .tcp(kIp, 80, nullptr, 40001, tags(0))
             .tcp(kIp2, 443, "generic_timeout_error", 50002, tags(1))
             .request({.url = "http://example.com/",
                       .code = 301,
                       .headers = {{"Location", "https://www.example.com/"}},
                       .tx = 40001,
                       .tags = tags(0)})
             .control(good_control());
       },
       "http-failure", false, "consistent", "generic_timeout_error", "tcp_ip"},
      {"lte_rule4_tcp_failed_on_both_sides_is_down",
       [] {
         auto c = good_control();
         c.tcp(kEp80, "connection_refused_error").http_fail("connection_refused_error");
         return lte("http://example.com/")
             .tcp(kIp, 80, "connection_refused", 40001, tags(0))
             .control(c);
       },
       "false", false, "consistent", "connection_refused", "down"},
      {"lte_rule4_tcp_failed",
       [] {
         return lte("http://example.com/")
             .tcp(kIp, 80, "generic_timeout_error", 40001, tags(0))
             .control(good_control());
       },
       "tcp_ip", false, "consistent", "generic_timeout_error", "tcp_ip"},
      // --- rule 5: the DNS lookup failed ---------------------------------------------------------
      {"lte_rule5_dns_failed_without_control_quirk_is_accessible",
       [] {
         return Measurement("http://example.com/", "0.5.28")
             .dns_fail("example.com", "dns_nxdomain_error", 0, "getaddrinfo", 10001)
             .control_failure("generic_timeout_error", true);
       },
       "false", true, nullptr, "dns_nxdomain_error", "unknown"},
      {"lte_rule5_dns_failed_after_redirect",
       [] {
         return lte("http://example.com/")
             .dns_fail("www.other-site.org", "dns_nxdomain_error", 1, "getaddrinfo", 10002)
             .tcp(kIp, 80, nullptr, 40001, tags(0))
             .request({.url = "http://example.com/",
                       .code = 302,
                       .headers = {{"Location", "http://www.other-site.org/"}},
                       .tx = 40001,
                       .tags = tags(0)})
             .control(good_control());
       },
       "dns", false, "consistent", "dns_nxdomain_error", "dns"},
      {"lte_rule5_dns_failed_on_both_sides_is_down",
       [] {
         return Measurement("http://gone.example/", "0.5.28")
             .dns_fail("gone.example", "dns_nxdomain_error", 0, "getaddrinfo", 10001)
             .control(Control().dns_fail("dns_name_error").http_fail("dns_lookup_error"));
       },
       "false", false, "consistent", "dns_nxdomain_error", "down"},
      {"lte_rule5_no_answer_and_th_no_addrs_is_down_without_failure",
       [] {
         return Measurement("http://v6only.example/", "0.5.28")
             .dns_fail("v6only.example", "dns_no_answer", 0, "getaddrinfo", 10001)
             .control(Control().dns({}).http_fail("dns_lookup_error"));
       },
       "false", false, "consistent", nullptr, "down"},
      {"lte_rule5_dns_failed",
       [] {
         return Measurement("http://example.com/", "0.5.28")
             .dns_fail("example.com", "dns_nxdomain_error", 0, "getaddrinfo", 10001)
             .control(good_control());
       },
       "dns", false, "inconsistent", "dns_nxdomain_error", "dns"},
      // --- rules 6 and 7: loopback answers -------------------------------------------------------
      {"lte_rule6_probe_loopback_th_public",
       [] {
         Measurement m("http://example.com/", "0.5.28");
         m.dns("example.com", {{"127.0.0.1", 0}}, 0, "getaddrinfo", 10001);
         return m.control(good_control());
       },
       "dns", false, "inconsistent", nullptr, "dns"},
      {"lte_rule7_both_loopback_is_down",
       [] {
         Measurement m("http://example.com/", "0.5.28");
         m.dns("example.com", {{"127.0.0.1", 0}}, 0, "getaddrinfo", 10001);
         return m.control(Control().dns({"127.0.0.1"}).http_fail("unknown_error"));
       },
       "false", false, "consistent", nullptr, "down"},
      {"lte_no_rule_matches_303_not_followed",
       [] {
         return lte("http://example.com/")
             .tcp(kIp, 80, nullptr, 40001, tags(0))
             .request({.url = "http://example.com/",
                       .code = 303,
                       .headers = {{"Location", "/other"}},
                       .tx = 40001,
                       .tags = tags(0)})
             .control(good_control());
       },
       "null", std::nullopt, "consistent", nullptr, "unknown"},
      // --- outcome helpers: "down" and "X" become "dns" when DNS is inconsistent -----------------
      {"lte_helper_down_with_inconsistent_dns_is_dns",
       [] {
         Measurement m("http://example.com/", "0.5.28");
         m.dns("example.com", {{"198.51.7.7", 9198}}, 0, "getaddrinfo", 10001);
         auto c = good_control();
         c.tcp("198.51.7.7:80", "generic_timeout_error");
         return m.tcp("198.51.7.7", 80, "generic_timeout_error", 40001, tags(0)).control(c);
       },
       "dns", false, "inconsistent", "generic_timeout_error", "dns"},
      {"lte_ghost_domain_is_inconsistent",
       [] {
         Measurement m("http://nonexistent.example/", "0.5.28");
         m.dns("nonexistent.example", {{"198.51.7.7", 9198}}, 0, "getaddrinfo", 10001);
         return m.tcp("198.51.7.7", 80, nullptr, 40001, tags(0))
             .request({.url = "http://nonexistent.example/",
                       .code = 200,
                       .body = "<title>Ads</title>",
                       .tx = 40001,
                       .tags = tags(0)})
             .control(Control().dns_fail("dns_name_error").http_fail("dns_lookup_error"));
       },
       "dns", false, "inconsistent", nullptr, "dns"},
      // --- pitfalls
      // --------------------------------------------------------------------------------
      {"pitfall1_doh_address_does_not_rescue_classic_nxdomain",
       [] {
         return Measurement("http://example.com/", "0.5.28")
             .dns_fail("example.com", "dns_nxdomain_error", 0, "getaddrinfo", 10001)
             .dns("example.com", {{kIp, kAsn}}, 0, "doh", 30001)
             .tcp(kIp, 80, nullptr, 40001, {"depth=0", "fetch_body=true"})
             .request(good_page("http://example.com/", 40001))
             .control(good_control());
       },
       "dns", false, "inconsistent", "dns_nxdomain_error", "dns"},
      {"pitfall1_fetch_body_false_checks_are_ignored",
       [] {
         return lte("http://example.com/")
             .tcp(kIp, 80, nullptr, 40001, tags(0))
             .tcp(kIp, 443, nullptr, 50001, tags(0, false))
             .tls(kEp443, "example.com", "connection_reset", 50001, tags(0, false))
             .request(good_page("http://example.com/", 40001))
             .control(good_control());
       },
       "false", true, "consistent", nullptr, "none"},
      {"pitfall2_tls_success_with_inconsistent_dns_is_accessible",
       [] {
         Measurement m("https://example.com/", "0.5.28");
         m.dns("example.com", {{"198.51.7.7", 9198}}, 0, "getaddrinfo", 10001);
         return m.tcp("198.51.7.7", 443, nullptr, 50001, tags(0))
             .tls("198.51.7.7:443", "example.com", nullptr, 50001, tags(0))
             .request({.url = "https://example.com/",
                       .code = 200,
                       .body = "<title>CAPTCHA</title>",
                       .tx = 50001,
                       .tags = tags(0)})
             .control(good_control());
       },
       "false", true, "inconsistent", nullptr, "none"},
      {"pitfall5_truncated_body_no_proportion_title_still_matches",
       [] {
         return lte("http://example.com/")
             .tcp(kIp, 80, nullptr, 40001, tags(0))
             .request({.url = "http://example.com/",
                       .code = 200,
                       .body = page(kTitle),
                       .headers = {{"Server", "x"}},
                       .truncated = true,
                       .tx = 40001,
                       .tags = tags(0)})
             .control(good_control());
       },
       "false", true, "consistent", nullptr, "none"},
      {"pitfall6_too_many_redirects_both_sides_is_down",
       [] {
         return lte("http://example.com/")
             .tcp(kIp, 80, nullptr, 40001, tags(0))
             .request({.url = "http://example.com/loop",
                       .failure = "unknown_failure: stopped after too many redirects",
                       .tx = 40001,
                       .tags = tags(0)})
             .control(good_control().http_fail("unknown_error"));
       },
       "false", false, "consistent", "unknown_failure: stopped after too many redirects", "down"},
  };
}

class ClassicLte : public ::testing::TestWithParam<Row> {};

TEST_P(ClassicLte, Row) {
  const auto& row = GetParam();
  const auto in = row.make().parse();
  const auto k = analyze_classic_lte(in);
  EXPECT_EQ(to_string(k.blocking), row.blocking);
  EXPECT_EQ(k.accessible, row.accessible);
  if (row.dns_consistency) {
    ASSERT_TRUE(k.dns_consistency);
    EXPECT_EQ(to_string(*k.dns_consistency), row.dns_consistency);
  } else {
    EXPECT_FALSE(k.dns_consistency);
  }
  if (row.http_experiment_failure) {
    ASSERT_TRUE(k.http_experiment_failure);
    EXPECT_EQ(k.http_experiment_failure->str(), row.http_experiment_failure);
  } else {
    EXPECT_FALSE(k.http_experiment_failure) << k.http_experiment_failure->str();
  }
  EXPECT_EQ(k.x_status, 0);
  const auto v = analyze_verdict(in);
  EXPECT_EQ(to_string(v.method), row.method) << "evidence:\n  " << [&] {
    std::string s;
    for (const auto& e : v.evidence)
      s += e + "\n  ";
    return s;
  }();
}

INSTANTIATE_TEST_SUITE_P(Rules, ClassicLte, ::testing::ValuesIn(rows()),
                         [](const auto& info) { return std::string(info.param.name); });

struct HelperRow {
  const char* name;
  LteOutcome outcome;
  Blocking reason;
  std::optional<DnsConsistency> dns;
  const char* blocking;
  std::optional<bool> accessible;
};

TEST(LteOutcomeHelpers, Table) {
  const auto inc = DnsConsistency::inconsistent;
  const auto con = DnsConsistency::consistent;
  const HelperRow rows[] = {
      {"accessible_ignores_dns", LteOutcome::accessible, Blocking::null, inc, "false", true},
      {"blocked_reason", LteOutcome::blocked, Blocking::tcp_ip, con, "tcp_ip", false},
      {"blocked_becomes_dns", LteOutcome::blocked, Blocking::http_failure, inc, "dns", false},
      {"nil", LteOutcome::nil, Blocking::null, con, "null", std::nullopt},
      {"nil_becomes_dns", LteOutcome::nil, Blocking::null, inc, "dns", false},
      {"down", LteOutcome::down, Blocking::null, std::nullopt, "false", false},
      {"down_becomes_dns", LteOutcome::down, Blocking::null, inc, "dns", false},
  };
  for (const auto& row : rows) {
    ClassicKeys k;
    k.dns_consistency = row.dns;
    apply_lte_outcome(k, row.outcome, row.reason);
    EXPECT_EQ(to_string(k.blocking), row.blocking) << row.name;
    EXPECT_EQ(k.accessible, row.accessible) << row.name;
  }
}

TEST(LteObservations, WalkOrder) {
  auto in =
      lte("http://example.com/")
          .dns("www.example.com", {{kIp2, kAsn}}, 1, "getaddrinfo", 10002)
          .tcp(kIp, 80, nullptr, 40001, tags(0))
          .tcp(kIp2, 443, nullptr, 50002, tags(1))
          .tls(std::string(kIp2) + ":443", "www.example.com", "connection_reset", 50002, tags(1))
          .request({.url = "http://example.com/",
                    .code = 301,
                    .headers = {{"Location", "https://www.example.com/"}},
                    .tx = 40001,
                    .tags = tags(0)})
          .control(good_control())
          .parse();
  const auto rows = observation_rows(in);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].depth, 1);
  EXPECT_EQ(rows[0].type, ObservationRow::Type::tls);
  EXPECT_EQ(rows[1].type, ObservationRow::Type::dns);
  EXPECT_EQ(rows[2].depth, 0);
  EXPECT_EQ(rows[2].type, ObservationRow::Type::http);
  EXPECT_FALSE(rows[2].is_final());
  EXPECT_EQ(rows[3].type, ObservationRow::Type::dns);
}

}  // namespace
}  // namespace ashyq::analysis
