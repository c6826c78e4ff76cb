#include "collector/read_api.hpp"

#include <gtest/gtest.h>

#include "collector_testing.hpp"

namespace ashyq::collector {
namespace {

namespace json = boost::json;

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

}  // namespace
}  // namespace ashyq::collector
