#include "collector/read_api.hpp"

#include <gtest/gtest.h>

#include "collector/sqlite_observatory.hpp"
#include "collector_testing.hpp"
#include "generated_rows.hpp"

namespace ashyq::collector {
namespace {

namespace json = boost::json;
using testing::TempDb;

const SysSeconds kNow = *parse_ooni_time("2026-12-05 09:00:00");

TEST(ReadApiQuery, DefaultsAreOonisAndTheWindowIsThirtyDays) {
  auto q = parse_measurements_query({}, kNow);
  ASSERT_TRUE(q) << q.error().message();
  EXPECT_EQ(q->limit, kDefaultLimit);
  EXPECT_EQ(q->offset, 0u);
  EXPECT_TRUE(q->descending);
  EXPECT_EQ(q->order_by, OrderBy::measurement_start_time);
  EXPECT_EQ(q->since, "2026-11-05 09:00:00");
  EXPECT_FALSE(q->until);

  auto until_only = parse_measurements_query({{"until", "2026-06-30"}}, kNow);
  ASSERT_TRUE(until_only);
  EXPECT_EQ(until_only->since, "2026-05-31 00:00:00");
  EXPECT_EQ(until_only->until, "2026-06-30 00:00:00");
}

TEST(ReadApiQuery, ReadsEveryFilter) {
  auto q = parse_measurements_query({{"probe_cc", "KZ"},
                                     {"probe_asn", "9198"},
                                     {"test_name", "web_connectivity"},
                                     {"domain", "Example.ORG"},
                                     {"input", "http://example.org/"},
                                     {"category_code", "NEWS"},
                                     {"since", "2026-11-01"},
                                     {"until", "2026-12-01T12:30:00Z"},
                                     {"anomaly", "true"},
                                     {"confirmed", "false"},
                                     {"failure", "0"},
                                     {"order_by", "probe_asn"},
                                     {"order", "ASC"},
                                     {"limit", "1000"},
                                     {"offset", "40"}},
                                    kNow);
  ASSERT_TRUE(q) << q.error().message();
  EXPECT_EQ(q->probe_cc, "KZ");
  EXPECT_EQ(q->probe_asn, "AS9198");
  EXPECT_EQ(q->domain, "example.org");
  EXPECT_EQ(q->input, "http://example.org/");
  EXPECT_EQ(q->category_code, "NEWS");
  EXPECT_EQ(q->since, "2026-11-01 00:00:00");
  EXPECT_EQ(q->until, "2026-12-01 12:30:00");
  EXPECT_EQ(q->anomaly, true);
  EXPECT_EQ(q->confirmed, false);
  EXPECT_EQ(q->failure, false);
  EXPECT_EQ(q->order_by, OrderBy::probe_asn);
  EXPECT_FALSE(q->descending);
  EXPECT_EQ(q->limit, 1000u);
  EXPECT_EQ(q->offset, 40u);
}

TEST(ReadApiQuery, EveryBadParameterIsNamed) {
  struct Row {
    const char* name;
    const char* value;
  };
  const Row rows[] = {
      {"probe_cc", "kz"},
      {"probe_cc", "KAZ"},
      {"probe_asn", "ASN9198"},
      {"probe_asn", ""},
      {"test_name", "web-conn"},
      {"domain", ""},
      {"input", ""},
      {"category_code", "NEWS;"},
      {"report_id", "fixture"},
      {"since", "2026-11-31"},
      {"since", "yesterday"},
      {"until", "2026-12-01 10:00"},
      {"anomaly", "yes"},
      {"confirmed", "TRUE "},
      {"failure", ""},
      {"order_by", "anomaly"},
      {"order", "sideways"},
      {"limit", "1001"},
      {"limit", "0"},
      {"limit", "-1"},
      {"limit", "ten"},
      {"offset", "-5"},
      {"offset", "1e3"},
      {"ooni_run_link_id", "1"},
      {"software_version", "3"},
  };
  for (const auto& row : rows) {
    auto q = parse_measurements_query({{row.name, row.value}}, kNow);
    ASSERT_FALSE(q) << row.name << "=" << row.value;
    EXPECT_EQ(q.error().where, row.name) << q.error().message();
  }
  auto reversed =
      parse_measurements_query({{"since", "2026-12-02"}, {"until", "2026-12-01"}}, kNow);
  ASSERT_FALSE(reversed);
  EXPECT_EQ(reversed.error().where, "since");
}

TEST(ReadApiQuery, AggregationAxesAndFormat) {
  auto r = parse_aggregation_query(
      {{"axis_x", "measurement_start_day"}, {"axis_y", "method"}, {"format", "csv"}}, kNow);
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->axis_x, Axis::measurement_start_day);
  EXPECT_EQ(r->axis_y, Axis::method);
  EXPECT_TRUE(r->csv);

