#include "collector/report_id.hpp"

#include <gtest/gtest.h>

#include <set>

namespace ashyq::collector {
namespace {

SysSeconds at(const char* t) {
  return *parse_ooni_time(t);
}

TEST(ReportId, MakesOoniShapedIds) {
  auto id =
      make_report_id(at("2026-12-04 10:00:00"), "web_connectivity", "KZ", "AS9198", 1, "Xq3abc");
  ASSERT_TRUE(id) << id.error().message();
  EXPECT_EQ(id->text(), "20261204T100000Z_webconnectivity_KZ_9198_n1_Xq3abc");
  EXPECT_EQ(id->test_name, "webconnectivity");
  EXPECT_EQ(id->asn, 9198u);
}

TEST(ReportId, ParsesWhatItMakes) {
  auto token = random_report_token();
  auto made = make_report_id(at("2026-12-04 10:00:00"), "dnscheck", "KZ", "9198", 7, token);
  ASSERT_TRUE(made) << made.error().message();
  auto parsed = parse_report_id(made->text());
  ASSERT_TRUE(parsed) << parsed.error().message();
  EXPECT_EQ(parsed->text(), made->text());
  EXPECT_EQ(parsed->collector, 7u);
  EXPECT_EQ(parsed->probe_cc, "KZ");
}

TEST(ReportId, RandomTokensAreAlphanumericAndDiffer) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    auto t = random_report_token();
    EXPECT_EQ(t.size(), kReportIdRandomLength);
    for (char c : t)
      EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << t;
    seen.insert(t);
  }
  EXPECT_EQ(seen.size(), 50u);
}

TEST(ReportId, RefusesEachBrokenPart) {
  struct Row {
    const char* name;
    const char* id;
    const char* why;  // a piece of the message
  };
  const Row rows[] = {
      {"five parts", "20261204T100000Z_webconnectivity_KZ_9198_n1", "6 parts"},
      {"seven parts", "20261204T100000Z_web_connectivity_KZ_9198_n1_x", "6 parts"},
      {"empty", "", "6 parts"},
      {"bad time", "20261304T100000Z_webconnectivity_KZ_9198_n1_x", "time"},
      {"time without Z", "20261204T100000_webconnectivity_KZ_9198_n1_x", "time"},
      {"one-letter test", "20261204T100000Z_w_KZ_9198_n1_x", "test name"},
      {"30-letter test", "20261204T100000Z_abcdefghijabcdefghijabcdefghij_KZ_9198_n1_x",
       "test name"},
      {"test with dash", "20261204T100000Z_web-conn_KZ_9198_n1_x", "test name"},
      {"lower-case country", "20261204T100000Z_webconnectivity_kz_9198_n1_x", "country"},
      {"three-letter country", "20261204T100000Z_webconnectivity_KAZ_9198_n1_x", "country"},
      {"AS prefix", "20261204T100000Z_webconnectivity_KZ_AS9198_n1_x", "ASN"},
      {"empty ASN", "20261204T100000Z_webconnectivity_KZ__n1_x", "ASN"},
      {"collector without n", "20261204T100000Z_webconnectivity_KZ_9198_1_x", "collector"},
      {"empty random", "20261204T100000Z_webconnectivity_KZ_9198_n1_", "random"},
      {"random with dot", "20261204T100000Z_webconnectivity_KZ_9198_n1_a.b", "random"},
  };
  for (const auto& row : rows) {
    auto r = parse_report_id(row.id);
    ASSERT_FALSE(r) << row.name;
    EXPECT_EQ(r.error().where, "report_id") << row.name;
    EXPECT_NE(r.error().why.find(row.why), std::string::npos) << row.name << ": " << r.error().why;
  }
}

TEST(ReportId, MakeRefusesPartsThatWouldNotParse) {
  EXPECT_FALSE(make_report_id(at("2026-12-04 10:00:00"), "web_connectivity", "kz", "AS1", 1, "x"));
  EXPECT_FALSE(make_report_id(at("2026-12-04 10:00:00"), "web_connectivity", "KZ", "ASx", 1, "x"));
  EXPECT_FALSE(make_report_id(at("2026-12-04 10:00:00"), "web_connectivity", "KZ", "AS1", 1, ""));
}

}  // namespace
}  // namespace ashyq::collector
