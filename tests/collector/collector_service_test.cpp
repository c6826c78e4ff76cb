// The collector's routes without sockets: OONI's submission protocol end to end (open, submit,
// retry, close), refusals that store nothing, check-in, and the read API over what was stored.
#include "collector/collector_service.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "collector/sqlite_observatory.hpp"
#include "collector_testing.hpp"
#include "test_source_dir.hpp"

namespace ashyq::collector {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;
using namespace testing;  // NOLINT

struct Service {
  TempDb db{"service"};
  std::shared_ptr<ObservatoryStore> store;
  std::unique_ptr<CollectorService> service;

  Service() {
    auto opened = SqliteObservatory::open(db.path);
    EXPECT_TRUE(opened) << opened.error().message();
    store = std::move(opened).value();
    CollectorConfig config;
    config.collector_id = 7;
    config.helpers = {"https://helper.example/"};
    config.test_lists_dir = std::string(ASHYQ_TEST_SOURCE_DIR) + "/data/test-lists";
    config.public_url = "https://collector.example";
    service = std::make_unique<CollectorService>(store, std::move(config), [] {
      return std::chrono::system_clock::from_time_t(1764928800);  // 2025-12-05 10:00:00 UTC
    });
  }

  net::HttpServerResponse call(http::verb verb, const std::string& target, std::string body = "") {
    net::HttpServerRequest request{verb, target, 11};
    request.body() = std::move(body);
    request.prepare_payload();
    return service->respond(request);
  }
  json::value json_of(const net::HttpServerResponse& response) {
    return json::parse(response.body());
  }
  std::int64_t stored() {
    MeasurementQuery all;
    all.since = "2000-01-01 00:00:00";
    auto page = store->measurements(all);
    EXPECT_TRUE(page) << page.error().message();
    return page ? page->total : -1;
  }
};

TEST(CollectorService, OpenSubmitRetryAndClose) {
  Service s;
  auto opened = s.call(http::verb::post, "/report",
                       R"({"data_format_version":"0.2.0","format":"json","probe_asn":"AS9198",)"
                       R"("probe_cc":"KZ","software_name":"ooniprobe","software_version":"3.20",)"
                       R"("test_name":"web_connectivity","test_start_time":"2024-03-01 10:00:00",)"
                       R"("test_version":"0.4.3"})");
  ASSERT_EQ(opened.result(), http::status::ok) << opened.body();
  const std::string report_id(s.json_of(opened).at("report_id").as_string());
  EXPECT_TRUE(report_id.starts_with("20251205T100000Z_webconnectivity_KZ_9198_n7_")) << report_id;

  auto content = fixture_measurement(1);
  content["report_id"] = report_id;
  const auto body = submission_body(content);
  auto first = s.call(http::verb::post, "/report/" + report_id, body);
  ASSERT_EQ(first.result(), http::status::ok) << first.body();
  const std::string uid(s.json_of(first).at("measurement_uid").as_string());
  auto again = s.call(http::verb::post, "/report/" + report_id, body);
  ASSERT_EQ(again.result(), http::status::ok) << again.body();
  EXPECT_EQ(s.json_of(again).at("measurement_uid").as_string(), uid);
  EXPECT_EQ(s.stored(), 1);

  auto closed = s.call(http::verb::post, "/report/" + report_id + "/close");
  EXPECT_EQ(closed.result(), http::status::ok);
  EXPECT_EQ(closed.body(), "{}");

  auto meta =
      s.call(http::verb::get, "/api/v1/measurement_meta?measurement_uid=" + uid + "&full=true");
  ASSERT_EQ(meta.result(), http::status::ok) << meta.body();
  EXPECT_EQ(s.json_of(meta).at("report_id").as_string(), report_id);
  EXPECT_TRUE(s.json_of(meta).as_object().contains("raw_measurement"));
  auto raw = s.call(http::verb::get, "/api/v1/raw_measurement?measurement_uid=" + uid);
  ASSERT_EQ(raw.result(), http::status::ok);
  EXPECT_EQ(s.json_of(raw).at("input"), content.at("input"));
  auto missing = s.call(http::verb::get, "/api/v1/raw_measurement?measurement_uid=nope");
  EXPECT_GE(static_cast<int>(missing.result()), 400);
}

TEST(CollectorService, RefusalsNameTheFieldAndStoreNothing) {
  Service s;
  auto good = fixture_measurement(1);
  struct Row {
    std::string name, target, body, field;
  };
  auto with = [&](const char* key, json::value v) {
    auto c = good;
    c[key] = std::move(v);
    return submission_body(c);
  };
  auto deep = std::string(200, '[') + std::string(200, ']');
  std::vector<Row> rows = {
      {"truncated", std::string("/report/") + kReportId, submission_body(good).substr(0, 100),
       "body"},
      {"wrong type", std::string("/report/") + kReportId, with("probe_cc", 7), "probe_cc"},
      {"real address", std::string("/report/") + kReportId, with("probe_ip", "10.1.2.3"),
       "probe_ip"},
      {"other report", "/report/20240301T100000Z_webconnectivity_KZ_9198_n1_Other",
       submission_body(good), "report_id"},
      {"bad id", "/report/not-an-id", submission_body(good), "report_id"},
      {"deep", std::string("/report/") + kReportId, R"({"format":"json","content":)" + deep + "}",
       "body"},
      {"not utf-8", std::string("/report/") + kReportId, with("input", "x").replace(20, 0, "\xff"),
       ""},
      {"too large", std::string("/report/") + kReportId, std::string(5 << 20, ' '), ""},
  };
  for (const auto& row : rows) {
    auto answer = s.call(http::verb::post, row.target, row.body);
    const int status = static_cast<int>(answer.result());
    EXPECT_GE(status, 400) << row.name;
    EXPECT_LT(status, 500) << row.name;
    auto error = json::parse(answer.body()).at("error").as_string();
    if (!row.field.empty()) {
      EXPECT_NE(std::string(error).find(row.field), std::string::npos) << row.name << ": " << error;
    }
  }
  EXPECT_EQ(s.stored(), 0);
}

TEST(CollectorService, CheckInGivesTheCountrysListHelpersAndAReportId) {
  Service s;
  auto answer =
      s.call(http::verb::post, "/api/v1/check-in",
             R"({"probe_cc":"KZ","probe_asn":"AS9198","charging":false,"run_type":"timed"})");
  ASSERT_EQ(answer.result(), http::status::ok) << answer.body();
  auto v = s.json_of(answer);
  const auto& wc = v.at("tests").at("web_connectivity");
  EXPECT_TRUE(std::string(wc.at("report_id").as_string()).find("_KZ_9198_n7_") !=
              std::string::npos);
  ASSERT_EQ(wc.at("urls").as_array().size(), 20u);
  EXPECT_EQ(wc.at("urls").as_array()[0].at("country_code").as_string(), "KZ");
  EXPECT_EQ(v.at("conf").at("test_helpers").at("web-connectivity").as_array()[0].at("address"),
            "https://helper.example/");
  auto helpers = s.call(http::verb::get, "/api/v1/test-helpers");
  ASSERT_EQ(helpers.result(), http::status::ok);
  EXPECT_TRUE(s.json_of(helpers).as_object().contains("web-connectivity"));
  auto bad = s.call(http::verb::post, "/api/v1/check-in", R"({"probe_cc":"Kazakhstan"})");
  EXPECT_EQ(bad.result(), http::status::bad_request);
  EXPECT_NE(bad.body().find("probe_cc"), std::string::npos);
}

TEST(CollectorService, ReadApiListsAndAggregatesWhatWasStored) {
  Service s;
  int accepted = 0;
  for (std::size_t n : {1, 2}) {
    auto answer = s.call(http::verb::post, std::string("/report/") + kReportId,
                         submission_body(fixture_measurement(n)));
    accepted += answer.result() == http::status::ok;
  }
  ASSERT_GT(accepted, 0);
  auto list = s.call(http::verb::get, "/api/v1/measurements?probe_cc=KZ&since=2000-01-01&limit=2");
  ASSERT_EQ(list.result(), http::status::ok) << list.body();
  auto v = s.json_of(list);
  EXPECT_EQ(v.at("metadata").at("count").as_int64(), s.stored());
  EXPECT_LE(v.at("results").as_array().size(), 2u);
  auto agg =
      s.call(http::verb::get, "/api/v1/aggregation?since=2000-01-01&axis_x=probe_cc&format=CSV");
  ASSERT_EQ(agg.result(), http::status::ok) << agg.body();
  EXPECT_NE(agg.body().find("KZ"), std::string::npos);
  auto unknown = s.call(http::verb::get, "/api/v1/measurements?colour=blue");
  EXPECT_EQ(unknown.result(), http::status::bad_request);
  EXPECT_NE(unknown.body().find("colour"), std::string::npos);
  EXPECT_EQ(s.call(http::verb::get, "/nowhere").result(), http::status::not_found);
}

}  // namespace
}  // namespace ashyq::collector