  struct Row {
    QueryParams params;
    const char* where;
  };
  const Row rows[] = {
      {{{"axis_x", "blocking_type"}}, "axis_x"},
      {{{"axis_x", "domain"}, {"axis_y", "country"}}, "axis_y"},
      {{{"axis_x", "domain"}, {"axis_y", "domain"}}, "axis_y"},
      {{{"axis_y", "domain"}}, "axis_y"},
      {{{"format", "XML"}}, "format"},
      {{{"time_grain", "week"}}, "time_grain"},
      {{{"limit", "10"}}, "limit"},  // not an aggregation parameter
      {{{"probe_cc", "K1"}}, "probe_cc"},
  };
  for (const auto& row : rows) {
    auto bad = parse_aggregation_query(row.params, kNow);
    ASSERT_FALSE(bad) << row.where;
    EXPECT_EQ(bad.error().where, row.where) << bad.error().message();
  }
  for (auto name : {"measurement_start_day", "domain", "probe_cc", "probe_asn", "test_name",
                    "category_code", "input", "method"}) {
    auto axis = axis_from_string(name);
    ASSERT_TRUE(axis) << name;
    EXPECT_EQ(to_string(*axis), name);
  }
}

TEST(ReadApiQuery, MeasurementMetaAndRaw) {
  auto meta = parse_measurement_meta_query(
      {{"measurement_uid", "20261201100000.000000_KZ_x_ab"}, {"full", "true"}});
  ASSERT_TRUE(meta) << meta.error().message();
  EXPECT_TRUE(meta->full);
  EXPECT_EQ(meta->measurement_uid, "20261201100000.000000_KZ_x_ab");
  EXPECT_EQ(parse_measurement_meta_query({}).error().where, "measurement_uid");
  EXPECT_EQ(parse_measurement_meta_query({{"measurement_uid", "a'b"}}).error().where,
            "measurement_uid");
  EXPECT_EQ(parse_measurement_meta_query({{"measurement_uid", "a"}, {"full", "x"}}).error().where,
            "full");
  EXPECT_EQ(*parse_raw_measurement_query({{"measurement_uid", "abc"}}), "abc");
  EXPECT_EQ(parse_raw_measurement_query({{"measurement_uid", "abc"}, {"x", "1"}}).error().where,
            "x");
}

class ReadApiOverStore : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteObservatory::open(db_.path);
    ASSERT_TRUE(opened) << opened.error().message();
    store_ = std::move(opened.value());
    for (int i = 0; i < testing::kGeneratedRows; ++i)
      ASSERT_TRUE(store_->insert(testing::generated_row(i), testing::generated_body(i)));
  }

  json::object list(const QueryParams& params) {
    auto q = parse_measurements_query(params, kNow);
    EXPECT_TRUE(q) << q.error().message();
    auto page = store_->measurements(*q);
    EXPECT_TRUE(page) << page.error().message();
    return measurements_json(*q, *page, PageContext{"https://c.test", params, 0.25});
  }

  TempDb db_{"read-api"};
  std::unique_ptr<SqliteObservatory> store_;
};

