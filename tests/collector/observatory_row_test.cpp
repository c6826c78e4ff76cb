#include "collector/observatory_row.hpp"

#include <gtest/gtest.h>

#include "analysis/fingerprint_db.hpp"
#include "collector_testing.hpp"

namespace ashyq::collector {
namespace {

namespace json = boost::json;

ObservatoryRow row_of(const json::object& content, const RowOptions& options = {}) {
  auto s = validate_submission(testing::kReportId, testing::submission_body(content));
  EXPECT_TRUE(s) << s.error().message();
  return make_observatory_row(*s, options);
}

// The OONI-shaped fixtures (web_connectivity 0.4.3 from OONI Probe: no x_ashyq_verdict), judged
// by the same analysis as `ashyq analyze`: its blocking, not the one the probe recorded.
TEST(ObservatoryRow, FixturesGetOonisFlagsFromTheRecomputedVerdict) {
  struct Row {
    std::size_t line;
    const char* domain;
    const char* blocking;
    bool anomaly;
    bool failure;
    const char* method;  // ashyq's, as `ashyq analyze` gives it for the same line
    double confidence;
  };
  const Row rows[] = {
      {1, "example.org", "false", false, false, "none", 0.8},
      {2, "blocked.example", "dns", true, false, "dns", 0.9},
      {4, "tcp.example", "tcp_ip", true, false, "tcp_ip", 0.7},  // one connect timed out
      {6, "reset.example", "http-failure", true, false, "http-failure", 0.8},
      {7, "nocontrol.example", "null", false, true, "unknown", 0},
      // The probe recorded http-diff; its data do not support it, and the collector says so.
      {8, "miscoded.example", "false", false, false, "none", 0.8},
  };
  for (const auto& r : rows) {
    auto content = testing::fixture_measurement(r.line);
    ASSERT_FALSE(content.at("test_keys").as_object().contains("x_ashyq_verdict"));
    auto row = row_of(content);
    SCOPED_TRACE("line " + std::to_string(r.line));
    EXPECT_EQ(row.domain, r.domain);
    EXPECT_EQ(row.blocking, r.blocking);
    EXPECT_EQ(row.anomaly, r.anomaly);
    EXPECT_EQ(row.failure, r.failure);
    EXPECT_FALSE(row.confirmed);  // no fingerprints given
    EXPECT_EQ(row.method, r.method);
    EXPECT_DOUBLE_EQ(row.confidence, r.confidence);
    EXPECT_EQ(row.report_id, testing::kReportId);
    EXPECT_EQ(row.probe_cc, "KZ");
    EXPECT_EQ(row.probe_asn, "AS9198");
    EXPECT_EQ(row.test_name, "web_connectivity");
    EXPECT_EQ(row.test_version, "0.4.3");
    EXPECT_EQ(row.software_name, "ooniprobe-cli");
    EXPECT_EQ(row.software_version, "3.20.0");
    EXPECT_EQ(row.measurement_start_time, "2024-03-01 10:00:00");
    EXPECT_EQ(row.test_start_time, "2024-03-01 10:00:00");
    EXPECT_EQ(row.category_code, "");
  }
}

TEST(ObservatoryRow, AConfirmedFingerprintMakesItConfirmedAndAnomalous) {
  auto db = analysis::FingerprintDb::from_csv(
      "name,scope,other_names,location_found,pattern_type,pattern,confidence_no_fp,"
      "expected_countries,source,exp_url,notes\n"
      "t.kz_page,nat,,body,contains,<title>Example Domain</title>,10,KZ,t,,\n");
  ASSERT_TRUE(db) << db.error().message();
  analysis::VerdictOptions verdict;
  verdict.fingerprints = &db.value();
  RowOptions options;
  options.verdict = &verdict;
  auto row = row_of(testing::fixture_measurement(1), options);
  EXPECT_TRUE(row.confirmed);
  EXPECT_TRUE(row.anomaly);
  EXPECT_EQ(row.method, "blockpage");
}

TEST(ObservatoryRow, CategoryComesFromTheTestList) {
  RowOptions options;
  options.category_of = [](std::string_view input) {
    return input == "http://example.org/" ? std::string("NEWS") : std::string();
  };
  EXPECT_EQ(row_of(testing::fixture_measurement(1), options).category_code, "NEWS");
  EXPECT_EQ(row_of(testing::fixture_measurement(2), options).category_code, "");
}

TEST(ObservatoryRow, OtherTestsReadTheProbesVerdictOrSayUnknown) {
  json::object signal = testing::fixture_measurement(1);
  signal["test_name"] = "signal";
  signal["input"] = nullptr;
  signal["test_keys"] = json::object{{"signal_backend_status", "ok"}};
  auto plain = row_of(signal);
  EXPECT_EQ(plain.method, "unknown");
  EXPECT_EQ(plain.confidence, 0);
  EXPECT_FALSE(plain.input);
  EXPECT_EQ(plain.domain, "");
  EXPECT_EQ(plain.blocking, "");

  json::object dnscheck = testing::fixture_measurement(1);
  dnscheck["test_name"] = "dnscheck";
  dnscheck["input"] = "udp://8.8.8.8:53";
  dnscheck["test_keys"] =
      json::object{{"x_ashyq_verdict", json::object{{"method", "dns"}, {"confidence", 0.75}}}};
  auto judged = row_of(dnscheck);
  EXPECT_EQ(judged.method, "dns");
  EXPECT_EQ(judged.confidence, 0.75);
  EXPECT_TRUE(judged.anomaly);
  EXPECT_EQ(judged.domain, "8.8.8.8");
  ASSERT_TRUE(judged.input);
  EXPECT_EQ(*judged.input, "udp://8.8.8.8:53");

  dnscheck["test_keys"] = json::object{
      {"x_ashyq_verdict", json::object{{"method", "no-such-method"}, {"confidence", 1}}}};
  EXPECT_EQ(row_of(dnscheck).method, "unknown");
}

// OONI Probe's measurements of the tests OONI's backend scores get the flags OONI Explorer
// shows for them (analysis/ooni_scores.hpp), whether or not they carry an ashyq verdict.
TEST(ObservatoryRow, TestsOoniScoresGetOonisFlags) {
  json::object telegram = testing::fixture_measurement(1);
  telegram["test_name"] = "telegram";
  telegram["input"] = nullptr;
  telegram["test_keys"] = json::object{
      {"telegram_web_status", "blocked"},
      {"tcp_connect", json::array{json::object{{"status", json::object{{"success", false}}}}}},
      {"requests", json::array{}}};
  auto blocked = row_of(telegram);
  EXPECT_TRUE(blocked.anomaly);
  EXPECT_FALSE(blocked.failure);
  EXPECT_EQ(blocked.method, "unknown");

  json::object tor = testing::fixture_measurement(1);
  tor["test_name"] = "vanilla_tor";
  tor["input"] = nullptr;
  tor["test_keys"] = json::object{
      {"tor_logs", json::array{"Jan 01 00:00:05.000 [notice] Bootstrapped 100% (done): Done"}},
      {"tor_progress", 100},
      {"x_ashyq_verdict", json::object{{"method", "none"}, {"confidence", 0.9}}}};
  auto ok = row_of(tor);
  EXPECT_FALSE(ok.anomaly);
  EXPECT_FALSE(ok.failure);
  EXPECT_EQ(ok.method, "none");
  EXPECT_EQ(ok.confidence, 0.9);

  tor["test_keys"] = json::object{};  // no logs at all: OONI cannot tell
  auto unknown = row_of(tor);
  EXPECT_FALSE(unknown.anomaly);
  EXPECT_TRUE(unknown.failure);
}

TEST(ObservatoryRow, AnUnreadableWebConnectivityRecordIsKeptAsAFailure) {
  auto content = testing::fixture_measurement(1);
  content["test_keys"].as_object()["queries"] = "not a list";
  auto row = row_of(content);
  EXPECT_TRUE(row.failure);
  EXPECT_FALSE(row.anomaly);
  EXPECT_EQ(row.blocking, "null");
  EXPECT_EQ(row.method, "unknown");
}

TEST(ObservatoryRow, DomainIsTheInputsHostInLowerCase) {
  EXPECT_EQ(domain_of("https://WWW.Example.ORG:8443/path?q=1"), "www.example.org");
  EXPECT_EQ(domain_of("http://[2001:db8::1]/"), "2001:db8::1");
  EXPECT_EQ(domain_of("tcp://1.2.3.4:443"), "1.2.3.4");
  EXPECT_EQ(domain_of("not a url"), "");
  EXPECT_EQ(domain_of(""), "");
}

}  // namespace
}  // namespace ashyq::collector
