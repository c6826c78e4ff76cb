#include "collector/submission.hpp"

#include <gtest/gtest.h>

#include <functional>

#include "collector_testing.hpp"
#include "support/hostile_bytes.hpp"

namespace ashyq::collector {
namespace {

namespace json = boost::json;
using testing::kReportId;

std::string open_report_body() {
  return R"({"data_format_version":"0.2.0","format":"json","probe_asn":"AS9198","probe_cc":"KZ",)"
         R"("software_name":"ooniprobe-cli","software_version":"3.20.0",)"
         R"("test_name":"web_connectivity","test_start_time":"2026-12-04 10:00:00",)"
         R"("test_version":"0.4.3"})";
}

TEST(OpenReport, AcceptsOonisBody) {
  auto r = validate_open_report(open_report_body());
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->probe_asn, "AS9198");
  EXPECT_EQ(r->test_name, "web_connectivity");
  EXPECT_EQ(r->test_version, "0.4.3");
}

TEST(OpenReport, AnswersInOonisShape) {
  auto id = parse_report_id(kReportId);
  ASSERT_TRUE(id);
  EXPECT_EQ(open_report_answer(*id, "ashyq 0.1.0"),
            json::parse(std::string(R"({"backend_version":"ashyq 0.1.0","report_id":")") +
                        kReportId + R"(","supported_formats":["json"]})"));
  EXPECT_EQ(submission_answer("u1"), json::parse(R"({"measurement_uid":"u1"})"));
}

TEST(OpenReport, NamesTheBadField) {
  struct Row {
    const char* field;
    json::value value;  // null: remove the field
  };
  const Row rows[] = {
      {"data_format_version", nullptr},
      {"format", "yaml"},
      {"format", nullptr},
      {"probe_asn", "9198"},
      {"probe_asn", "ASx"},
      {"probe_asn", 9198},
      {"probe_cc", "kz"},
      {"probe_cc", "KAZ"},
      {"probe_cc", nullptr},
      {"test_name", "web connectivity"},
      {"test_name", ""},
      {"test_start_time", "2026-12-04T10:00:00Z"},
      {"test_start_time", nullptr},
      {"software_name", nullptr},
      {"software_version", 3},
      {"test_version", 43},
  };
  for (const auto& row : rows) {
    auto o = json::parse(open_report_body()).as_object();
    if (row.value.is_null())
      o.erase(row.field);
    else
      o[row.field] = row.value;
    auto r = validate_open_report(core::to_json_text(o));
    ASSERT_FALSE(r) << row.field << " = " << json::serialize(row.value);
    EXPECT_EQ(r.error().where, row.field) << r.error().message();
  }
}

TEST(OpenReport, RefusesWhatIsNotJson) {
  for (std::string body : {std::string("{\"format\":"), std::string("[]"), std::string("")}) {
    auto r = validate_open_report(body);
    ASSERT_FALSE(r) << body;
    EXPECT_EQ(r.error().where, "body");
  }
  auto big = validate_open_report(std::string(kMaxOpenReportBytes + 1, ' '));
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().where, "body");
}

TEST(Submission, AcceptsEveryFixtureMeasurement) {
  for (std::size_t line : {1, 2, 4, 6, 7, 8}) {
    auto content = testing::fixture_measurement(line);
    auto body = testing::submission_body(content);
    auto r = validate_submission(kReportId, body);
    ASSERT_TRUE(r) << "line " << line << ": " << r.error().message();
    EXPECT_EQ(r->body, body);
    EXPECT_EQ(r->content, content);
    EXPECT_EQ(r->report_id.text(), kReportId);
    EXPECT_EQ(format_ooni_time(r->measurement_start), "2024-03-01 10:00:00");
  }
}

TEST(Submission, AcceptsNullInputAndAbsentProbeIp) {
  auto content = testing::fixture_measurement(1);
  content["input"] = nullptr;
  content.erase("probe_ip");
  auto r = validate_submission(kReportId, testing::submission_body(content));
  EXPECT_TRUE(r) << r.error().message();
}

// Each row changes a valid submission and names the field the error must name.
TEST(Submission, RefusesEachBadFieldByName) {
  using Edit = std::function<void(json::object & content)>;
  struct Row {
    const char* name;
    Edit edit;
    const char* where;
  };
  auto set = [](const char* key, json::value v) {
    return [key, v](json::object& c) { c[key] = v; };
  };
  auto drop = [](const char* key) { return [key](json::object& c) { c.erase(key); }; };
  const Row rows[] = {
      {"probe_cc lower case", set("probe_cc", "kz"), "content.probe_cc"},
      {"probe_cc number", set("probe_cc", 7), "content.probe_cc"},
      {"probe_cc missing", drop("probe_cc"), "content.probe_cc"},
      {"probe_asn without AS", set("probe_asn", "9198"), "content.probe_asn"},
      {"probe_asn number", set("probe_asn", 9198), "content.probe_asn"},
      {"probe_asn missing", drop("probe_asn"), "content.probe_asn"},
      {"start time ISO", set("measurement_start_time", "2024-03-01T10:00:00Z"),
       "content.measurement_start_time"},
      {"start time impossible", set("measurement_start_time", "2024-02-30 10:00:00"),
       "content.measurement_start_time"},
      {"start time missing", drop("measurement_start_time"), "content.measurement_start_time"},
      {"test_name with space", set("test_name", "web connectivity"), "content.test_name"},
      {"test_name array", set("test_name", json::array{}), "content.test_name"},
      {"report_id other", set("report_id", "20240301T100000Z_webconnectivity_KZ_9198_n1_Other"),
       "content.report_id"},
      {"report_id missing", drop("report_id"), "content.report_id"},
      {"input number", set("input", 3), "content.input"},
      {"input missing", drop("input"), "content.input"},
      {"test_keys string", set("test_keys", "x"), "content.test_keys"},
      {"test_keys null", set("test_keys", nullptr), "content.test_keys"},
      {"test_keys missing", drop("test_keys"), "content.test_keys"},
      {"probe_ip a real address", set("probe_ip", "203.0.113.7"), "content.probe_ip"},
      {"probe_ip IPv6", set("probe_ip", "2001:db8::1"), "content.probe_ip"},
      {"probe_ip number", set("probe_ip", 127), "content.probe_ip"},
      {"software_name number", set("software_name", 1), "content.software_name"},
      {"test_start_time ISO", set("test_start_time", "2024-03-01T10:00:00Z"),
       "content.test_start_time"},
  };
  for (const auto& row : rows) {
    auto content = testing::fixture_measurement(1);
    row.edit(content);
    auto r = validate_submission(kReportId, testing::submission_body(content));
    ASSERT_FALSE(r) << row.name;
    EXPECT_EQ(r.error().where, row.where) << row.name << ": " << r.error().message();
  }
}