TEST_F(ReadApiOverStore, PagesCarryOonisMetadata) {
  auto first = list({{"probe_cc", "KZ"}, {"limit", "12"}});
  const auto& meta = first.at("metadata").as_object();
  EXPECT_EQ(meta.at("count"), 30);
  EXPECT_EQ(meta.at("limit"), 12);
  EXPECT_EQ(meta.at("offset"), 0);
  EXPECT_EQ(meta.at("current_page"), 1);
  EXPECT_EQ(meta.at("pages"), 3);
  EXPECT_EQ(meta.at("query_time"), 0.25);
  EXPECT_EQ(meta.at("next_url"),
            "https://c.test/api/v1/measurements?limit=12&offset=12&probe_cc=KZ");
  const auto& results = first.at("results").as_array();
  ASSERT_EQ(results.size(), 12u);
  const auto& r0 = results[0].as_object();
  for (const char* key :
       {"measurement_uid", "report_id", "input", "probe_cc", "probe_asn", "test_name",
        "measurement_start_time", "anomaly", "confirmed", "failure", "scores", "measurement_url"})
    EXPECT_TRUE(r0.contains(key)) << key;
  EXPECT_EQ(r0.at("probe_cc"), "KZ");
  // Newest first: row 56 (2026-12-03 10:00:56) is the newest KZ row.
  EXPECT_EQ(r0.at("measurement_start_time"), "2026-12-03T10:00:56Z");
  EXPECT_EQ(r0.at("measurement_url").as_string(),
            "https://c.test/api/v1/raw_measurement?measurement_uid=" +
                testing::generated_row(56).measurement_uid);

  auto last = list({{"probe_cc", "KZ"}, {"limit", "12"}, {"offset", "24"}});
  EXPECT_EQ(last.at("metadata").at("current_page"), 3);
  EXPECT_TRUE(last.at("metadata").at("next_url").is_null());
  EXPECT_EQ(last.at("results").as_array().size(), 6u);
}

TEST_F(ReadApiOverStore, FiltersReachTheStore) {
  auto count = [&](QueryParams p) {
    p.emplace("since", "2026-11-01");  // unless the row gives its own
    return list(p).at("metadata").at("count").as_int64();
  };
  EXPECT_EQ(count({}), 60);
  EXPECT_EQ(count({{"probe_asn", "AS48503"}}), 20);
  EXPECT_EQ(count({{"probe_asn", "48503"}}), 20);
  EXPECT_EQ(count({{"domain", "D3.example"}}), 15);
  EXPECT_EQ(count({{"anomaly", "true"}, {"probe_cc", "RU"}}), 6);  // odd i with i % 5 == 2
  EXPECT_EQ(count({{"failure", "true"}}), 6);
  EXPECT_EQ(count({{"confirmed", "true"}, {"category_code", "NEWS"}}), 3);  // i % 20 == 0
  EXPECT_EQ(count({{"since", "2026-12-03"}}), 20);
  EXPECT_EQ(count({{"until", "2026-12-02"}}), 20);
  // The default window (30 days before now) holds everything generated on 1–3 December.
  EXPECT_EQ(list({}).at("metadata").at("count"), 60);
  // A window that ends before the data holds none of it.
  EXPECT_EQ(list({{"until", "2026-11-30"}}).at("metadata").at("count"), 0);
}

