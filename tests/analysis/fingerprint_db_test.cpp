// Table tests for fingerprint_db.hpp: loading OONI-format CSVs, matching, the "confirmed" rule.
#include "analysis/fingerprint_db.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "analysis/read_file.hpp"
#include "test_source_dir.hpp"

namespace ashyq::analysis {
namespace {

constexpr const char* kCsv =
    "name,scope,other_names,location_found,pattern_type,pattern,confidence_no_fp,"
    "expected_countries,source,exp_url,notes\r\n"
    "t.body_isp,isp,,body,contains,ashyq-lab-blockpage,10,,test,,\r\n"
    "t.loc_nat,nat,,header.location,prefix,http://notice.example.kz/,5,KZ,test,,\r\n"
    "t.server_full,prod,,header.server,full,FilterBox 1.0,5,\"RU,BY\",test,,\r\n"
    "t.inst_phrase,inst,,body,contains,\xD0\xA1\xD1\x82\xD1\x80\xD0\xB0\xD0\xBD\xD0\xB8\xD1\x86"
    "\xD0\xB0 \xD0\xB7\xD0\xB0\xD0\xB1\xD0\xBB\xD0\xBE\xD0\xBA\xD0\xB8\xD1\x80\xD0\xBE\xD0\xB2"
    "\xD0\xB0\xD0\xBD\xD0\xB0,5,,test,,corporate\r\n"
    "t.regexp,vbw,,body,regexp,URL .* Sp.*er Gate,5,,test,,\r\n"
    "t.regexp_dot,vbw,,body,regexp,You don.t have permission,5,,test,,\r\n"
    "t.regexp_unsupported,vbw,,body,regexp,(a|b)+,5,,test,,\r\n"
    "t.fp,fp,,body,contains,Example Domain,5,,test,,known false positive\r\n"
    "t.dns,isp,,dns,full,10.10.34.35,5,KZ,test,,\r\n";

struct MatchRow {
  const char* name;
  const char* location;  // "body", "dns" or a header name
  const char* text;
  const char* probe_cc;
  const char* expect_name;  // nullptr: no match
  bool confirmed;
};

TEST(FingerprintDb, MatchTable) {
  auto db = FingerprintDb::from_csv(kCsv);
  ASSERT_TRUE(db.ok()) << db.error().message();
  EXPECT_EQ(db->size(), 9u);
  ASSERT_EQ(db->skipped().size(), 1u);
  EXPECT_NE(db->skipped()[0].find("t.regexp_unsupported"), std::string::npos);

  const MatchRow rows[] = {
      {"contains_in_body", "body", "<p>ashyq-lab-blockpage</p>", "KZ", "t.body_isp", true},
      {"contains_absent", "body", "<p>hello</p>", "KZ", nullptr, false},
      {"prefix_location_nat", "location", "http://notice.example.kz/?u=x", "US", "t.loc_nat", true},
      {"prefix_location_no_match", "Location", "https://notice.example.kz/", "KZ", nullptr, false},
      {"header_name_case_insensitive", "LOCATION", "http://notice.example.kz/", "KZ", "t.loc_nat",
       true},
      {"full_server_expected_country", "server", "FilterBox 1.0", "BY", "t.server_full", true},
      {"full_server_other_country", "server", "FilterBox 1.0", "KZ", "t.server_full", false},
      {"full_server_not_equal", "server", "FilterBox 1.0.1", "BY", nullptr, false},
      {"inst_not_confirmed_without_country", "body",
       "<h1>\xD0\xA1\xD1\x82\xD1\x80\xD0\xB0\xD0\xBD\xD0\xB8\xD1\x86\xD0\xB0 "
       "\xD0\xB7\xD0\xB0\xD0\xB1"
       "\xD0\xBB\xD0\xBE\xD0\xBA\xD0\xB8\xD1\x80\xD0\xBE\xD0\xB2\xD0\xB0\xD0\xBD\xD0\xB0</h1>",
       "KZ", "t.inst_phrase", false},
      {"regexp_dot_star", "body", "URL http://x blocked by SpamSniper Gate", "KZ", "t.regexp",
       false},
      {"regexp_not_across_lines", "body", "URL x\n Spider Gate", "KZ", nullptr, false},
      {"regexp_single_dot", "body", "You don't have permission", "KZ", "t.regexp_dot", false},
      {"fp_scope_never_matches", "body", "Example Domain", "KZ", nullptr, false},
      {"dns_full", "dns", "10.10.34.35", "KZ", "t.dns", true},
      {"dns_other", "dns", "10.10.34.36", "KZ", nullptr, false},
  };
  for (const auto& row : rows) {
    std::vector<FingerprintMatch> matches;
    const std::string_view loc = row.location;
    if (loc == "body") {
      matches = db->match_body(row.text, row.probe_cc);
    } else if (loc == "dns") {
      matches = db->match_dns(row.text, row.probe_cc);
    } else {
      matches = db->match_header(row.location, row.text, row.probe_cc);
    }
    if (!row.expect_name) {
      EXPECT_TRUE(matches.empty()) << row.name << ": matched " << matches[0].name;
      continue;
    }
    ASSERT_EQ(matches.size(), 1u) << row.name;
    EXPECT_EQ(matches[0].name, row.expect_name) << row.name;
    EXPECT_EQ(matches[0].confirmed, row.confirmed) << row.name;
  }
}

struct BadCsvRow {
  const char* name;
  const char* text;
  const char* field_part;
};

TEST(FingerprintDb, ErrorsNameTheField) {
  const std::string header =
      "name,scope,other_names,location_found,pattern_type,pattern,confidence_no_fp,"
      "expected_countries,source,exp_url,notes\n";
  const BadCsvRow rows[] = {
      {"missing_column", "name,scope\nx,isp\n", "header"},
      {"bad_location", "x,isp,,cookie,contains,abc,5,,,,\n", "location_found"},
      {"bad_pattern_type", "x,isp,,body,glob,abc,5,,,,\n", "pattern_type"},
      {"empty_pattern", "x,isp,,body,contains,,5,,,,\n", "pattern"},
      {"empty_name", ",isp,,body,contains,abc,5,,,,\n", "name"},
  };
  for (const auto& row : rows) {
    const std::string text =
        std::string_view(row.name) == "missing_column" ? std::string(row.text) : header + row.text;
    auto db = FingerprintDb::from_csv(text);
    ASSERT_FALSE(db.ok()) << row.name;
    EXPECT_NE(db.error().where.find(row.field_part), std::string::npos)
        << row.name << ": " << db.error().message();
  }
}

std::filesystem::path source_dir() {
  if (const char* env = std::getenv("ASHYQ_SOURCE_DIR"))
    return env;
  return ASHYQ_TEST_SOURCE_DIR;
}

TEST(FingerprintDb, OurOwnFileLoads) {
  const auto path = source_dir() / "data" / "fingerprints" / "ashyq.csv";
  auto text = read_file(path.string());
  ASSERT_TRUE(text.ok()) << text.error().message();
  auto db = FingerprintDb::from_csv(*text);
  ASSERT_TRUE(db.ok()) << db.error().message();
  EXPECT_GE(db->size(), 4u);
  auto kz = db->match_body(
      "<h1>\xD0\xA1\xD1\x82\xD1\x80\xD0\xB0\xD0\xBD\xD0\xB8\xD1\x86\xD0\xB0 "
      "\xD0\xB7\xD0\xB0\xD0\xB1"
      "\xD0\xBB\xD0\xBE\xD0\xBA\xD0\xB8\xD1\x80\xD0\xBE\xD0\xB2\xD0\xB0\xD0\xBD\xD0\xB0</h1>",
      "KZ");
  ASSERT_EQ(kz.size(), 1u);
  EXPECT_EQ(kz[0].name, "ashyq.kz_body_page_blocked");
  EXPECT_TRUE(kz[0].confirmed);
  auto lab = db->match_body("<!-- ashyq-lab-blockpage -->", "ZZ");
  ASSERT_EQ(lab.size(), 1u);
  EXPECT_EQ(lab[0].name, "ashyq.lab_blockpage");
  auto loc = db->match_header("Location", "http://qca.kz/install", "KZ");
  ASSERT_EQ(loc.size(), 1u);
  EXPECT_EQ(loc[0].name, "ashyq.kz_location_qca");
}

std::filesystem::path shared_fingerprints() {
  if (const char* env = std::getenv("ASHYQ_SHARED_DIR")) {
    return std::filesystem::path(env) / "data" / "fingerprints";
  }
  return "/work/shared/data/fingerprints";
}

TEST(FingerprintDb, OoniHttpFileWhenPresent) {
  const auto path = shared_fingerprints() / "fingerprints_http.csv";
  if (!std::filesystem::exists(path))
    GTEST_SKIP() << path << " is not present";
  auto text = read_file(path.string());
  ASSERT_TRUE(text.ok()) << text.error().message();
  auto db = FingerprintDb::from_csv(*text);
  ASSERT_TRUE(db.ok()) << db.error().message();
  EXPECT_EQ(db->size(), 1729u);  // records, not physical lines (some hold newlines)
  // A Russian ISP redirect, confirmed by scope.
  auto ru = db->match_header("Location", "http://sv-en.ru/block.php?x=1", "RU");
  ASSERT_FALSE(ru.empty());
  EXPECT_EQ(ru[0].name, "ooni.ru_71");
  EXPECT_TRUE(ru[0].confirmed);
  // The Kazakh-named Censored Planet phrase: scope inst, no country, so not confirmed.
  auto kz = db->match_body(
      "\xD0\xA1\xD1\x82\xD1\x80\xD0\xB0\xD0\xBD\xD0\xB8\xD1\x86\xD0\xB0 \xD0\xB7\xD0\xB0\xD0\xB1"
      "\xD0\xBB\xD0\xBE\xD0\xBA\xD0\xB8\xD1\x80\xD0\xBE\xD0\xB2\xD0\xB0\xD0\xBD\xD0\xB0",
      "KZ");
  bool found = false;
  for (const auto& m : kz) {
    if (m.name == "cp.d_corp_kz_ps") {
      found = true;
      EXPECT_FALSE(m.confirmed);
    }
  }
  EXPECT_TRUE(found);
}

TEST(FingerprintDb, OoniDnsFileWhenPresent) {
  const auto path = shared_fingerprints() / "fingerprints_dns.csv";
  if (!std::filesystem::exists(path))
    GTEST_SKIP() << path << " is not present";
  auto text = read_file(path.string());
  ASSERT_TRUE(text.ok());
  FingerprintDb db;
  auto added = db.add_csv(*text, "fingerprints_dns.csv");
  ASSERT_TRUE(added.ok()) << added.error().message();
  EXPECT_EQ(*added, 226u);
  auto m = db.match_dns("134.17.0.7", "BY");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].name, "ooni.by_4");
}

}  // namespace
}  // namespace ashyq::analysis
