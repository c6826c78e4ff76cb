// CSV and JSONL exports: every field, RFC 4180 quoting, the formula guard, valid JSON lines.
#include "report/exports.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>

#include "core/csv_reader.hpp"
#include "support/hostile_bytes.hpp"

namespace ashyq::report {
namespace {

store::MeasurementSummary hostile() {
  store::MeasurementSummary s;
  s.id = 7;
  s.run_id = 2;
  s.input = "https://evil.example/?a=1,b=\"2\"";
  s.domain = "evil.example";
  s.category = "NEWS";
  s.test_name = "web_connectivity";
  s.measurement_start_time = "2026-09-14 10:31:55";
  s.runtime = 1.5;
  s.blocking = "http-failure";
  s.accessible = false;
  s.method = "tls";
  s.confidence = 0.9;
  s.evidence = {"=cmd|' /C calc'!A0", "second, line"};
  s.failed_step = "tls_handshake";
  s.failure = "generic_timeout_error";
  s.fingerprints = {"-fp.one", "fp.two"};
  s.certificate_issuer = "@issuer";
  s.control_failed = true;
  return s;
}

TEST(RenderCsv, HeaderAndOneRecordPerMeasurement) {
  store::MeasurementSummary plain;
  plain.input = "https://ok.example/";
  plain.domain = "ok.example";
  plain.method = "none";
  const std::string csv = render_csv({hostile(), plain});
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
            "id,run_id,input,domain,category,test_name,measurement_start_time,runtime,blocking,"
            "accessible,method,confidence,evidence,failed_step,failure,fingerprints,"
            "certificate_issuer,control_failed");
  auto parsed = core::parse_csv(csv);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  const auto& records = parsed.value();
  ASSERT_EQ(records.size(), 3u);
  for (const auto& r : records)
    EXPECT_EQ(r.size(), 18u);
  const auto& r = records[1];
  EXPECT_EQ(r[0], "7");
  EXPECT_EQ(r[2], "https://evil.example/?a=1,b=\"2\"");  // quoted, quotes doubled
  EXPECT_EQ(r[7], "1.5");
  EXPECT_EQ(r[9], "false");
  EXPECT_EQ(r[11], "0.9");
  EXPECT_EQ(r[12], "'=cmd|' /C calc'!A0\nsecond, line");  // formula guarded, lines joined
  EXPECT_EQ(r[15], "'-fp.one\nfp.two");
  EXPECT_EQ(r[16], "'@issuer");
  EXPECT_EQ(r[17], "true");
  EXPECT_EQ(records[2][9], "");  // accessible unknown
}

TEST(RenderCsv, NoRawFormulaStartsAnyField) {
  const std::string csv = render_csv({hostile()});
  EXPECT_EQ(csv.find(",=cmd"), std::string::npos);
  EXPECT_EQ(csv.find("\"=cmd"), std::string::npos);
  EXPECT_EQ(csv.find(",@issuer"), std::string::npos);
}

TEST(RenderCsv, EmptyIsJustTheHeader) {
  const std::string csv = render_csv({});
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1);
}

TEST(RenderJsonl, OneObjectPerLineWithTheStructsFieldNames) {
  store::MeasurementSummary bad_bytes;
  bad_bytes.input = "http://x.example/\xFF";
  const std::string jsonl = render_jsonl({hostile(), bad_bytes});
  ASSERT_EQ(std::count(jsonl.begin(), jsonl.end(), '\n'), 2);
  const std::string first = jsonl.substr(0, jsonl.find('\n'));
  const auto v = boost::json::parse(first).as_object();
  const std::vector<std::string> fields = {"id",
                                           "run_id",
                                           "input",
                                           "domain",
                                           "category",
                                           "test_name",
                                           "measurement_start_time",
                                           "runtime",
                                           "blocking",
                                           "accessible",
                                           "method",
                                           "confidence",
                                           "evidence",
                                           "failed_step",
                                           "failure",
                                           "fingerprints",
                                           "certificate_issuer",
                                           "control_failed"};
  ASSERT_EQ(v.size(), fields.size());
  std::size_t i = 0;
  for (const auto& kv : v)
    EXPECT_EQ(kv.key(), fields[i++]) << "in the struct's order";
  EXPECT_EQ(v.at("id").as_int64(), 7);
  EXPECT_EQ(v.at("input").as_string(), "https://evil.example/?a=1,b=\"2\"");
  EXPECT_EQ(v.at("runtime").as_double(), 1.5);
  EXPECT_EQ(v.at("accessible").as_bool(), false);
  EXPECT_EQ(v.at("confidence").as_double(), 0.9);
  EXPECT_EQ(v.at("evidence").as_array().size(), 2u);
  EXPECT_EQ(v.at("evidence").as_array()[0].as_string(), "=cmd|' /C calc'!A0")
      << "no CSV guard in JSON";
  EXPECT_EQ(v.at("control_failed").as_bool(), true);
  EXPECT_NE(first.find("\"confidence\":0.9,"), std::string::npos) << "not 9E-1";

  const auto second = boost::json::parse(jsonl.substr(first.size() + 1)).as_object();
  EXPECT_TRUE(second.at("accessible").is_null());
  EXPECT_EQ(second.at("input").as_string(), "http://x.example/\xEF\xBF\xBD");
}

// Every byte 0x00–0xFF and the classic invalid sequences, in every string field: each line still
// parses with a strict UTF-8 reader, and the CSV is valid UTF-8 too.
TEST(RenderJsonl, EveryByteInEveryFieldGivesStrictUtf8Lines) {
  for (const auto& [name, bytes] : testing::hostile_byte_strings()) {
    store::MeasurementSummary s = hostile();
    s.input = s.domain = s.category = s.test_name = s.measurement_start_time = s.blocking =
        s.method = s.failed_step = s.failure = s.certificate_issuer = bytes;
    s.evidence = s.fingerprints = {bytes, "x" + bytes};
    const std::string jsonl = render_jsonl({s});
    ASSERT_FALSE(jsonl.empty());
    EXPECT_TRUE(testing::is_strict_utf8_json(jsonl.substr(0, jsonl.size() - 1))) << name;
    EXPECT_TRUE(core::is_valid_utf8(render_csv({s}))) << name;
  }
}

TEST(RenderJsonl, EmptyIsEmpty) {
  EXPECT_EQ(render_jsonl({}), "");
}

}  // namespace
}  // namespace ashyq::report