TEST(Submission, RefusesABadEnvelope) {
  auto content = testing::fixture_measurement(1);
  auto good = testing::submission_body(content);
  struct Row {
    const char* name;
    std::string body;
    const char* where;
  };
  std::string deep;
  for (int i = 0; i < 100; ++i)
    deep += "[";
  for (int i = 0; i < 100; ++i)
    deep += "]";
  json::object deep_keys = content;
  json::value nested = 1;
  for (int i = 0; i < 70; ++i)
    nested = json::object{{"a", nested}};
  deep_keys["test_keys"] = json::object{{"deep", nested}};
  const Row rows[] = {
      {"truncated JSON", good.substr(0, good.size() / 2), "body"},
      {"empty", "", "body"},
      {"not an object", "[1,2]", "body"},
      {"trailing garbage", good + "x", "body"},
      {"10 MB body",
       "{\"format\":\"json\",\"content\":{\"x\":\"" + std::string(10'000'000, 'a') + "\"}}",
       "body"},
      {"deep array", "{\"format\":\"json\",\"content\":" + deep + "}", "body"},
      {"deep test_keys", testing::submission_body(deep_keys), "body"},
      {"format yaml", core::to_json_text(json::object{{"format", "yaml"}, {"content", content}}),
       "format"},
      {"format missing", core::to_json_text(json::object{{"content", content}}), "format"},
      {"content missing", R"({"format":"json"})", "content"},
      {"content a string", R"({"format":"json","content":"{}"})", "content"},
  };
  for (const auto& row : rows) {
    auto r = validate_submission(kReportId, row.body);
    ASSERT_FALSE(r) << row.name;
    EXPECT_EQ(r.error().where, row.where) << row.name << ": " << r.error().message();
  }
}

TEST(Submission, TheDepthCapIsExact) {
  // kMaxJsonDepth levels pass, one more does not: the cap is the parser's, not an accident.
  auto body_with_depth = [](std::size_t depth) {
    // {"format","content":{…,"test_keys":{"d": [[…]]}}} is 3 levels before the arrays.
    std::string arrays;
    for (std::size_t i = 3; i < depth; ++i)
      arrays += "[";
    for (std::size_t i = 3; i < depth; ++i)
      arrays += "]";
    auto content = testing::fixture_measurement(1);
    content["test_keys"] = json::object{{"d", 0}};
    auto text = testing::submission_body(content);
    auto at = text.find("{\"d\":0}");
    return text.replace(at, 7, "{\"d\":" + arrays + "}");
  };
  EXPECT_TRUE(validate_submission(kReportId, body_with_depth(kMaxJsonDepth)));
  auto over = validate_submission(kReportId, body_with_depth(kMaxJsonDepth + 1));
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().where, "body");
}

TEST(Submission, RefusesBytesThatAreNotUtf8) {
  int refused = 0;
  for (const auto& [name, bytes] : ashyq::testing::hostile_byte_strings()) {
    if (core::is_valid_utf8(bytes))
      continue;  // text a JSON string may hold (or that breaks the JSON for another reason)
    auto content = testing::fixture_measurement(1);
    content["test_keys"].as_object()["x"] = "PLACEHOLDER";
    auto body = testing::submission_body(content);
    body.replace(body.find("PLACEHOLDER"), 11, bytes);
    auto r = validate_submission(kReportId, body);
    ASSERT_FALSE(r) << name;
    EXPECT_EQ(r.error().where, "body") << name;
    ++refused;
  }
  EXPECT_GT(refused, 100);  // every byte 0x80–0xFF alone, and the named sequences
}

TEST(Submission, RefusesAWrongReportIdInTheUrl) {
  auto body = testing::submission_body(testing::fixture_measurement(1));
  for (const char* id : {"", "fixture", "20240301T100000Z_webconnectivity_KZ_9198_n1",
                         "20240301T100000Z_webconnectivity_kz_9198_n1_x"}) {
    auto r = validate_submission(id, body);
    ASSERT_FALSE(r) << id;
    EXPECT_EQ(r.error().where, "report_id") << id;
  }
}

}  // namespace
}  // namespace ashyq::collector