TEST_F(ReadApiOverStore, AggregationShapesAndCsv) {
  auto aggregate = [&](const QueryParams& p) {
    auto r = parse_aggregation_query(p, kNow);
    EXPECT_TRUE(r) << r.error().message();
    auto cells = store_->aggregation(r->query, r->axis_x, r->axis_y);
    EXPECT_TRUE(cells) << cells.error().message();
    return std::pair{*r, *cells};
  };
  auto [none_req, none_cells] = aggregate({});
  auto none = aggregation_json(none_req, none_cells);
  EXPECT_EQ(none.at("v"), 0);
  EXPECT_EQ(none.at("dimension_count"), 0);
  EXPECT_EQ(none.at("result"),
            json::parse(R"({"anomaly_count":12,"confirmed_count":6,"failure_count":6,)"
                        R"("ok_count":36,"measurement_count":60})"));

  auto [asn_req, asn_cells] = aggregate({{"axis_x", "probe_asn"}});
  auto by_asn = aggregation_json(asn_req, asn_cells);
  EXPECT_EQ(by_asn.at("dimension_count"), 1);
  const auto& list1 = by_asn.at("result").as_array();
  ASSERT_EQ(list1.size(), 3u);
  EXPECT_EQ(list1[0].at("probe_asn"), 12389);  // a number, as OONI's answer has it
  EXPECT_EQ(list1[0].at("measurement_count"), 20);

  auto [two_req, two_cells] =
      aggregate({{"axis_x", "measurement_start_day"}, {"axis_y", "probe_cc"}});
  auto two = aggregation_json(two_req, two_cells);
  EXPECT_EQ(two.at("dimension_count"), 2);
  const auto& list2 = two.at("result").as_array();
  ASSERT_EQ(list2.size(), 6u);
  EXPECT_EQ(list2[0].at("measurement_start_day"), "2026-12-01");
  EXPECT_EQ(list2[0].at("probe_cc"), "KZ");
  EXPECT_EQ(list2[0].at("measurement_count"), 10);

  auto csv = aggregation_csv(two_req, two_cells);
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
            "measurement_start_day,probe_cc,anomaly_count,confirmed_count,failure_count,"
            "ok_count,measurement_count");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 7);
  EXPECT_NE(csv.find("\r\n2026-12-01,KZ,"), std::string::npos) << csv;

  AggregationRequest by_input;
  by_input.axis_x = Axis::input;
  AggregationCell odd;
  odd.x = "http://x.test/?a=1,b=\"2\"";
  EXPECT_NE(aggregation_csv(by_input, {odd}).find("\"http://x.test/?a=1,b=\"\"2\"\"\""),
            std::string::npos);
}

TEST(ReadApi, SubmissionToMeasurementMetaEndToEnd) {
  TempDb db("end-to-end");
  auto store = SqliteObservatory::open(db.path);
  ASSERT_TRUE(store) << store.error().message();
  auto content = testing::fixture_measurement(2);  // dns blocking, from OONI Probe
  auto body = testing::submission_body(content);
  auto submission = validate_submission(testing::kReportId, body);
  ASSERT_TRUE(submission) << submission.error().message();
  auto row = make_observatory_row(*submission);
  ASSERT_TRUE((*store)->insert(row, submission->body));

  auto meta_req = parse_measurement_meta_query(
      {{"measurement_uid", submission->measurement_uid}, {"full", "true"}});
  ASSERT_TRUE(meta_req);
  auto found = (*store)->find(meta_req->measurement_uid);
  ASSERT_TRUE(found && *found);
  auto meta = measurement_meta_json(**found, meta_req->full);
  EXPECT_EQ(meta.at("measurement_uid").as_string(), submission->measurement_uid);
  EXPECT_EQ(meta.at("probe_asn"), 9198);
  EXPECT_EQ(meta.at("anomaly"), true);
  EXPECT_EQ(meta.at("input"), "http://blocked.example/");
  EXPECT_EQ(meta.at("measurement_start_time"), "2024-03-01T10:00:00Z");
  ASSERT_TRUE(meta.at("raw_measurement").is_string());
  EXPECT_EQ(json::parse(meta.at("raw_measurement").as_string()), content);
  auto scores = json::parse(meta.at("scores").as_string());
  EXPECT_EQ(scores.at("blocking_general"), 1.0);
  EXPECT_EQ(scores.at("analysis").at("blocking_type"), "dns");
  EXPECT_EQ(scores.at("x_ashyq").at("method"), "dns");
  EXPECT_FALSE(measurement_meta_json(**found, false).contains("raw_measurement"));

  auto raw = raw_measurement_json((*found)->body);
  ASSERT_TRUE(raw);
  EXPECT_EQ(*raw, content);
  EXPECT_FALSE(raw_measurement_json("not json"));

  // A retried submission of the same body: same uid, nothing new stored.
  auto retry = validate_submission(testing::kReportId, body);
  ASSERT_TRUE(retry);
  EXPECT_EQ(retry->measurement_uid, submission->measurement_uid);
  auto again = (*store)->insert(make_observatory_row(*retry), retry->body);
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);

  auto q = parse_measurements_query({{"since", "2024-03-01"}, {"domain", "blocked.example"}}, kNow);
  ASSERT_TRUE(q);
  auto page = (*store)->measurements(*q);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 1);
}

}  // namespace
}  // namespace ashyq::collector
