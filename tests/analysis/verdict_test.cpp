// ashyq's richer verdict (verdict.hpp): one named row for each case where OONI's classic keys are
// known to mislead, asserting both what OONI's v0.4 says and what ashyq says, plus fingerprints,
// evidence lines and confidence.
#include "analysis/verdict.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <functional>

#include "analysis/classic_lte.hpp"
#include "analysis/classic_v04.hpp"
#include "measurement_builder.hpp"

namespace ashyq::analysis {
namespace {

using namespace testing;  // NOLINT

const std::string kBlocked =
    "\xD0\xA1\xD1\x82\xD1\x80\xD0\xB0\xD0\xBD\xD0\xB8\xD1\x86\xD0\xB0 \xD0\xB7\xD0\xB0\xD0\xB1"
    "\xD0\xBB\xD0\xBE\xD0\xBA\xD0\xB8\xD1\x80\xD0\xBE\xD0\xB2\xD0\xB0\xD0\xBD\xD0\xB0";

const FingerprintDb& fingerprints() {
  static const FingerprintDb db = [] {
    auto r = FingerprintDb::from_csv(
        "name,scope,other_names,location_found,pattern_type,pattern,confidence_no_fp,"
        "expected_countries,source,exp_url,notes\n"
        "t.lab_blockpage,isp,,body,contains,ashyq-lab-blockpage,10,,t,,\n"
        "t.lab_notice,isp,,header.location,prefix,http://notice.ashyq.lab/,10,,t,,\n"
        "t.corp_phrase,inst,,body,contains," +
        kBlocked +
        ",5,,t,,\n"
        "t.dns_sinkhole,nat,,dns,full,10.10.34.35,5,KZ,t,,\n"
        "t.fp_challenge,fp,,header.cf-mitigated,full,challenge,,,t,,\n");
    EXPECT_TRUE(r.ok());
    return r.value();
  }();
  return db;
}

Control good_control() {
  Control c;
  c.dns({kIp}).tcp(kEp80).tcp(kEp443).tls(kEp443, "example.com");
  c.http(200, static_cast<std::int64_t>(page(kTitle).size()), kTitle,
         {{"Content-Type", "text/html"}, {"X-Site-Id", "7"}});
  return c;
}

Response good_page(const std::string& url) {
  return {.url = url,
          .code = 200,
          .body = page(kTitle),
          .headers = {{"Content-Type", "text/html"}, {"X-Site-Id", "7"}}};
}

Measurement http_base() {
  Measurement m("http://example.com/");
  m.dns("example.com", {{kIp, kAsn}});
  return m;
}

struct Row {
  const char* name;
  std::function<Measurement()> make;
  const char* ooni_v04_blocking;  // what OONI's v0.4 says, for contrast
  const char* method;
  double min_confidence;
  const char* evidence_contains;  // nullptr: not checked
  const char* fingerprint;        // nullptr: none expected
  const BogonList* bogons = nullptr;
};

const BogonList& lab_bogons() {
  static const BogonList list = BogonList::parse("-10.77.0.0/16\n").value();
  return list;
}

std::vector<Row> rows() {
  return {
      {"transparent_proxy_bogon_dns_similar_page",
       // OONI: status and body length match, so "accessible". The page came from a proxy at a
       // private address and is not the site's.
       [] {
         Measurement m("http://example.com/");
         m.dns("example.com", {{"10.10.34.36", 0}});
         return m.tcp("10.10.34.36", 80)
             .request({.url = "http://example.com/",
                       .code = 200,
                       .body = page("Proxy Notice Filtered", page(kTitle).size())})
             .control(good_control());
       },
       "false", "dns", 0.9, "only special-purpose addresses (10.10.34.36)", nullptr},
      {"bogon_answer_with_spurious_matching_asn",
       // The probe's answer carries the site's ASN (a stale database): OONI calls DNS consistent.
       [] {
         Measurement m("http://example.com/");
         m.dns("example.com", {{"127.0.0.1", kAsn}});
         return m.tcp("127.0.0.1", 80, "connection_refused")
             .request({.url = "http://example.com/", .failure = "connection_refused"})
             .control(good_control().ip_info(kIp, kAsn, 2));
       },
       "tcp_ip", "dns", 0.9, "while the control resolved public ones", nullptr},
      {"tls_failure_with_consistent_dns_is_tls",
       [] {
         Measurement m("https://example.com/");
         m.dns("example.com", {{kIp, kAsn}});
         return m.tcp(kIp, 443)
             .tls(kEp443, "example.com", "generic_timeout_error")
             .request({.url = "https://example.com/", .failure = "generic_timeout_error"})
             .control(good_control());
       },
       "http-failure", "tls", 0.7,
       "TLS handshake to 93.184.216.34:443 (SNI example.com) timed out (generic_timeout_error) "
       "while the control completed it",
       nullptr},
      {"tls_reset_after_client_hello_is_tls",
       [] {
         Measurement m("https://example.com/");
         m.dns("example.com", {{kIp, kAsn}});
         return m.tcp(kIp, 443)
             .tls(kEp443, "example.com", "connection_reset")
             .request({.url = "https://example.com/", .failure = "connection_reset"})
             .control(good_control());
       },
       "http-failure", "tls", 0.8, "was reset (connection_reset)", nullptr},
      {"interception_unknown_authority",
       [] {
         Measurement m("https://example.com/");
         m.dns("example.com", {{kIp, kAsn}});
         return m.tcp(kIp, 443)
             .tls(kEp443, "example.com", "ssl_unknown_authority")
             .request({.url = "https://example.com/", .failure = "ssl_unknown_authority"})
             .control(good_control());
       },
       "http-failure", "interception", 0.85, "untrusted authority (ssl_unknown_authority)",
       nullptr},
      {"blockpage_fingerprint_in_body",
       [] {
         return http_base()
             .tcp(kIp, 80)
             .request({.url = "http://example.com/",
                       .code = 200,
                       .body = "<title>Blocked</title><!-- ashyq-lab-blockpage -->"})
             .control(good_control());
       },
       "http-diff", "blockpage", 0.9, "t.lab_blockpage (scope isp, confirmed)", "t.lab_blockpage"},
      {"blockpage_fingerprint_in_location_header",
       [] {
         return http_base()
             .tcp(kIp, 80)
             .request({.url = "http://notice.ashyq.lab/?u=example.com",
                       .failure = "generic_timeout_error"})
             .request({.url = "http://example.com/",
                       .code = 302,
                       .headers = {{"Location", "http://notice.ashyq.lab/?u=example.com"}}})
             .control(good_control());
       },
       "http-failure", "blockpage", 0.9, "the Location header", "t.lab_notice"},
      {"blockpage_fingerprint_in_dns_answer",
       [] {
         Measurement m("http://example.com/");
         m.dns("example.com", {{"10.10.34.35", 0}});
         return m.tcp("10.10.34.35", 80, "generic_timeout_error")
             .request({.url = "http://example.com/", .failure = "generic_timeout_error"})
             .control(good_control());
       },
       "dns", "blockpage", 0.9, "the DNS answer 10.10.34.35", "t.dns_sinkhole"},
      {"unconfirmed_fingerprint_with_differing_page_is_weak_blockpage",
       [] {
         return http_base()
             .tcp(kIp, 80)
             .request(
                 {.url = "http://example.com/", .code = 200, .body = "<h1>" + kBlocked + "</h1>"})
             .control(good_control());
       },
       "http-diff", "blockpage", 0.55, "not confirmed for this country", "t.corp_phrase"},
      {"anti_bot_challenge_is_not_censorship",
       // The site's CDN challenged the probe (403) and served the control the page: OONI says
       // http-diff; a scope-"fp" fingerprint says the site itself answered.
       [] {
         return http_base()
             .tcp(kIp, 80)
             .request({.url = "http://example.com/",
                       .code = 403,
                       .body = page("Just a moment..."),
                       .headers = {{"Content-Type", "text/html"}, {"cf-mitigated", "challenge"}}})
             .control(good_control());
       },
       "http-diff", "none", 0.55, "fingerprint t.fp_challenge (a known false positive, scope fp)",
       nullptr},
      {"confirmed_fingerprint_decides_even_without_control",
       [] {
         return http_base()
             .tcp(kIp, 80)
             .request({.url = "http://example.com/", .code = 200, .body = "ashyq-lab-blockpage"})
             .control_failure("generic_timeout_error");
       },
       "null", "blockpage", 0.9, nullptr, "t.lab_blockpage"},
      {"failed_control_is_unknown_never_a_guess",
       [] {
         return http_base()
             .tcp(kIp, 80, "generic_timeout_error")
             .request({.url = "http://example.com/", .failure = "generic_timeout_error"})
             .control_failure("generic_timeout_error");
       },
       "null", "unknown", 0.0, "the control request failed (generic_timeout_error)", nullptr},
      {"redirect_to_foreign_domain_is_evidence",
       [] {
         return http_base()
             .tcp(kIp, 80)
             .request({.url = "http://warning.isp.example.kz/",
                       .code = 200,
                       .body = "<title>Warning</title>"})
             .request({.url = "http://example.com/",
                       .code = 302,
                       .headers = {{"Location", "http://warning.isp.example.kz/"}}})
             .control(good_control());
       },
       "http-diff", "http-diff", 0.79, "redirected to http://warning.isp.example.kz/", nullptr},
      {"redirect_within_site_matching_page_is_none",
       [] {
         return http_base()
             .tcp(kIp, 80)
             .request(good_page("http://www.example.com/"))
             .request({.url = "http://example.com/",
                       .code = 301,
                       .headers = {{"Location", "http://www.example.com/"}}})
             .control(good_control());
       },
       "false", "none", 0.75, "matches the control's page", nullptr},
      {"both_sides_failed_is_down",
       [] {
         return http_base()
             .tcp(kIp, 80, "generic_timeout_error")
             .request({.url = "http://example.com/", .failure = "generic_timeout_error"})
             .control(good_control()
                          .tcp(kEp80, "generic_timeout_error")
                          .http_fail("generic_timeout_error"));
       },
       "tcp_ip", "down", 0.75, "the control's connect failed too (generic_timeout_error)", nullptr},
      {"lab_override_makes_private_answer_ordinary_inconsistency",
       [] {
         Measurement m("http://example.com/");
         m.dns("example.com", {{"10.77.0.5", 0}});
         return m.tcp("10.77.0.5", 80)
             .request({.url = "http://example.com/", .code = 200, .body = "<title>Other</title>"})
             .control(good_control());
       },
       "dns", "dns", 0.75, "sharing no address, no ASN and no TLS-verified address", nullptr,
       &lab_bogons()},
  };
}

class Verdicts : public ::testing::TestWithParam<Row> {};

TEST_P(Verdicts, Row) {
  const auto& row = GetParam();
  const auto in = row.make().parse();
  EXPECT_EQ(to_string(analyze_classic_v04(in).blocking), row.ooni_v04_blocking);
  VerdictOptions opt;
  opt.fingerprints = &fingerprints();
  opt.bogons = row.bogons;
  const auto v = analyze_verdict(in, opt);
  std::string evidence;
  for (const auto& e : v.evidence)
    evidence += e + "\n";
  EXPECT_EQ(to_string(v.method), row.method) << evidence;
  EXPECT_GE(v.confidence, row.min_confidence) << evidence;
  EXPECT_LE(v.confidence, 1.0);
  if (row.evidence_contains) {
    EXPECT_NE(evidence.find(row.evidence_contains), std::string::npos) << evidence;
  }
  if (row.fingerprint) {
    ASSERT_FALSE(v.fingerprints.empty());
    EXPECT_EQ(v.fingerprints[0].name, row.fingerprint);
  } else {
    EXPECT_TRUE(v.fingerprints.empty());
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, Verdicts, ::testing::ValuesIn(rows()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Verdict, RedirectRaisesConfidence) {
  auto plain =
      http_base()
          .tcp(kIp, 80)
          .request({.url = "http://example.com/", .code = 200, .body = "<title>Warning</title>"})
          .control(good_control())
          .parse();
  auto redirected = http_base()
                        .tcp(kIp, 80)
                        .request({.url = "http://warning.isp.example.kz/",
                                  .code = 200,
                                  .body = "<title>Warning</title>"})
                        .request({.url = "http://example.com/",
                                  .code = 302,
                                  .headers = {{"Location", "http://warning.isp.example.kz/"}}})
                        .control(good_control())
                        .parse();
  const auto a = analyze_verdict(plain);
  const auto b = analyze_verdict(redirected);
  EXPECT_EQ(a.method, Method::http_diff);
  EXPECT_EQ(b.method, Method::http_diff);
  EXPECT_GT(b.confidence, a.confidence);
}

// A timeout also has ordinary causes: a verdict resting on one stays at 0.7 (a lookup's at 0.6),
// on every address timing out at 0.8, while a reset, a refusal or NXDOMAIN keeps its weight. The
// method is named either way.
TEST(Verdict, ATimeoutWeighsLessThanAReset) {
  const std::string ip2 = "93.184.216.35";
  Control two_addresses;
  two_addresses.dns({kIp, ip2}).tcp(kEp80).tcp(ip2 + ":80");
  two_addresses.http(200, static_cast<std::int64_t>(page(kTitle).size()), kTitle,
                     {{"Content-Type", "text/html"}});
  struct Case {
    const char* name;
    Measurement m;
    Method method;
    double confidence;
    const char* evidence;  // nullptr: no line weighing the timeouts
  };
  const Case cases[] = {
      {"one TLS handshake timed out",
       Measurement("https://example.com/")
           .dns("example.com", {{kIp, kAsn}})
           .tcp(kIp, 443)
           .tls(kEp443, "example.com", "generic_timeout_error")
           .request({.url = "https://example.com/", .failure = "generic_timeout_error"})
           .control(good_control()),
       Method::tls, 0.7, "one timeout, which also has ordinary causes"},
      {"one TLS handshake reset",
       Measurement("https://example.com/")
           .dns("example.com", {{kIp, kAsn}})
           .tcp(kIp, 443)
           .tls(kEp443, "example.com", "connection_reset")
           .request({.url = "https://example.com/", .failure = "connection_reset"})
           .control(good_control()),
       Method::tls, 0.85, nullptr},
      {"one TCP connect timed out",
       http_base()
           .tcp(kIp, 80, "generic_timeout_error")
           .request({.url = "http://example.com/", .failure = "generic_timeout_error"})
           .control(good_control()),
       Method::tcp_ip, 0.7, "one timeout, which also has ordinary causes"},
      {"both addresses timed out",
       Measurement("http://example.com/")
           .dns("example.com", {{kIp, kAsn}, {ip2, kAsn}})
           .tcp(kIp, 80, "generic_timeout_error")
           .tcp(ip2, 80, "generic_timeout_error")
           .request({.url = "http://example.com/", .failure = "generic_timeout_error"})
           .control(two_addresses),
       Method::tcp_ip, 0.8, "each of the 2 addresses tried timed out"},
      {"one address refused, one timed out",
       Measurement("http://example.com/")
           .dns("example.com", {{kIp, kAsn}, {ip2, kAsn}})
           .tcp(kIp, 80, "connection_refused")
           .tcp(ip2, 80, "generic_timeout_error")
           .request({.url = "http://example.com/", .failure = "connection_refused"})
           .control(two_addresses),
       Method::tcp_ip, 0.85, nullptr},
      {"the lookup timed out",
       Measurement("http://example.com/")
           .dns_fail("example.com", "generic_timeout_error")
           .request({.url = "http://example.com/", .failure = "generic_timeout_error"})
           .control(good_control()),
       Method::dns, 0.6, "the lookup timed out, which also has ordinary causes"},
      {"the lookup said NXDOMAIN",
       Measurement("http://example.com/")
           .dns_fail("example.com", "dns_nxdomain_error")
           .request({.url = "http://example.com/", .failure = "dns_nxdomain_error"})
           .control(good_control()),
       Method::dns, 0.9, nullptr},
      {"the page timed out after connecting",
       http_base()
           .tcp(kIp, 80)
           .request({.url = "http://example.com/", .failure = "generic_timeout_error"})
           .control(good_control()),
       Method::http_failure, 0.7, "one timeout, which also has ordinary causes"},
      {"the page was reset after connecting",
       http_base()
           .tcp(kIp, 80)
           .request({.url = "http://example.com/", .failure = "connection_reset"})
           .control(good_control()),
       Method::http_failure, 0.8, nullptr},
  };
  for (const auto& c : cases) {
    const auto v = analyze_verdict(c.m.parse());
    std::string evidence;
    for (const auto& e : v.evidence)
      evidence += e + "\n";
    EXPECT_EQ(v.method, c.method) << c.name << "\n" << evidence;
    EXPECT_DOUBLE_EQ(v.confidence, c.confidence) << c.name << "\n" << evidence;
    if (c.evidence)
      EXPECT_NE(evidence.find(c.evidence), std::string::npos) << c.name << "\n" << evidence;
    else
      EXPECT_EQ(evidence.find("ordinary"), std::string::npos) << c.name << "\n" << evidence;
    // What the run confirms by measuring again (analysis/attempts.hpp): timeouts alone.
    EXPECT_EQ(v.rests_on_timeouts, c.evidence != nullptr) << c.name;
    EXPECT_EQ(v.to_json().contains("rests_on_timeouts"), c.evidence != nullptr) << c.name;
  }
}

// A download cut mid-body (issue 17): the status line, the headers and part of the page arrived,
// then a reset. The verdict says what arrived; OONI's comparisons stay empty, as OONI leaves
// them for a request that failed, so nothing is judged on half a page.
TEST(Verdict, APageCutMidBodySaysWhatArrivedAndIsNotCompared) {
  auto cut = good_page("http://example.com/");
  const auto whole = cut.body.size();
  cut.body.resize(whole / 2);
  cut.failure = "connection_reset";
  const auto in = http_base().tcp(kIp, 80).request(cut).control(good_control()).parse();
  const auto v = analyze_verdict(in);
  std::string evidence;
  for (const auto& e : v.evidence)
    evidence += e + "\n";
  EXPECT_EQ(v.method, Method::http_failure) << evidence;
  EXPECT_NE(evidence.find(fmt::format("the response had begun (status 200, 2 headers, {} bytes "
                                      "of the body read; the control's page has {} bytes)",
                                      whole / 2, whole)),
            std::string::npos)
      << evidence;
  const auto k = analyze_classic_v04(in);
  EXPECT_EQ(k.blocking, Blocking::http_failure);
  EXPECT_FALSE(k.http.status_code_match);
  EXPECT_FALSE(k.http.body_length_match);
  EXPECT_FALSE(k.http.headers_match);
  EXPECT_FALSE(k.http.title_match);
  // A response that never began adds no such line.
  const auto none =
      analyze_verdict(http_base()
                          .tcp(kIp, 80)
                          .request({.url = "http://example.com/", .failure = "connection_reset"})
                          .control(good_control())
                          .parse());
  for (const auto& e : none.evidence)
    EXPECT_EQ(e.find("had begun"), std::string::npos) << e;
}

// A redirect chain that ends without a page though every request succeeded: a Location
// without a host, or more redirects than the fetch follows. OONI's QA cases
// (redirectWithBrokenLocation*, redirectWithMoreThanTenRedirects*) have the helper fail the same
// way: the site is down, not blocked. Before, ashyq said `unknown` ("not followed?").
TEST(Verdict, ARedirectChainTheSiteBreaksForEveryoneIsDown) {
  for (const char* failure : {"http_invalid_redirect_location_host",
                              "unknown_failure: stopped after too many redirects"}) {
    auto m = http_base().tcp(kIp, 80).request(
        {.url = "http://example.com/", .code = 301, .headers = {{"Location", "http://"}}});
    m.http_experiment_failure(failure);
    Control broken;
    broken.dns({kIp}).tcp(kEp80).http_fail(failure);
    const auto down = analyze_verdict(Measurement(m).control(broken).parse());
    EXPECT_EQ(down.method, Method::down) << failure;
    EXPECT_NE(down.evidence.front().find("the site's own redirects are broken"), std::string::npos)
        << down.evidence.front();
    // The control fetched the page: nothing to accuse on, but not "down" either.
    const auto odd = analyze_verdict(Measurement(m).control(good_control()).parse());
    EXPECT_EQ(odd.method, Method::unknown) << failure;
    EXPECT_NE(odd.evidence.front().find("ended without a page"), std::string::npos)
        << odd.evidence.front();
  }
}

// Issue 17, "no answer" vs "answer then silence": a handshake that timed out without a byte
// from the server is what a censor dropping the ClientHello leaves; one the server answered and
// then left unfinished is as much a lossy path or a throttled link, and weighs less.
TEST(Verdict, AHandshakeTheServerAnsweredThenLeftSilentWeighsLess) {
  auto timed_out = [] {
    return Measurement("https://example.com/")
        .dns("example.com", {{kIp, kAsn}})
        .tcp(kIp, 443)
        .tls(kEp443, "example.com", "generic_timeout_error")
        .request({.url = "https://example.com/", .failure = "generic_timeout_error"})
        .control(good_control());
  };
  struct Case {
    const char* name;
    Measurement m;
    double confidence;
    const char* line;  // nullptr: neither line
  };
  const Case cases[] = {
      {"no events recorded: nothing said either way", timed_out(), 0.7, nullptr},
      {"no byte back",
       timed_out()
           .event("tls_handshake_start", kEp443)
           .event("write", kEp443, 517)
           .event("tls_handshake_done", kEp443),
       0.7, "no byte came back from 93.184.216.34:443 after the ClientHello"},
      {"an answer, then silence",
       timed_out()
           .event("tls_handshake_start", kEp443)
           .event("write", kEp443, 517)
           .event("read", kEp443, 1400)
           .event("read", kEp443, 1000)
           .event("tls_handshake_done", kEp443),
       0.5, "2400 bytes came back from 93.184.216.34:443 before the handshake stalled"},
      {"reads on another connection do not count",
       timed_out().event("tls_handshake_start", kEp443).event("read", "93.184.216.35:443", 1400),
       0.7, "no byte came back"},
  };
  for (const auto& c : cases) {
    const auto v = analyze_verdict(c.m.parse());
    std::string evidence;
    for (const auto& e : v.evidence)
      evidence += e + "\n";
    EXPECT_EQ(v.method, Method::tls) << c.name << "\n" << evidence;
    EXPECT_DOUBLE_EQ(v.confidence, c.confidence) << c.name << "\n" << evidence;
    EXPECT_TRUE(v.rests_on_timeouts) << c.name;
    if (c.line) {
      EXPECT_NE(evidence.find(c.line), std::string::npos) << c.name << "\n" << evidence;
    } else {
      EXPECT_EQ(evidence.find("came back"), std::string::npos) << c.name << "\n" << evidence;
    }
    EXPECT_EQ(evidence.find("fell silent") != std::string::npos, c.confidence == 0.5) << c.name;
  }
}

TEST(Verdict, DefaultBogonsMakeLabAnswerStrong) {
  auto in =
      Measurement("http://example.com/")
          .dns("example.com", {{"10.77.0.5", 0}})
          .tcp("10.77.0.5", 80)
          .request({.url = "http://example.com/", .code = 200, .body = "<title>Other</title>"})
          .control(good_control())
          .parse();
  EXPECT_GE(analyze_verdict(in).confidence, 0.95);
  VerdictOptions lab;
  lab.bogons = &lab_bogons();
  EXPECT_LT(analyze_verdict(in, lab).confidence, 0.95);
}

TEST(Verdict, JsonAndNames) {
  Verdict v;
  v.method = Method::http_failure;
  v.confidence = 0.8;
  v.evidence = {"line"};
  auto j = v.to_json();
  EXPECT_EQ(j.at("method").as_string(), "http-failure");
  EXPECT_EQ(j.at("evidence").as_array().size(), 1u);
  EXPECT_TRUE(v.blocked());
  for (auto m : {Method::none, Method::dns, Method::tcp_ip, Method::tls, Method::http_failure,
                 Method::http_diff, Method::blockpage, Method::interception, Method::unknown,
                 Method::down}) {
    EXPECT_EQ(method_from_string(to_string(m)), m);
  }
  EXPECT_FALSE(method_from_string("censored"));
  Verdict down;
  down.method = Method::down;
  EXPECT_FALSE(down.blocked());
}

}  // namespace
}  // namespace ashyq::analysis
