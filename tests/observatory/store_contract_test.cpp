// The observatory store's contract and the read API over it, one suite run against every
// backend: SQLite, one ClickHouse server, and two ClickHouse servers as a two-shard cluster behind
// Distributed tables (tests/support/clickhouse_servers.hpp starts them). The same data must give
// the same answers whichever store holds it.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "collector/clickhouse_observatory.hpp"
#include "collector/collector_testing.hpp"
#include "collector/generated_rows.hpp"
#include "collector/networks_domains.hpp"
#include "collector/read_api.hpp"
#include "collector/sqlite_observatory.hpp"
#include "support/clickhouse_servers.hpp"

namespace ashyq::collector {
namespace {

namespace json = boost::json;
using testing::everything;
using testing::fill;
using testing::generated_body;
using testing::generated_leaf;
using testing::generated_row;
using testing::kGeneratedRows;
using testing::leaf_of;
using testing::TempDb;

const SysSeconds kNow = *parse_ooni_time("2026-12-05 09:00:00");

// One backend of a test: its files and its ClickHouse database, removed when it goes.
class Backend {
 public:
  Backend(std::string kind, const std::string& purpose)
      : kind_(std::move(kind)), files_(kind_ + "-" + purpose) {
    if (kind_ != "sqlite")
      database_.emplace(purpose);
  }

  std::unique_ptr<ObservatoryStore> open() {
    if (kind_ == "sqlite") {
      auto opened = SqliteObservatory::open(files_.path);
      EXPECT_TRUE(opened) << opened.error().message();
      return opened ? std::unique_ptr<ObservatoryStore>(std::move(opened).value()) : nullptr;
    }
    const auto& servers = ashyq::testing::clickhouse_servers();
    if (servers.size() < 2)
      return nullptr;
    ClickHouseStoreSettings s;
    s.endpoint = servers[0];
    s.database = database_->name;
    s.spool_path = files_.path;
    if (kind_ == "clickhouse_cluster") {
      // Every shard gets its local tables by being opened once on its own.
      for (std::size_t i = 0; i < servers.size(); ++i) {
        auto shard = s;
        shard.endpoint = servers[i];
        shard.spool_path = files_.path + ".shard" + std::to_string(i);
        auto opened = ClickHouseObservatory::open(shard);
        EXPECT_TRUE(opened) << opened.error().message();
        shard_spools_.emplace_back(shard.spool_path);
      }
      s.cluster = ashyq::testing::kClickHouseCluster;
    }
    auto opened = ClickHouseObservatory::open(s);
    EXPECT_TRUE(opened) << opened.error().message();
    return opened ? std::unique_ptr<ObservatoryStore>(std::move(opened).value()) : nullptr;
  }

  ~Backend() {
    for (const auto& path : shard_spools_)
      for (const char* suffix : {"", "-wal", "-shm"})
        std::remove((path + suffix).c_str());
  }

 private:
  std::string kind_;
  TempDb files_;
  std::optional<ashyq::testing::ClickHouseDatabase> database_;
  std::vector<std::string> shard_spools_;
};

class ObservatoryContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string purpose = info->name();  // "Name/param": keep the name
    purpose = purpose.substr(0, purpose.find('/'));
    backend_.emplace(GetParam(), purpose);
    store_ = backend_->open();
    ASSERT_TRUE(store_);
  }
  void TearDown() override {
    store_.reset();  // before its database goes
    backend_.reset();
  }

  json::object list(const QueryParams& params) {
    auto q = parse_measurements_query(params, kNow);
    EXPECT_TRUE(q) << q.error().message();
    auto page = store_->measurements(*q);
    EXPECT_TRUE(page) << page.error().message();
    return measurements_json(*q, *page, PageContext{"https://c.test", params, 0.25});
  }

  std::optional<Backend> backend_;
  std::unique_ptr<ObservatoryStore> store_;
};

TEST_P(ObservatoryContract, InsertIsIdempotentByUid) {
  auto& store = store_;
  auto row = generated_row(1);
  auto first = store->insert(row, generated_body(1), leaf_of(row, generated_body(1)));
  ASSERT_TRUE(first) << first.error().message();
  EXPECT_TRUE(*first);
  auto changed = row;
  changed.anomaly = !row.anomaly;  // a second insert must not overwrite the first
  auto second = store->insert(changed, generated_body(2), leaf_of(changed, generated_body(2)));
  ASSERT_TRUE(second) << second.error().message();
  EXPECT_FALSE(*second);
  auto page = store->measurements(everything());
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 1);
  ASSERT_EQ(page->rows.size(), 1u);
  EXPECT_EQ(page->rows[0], row);
  auto found = store->find(row.measurement_uid);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->body, generated_body(1));
}

TEST_P(ObservatoryContract, FindReturnsRowAndBodyAndNothingForUnknownUids) {
  auto& store = store_;
  auto row = generated_row(3);
  row.input.reset();  // a test without input round-trips as null
  std::string body = "{\"format\":\"json\",\"content\":{\"s\":\"\xD0\x90\xD2\x9B\"}}";
  ASSERT_TRUE(store->insert(row, body, leaf_of(row, body)));
  auto found = store->find(row.measurement_uid);
  ASSERT_TRUE(found) << found.error().message();
  ASSERT_TRUE(*found);
  EXPECT_EQ((*found)->row, row);
  EXPECT_EQ((*found)->body, body);
  auto missing = store->find("20261201100000.000000_KZ_web_connectivity_0000000000000000");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
}

TEST_P(ObservatoryContract, FiltersPagesAndCounts) {
  auto& store = store_;
  fill(*store);
  auto count = [&](MeasurementQuery q) {
    q.limit = 1000;
    auto page = store->measurements(q);
    EXPECT_TRUE(page) << page.error().message();
    EXPECT_EQ(page->total, static_cast<int64_t>(page->rows.size()));
    return page->total;
  };
  MeasurementQuery q;
  q.probe_cc = "KZ";
  EXPECT_EQ(count(q), 30);
  q = {};
  q.probe_asn = "AS9198";
  EXPECT_EQ(count(q), 20);
  q.probe_cc = "KZ";  // i % 6 == 0
  EXPECT_EQ(count(q), 10);
  q = {};
  q.domain = "d1.example";
  EXPECT_EQ(count(q), 15);
  q = {};
  q.input = "http://d2.example/";
  EXPECT_EQ(count(q), 15);
  q = {};
  q.category_code = "NEWS";
  EXPECT_EQ(count(q), 15);
  q = {};
  q.failure = true;
  EXPECT_EQ(count(q), 6);
  q = {};
  q.confirmed = true;
  EXPECT_EQ(count(q), 6);
  q = {};
  q.anomaly = true;  // 6 confirmed + 12 with i % 5 == 2
  EXPECT_EQ(count(q), 18);
  q.anomaly = false;
  EXPECT_EQ(count(q), 42);
  q = {};
  q.since = "2026-12-02 00:00:00";
  q.until = "2026-12-03 00:00:00";
  EXPECT_EQ(count(q), 20);
  q = {};
  q.test_name = "dnscheck";
  EXPECT_EQ(count(q), 0);
  q = {};
  q.report_id = "20261201T100000Z_webconnectivity_KZ_9198_n1_gen1";
  EXPECT_EQ(count(q), 30);

  // Pages: 60 rows newest first, 25 a page.
  MeasurementQuery paged;
  paged.limit = 25;
  std::vector<std::string> seen;
  for (std::size_t offset = 0; offset < 75; offset += 25) {
    paged.offset = offset;
    auto page = store->measurements(paged);
    ASSERT_TRUE(page);
    EXPECT_EQ(page->total, 60);
    for (const auto& r : page->rows)
      seen.push_back(r.measurement_start_time + " " + r.measurement_uid);
  }
  ASSERT_EQ(seen.size(), 60u);
  EXPECT_TRUE(std::is_sorted(seen.rbegin(), seen.rend()));
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 60u);

  paged.offset = 0;
  paged.limit = 3;
  paged.descending = false;
  paged.order_by = OrderBy::probe_asn;
  auto ascending = store->measurements(paged);
  ASSERT_TRUE(ascending);
  ASSERT_EQ(ascending->rows.size(), 3u);
  EXPECT_EQ(ascending->rows[0].probe_asn, "AS12389");
}

// Pages in time order when many measurements share one start time: each measurement on exactly
// one page, in both directions (ClickHouse reads a page from its far edge's time on).
TEST_P(ObservatoryContract, PagesSplitTiesInTimeExactlyOnce) {
  for (int i = 0; i < 9; ++i) {
    auto row = generated_row(i);
    row.measurement_start_time =
        i < 7 ? "2026-12-02 10:00:00" : "2026-12-02 10:00:0" + std::to_string(i);
    row.measurement_uid = "20261202100000.000000_KZ_web_connectivity_tie" + std::to_string(i);
    ASSERT_TRUE(store_->insert(row, generated_body(i), leaf_of(row, generated_body(i))));
  }
  for (bool descending : {true, false}) {
    for (std::size_t limit : {1u, 2u, 4u}) {
      MeasurementQuery q;
      q.descending = descending;
      q.limit = limit;
      std::vector<std::string> seen;
      for (q.offset = 0; q.offset < 12; q.offset += limit) {
        auto page = store_->measurements(q);
        ASSERT_TRUE(page) << page.error().message();
        EXPECT_EQ(page->total, 9);
        for (const auto& r : page->rows)
          seen.push_back(r.measurement_start_time + " " + r.measurement_uid);
      }
      ASSERT_EQ(seen.size(), 9u) << "limit " << limit;
      EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 9u);
      if (descending)
        EXPECT_TRUE(std::is_sorted(seen.rbegin(), seen.rend())) << "limit " << limit;
      else
        EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end())) << "limit " << limit;
    }
  }
}

TEST_P(ObservatoryContract, AggregatesIntoCellsThatPartitionTheCount) {
  auto& store = store_;
  fill(*store);
  auto one = store->aggregation({}, std::nullopt, std::nullopt);
  ASSERT_TRUE(one) << one.error().message();
  ASSERT_EQ(one->size(), 1u);
  AggregationCell total;
  total.failure_count = 6;
  total.confirmed_count = 6;
  total.anomaly_count = 12;
  total.ok_count = 36;
  total.measurement_count = 60;
  EXPECT_EQ(one->front(), total);

  auto by_day = store->aggregation({}, Axis::measurement_start_day, std::nullopt);
  ASSERT_TRUE(by_day);
  ASSERT_EQ(by_day->size(), 3u);
  EXPECT_EQ(by_day->at(0).x, "2026-12-01");
  EXPECT_EQ(by_day->at(2).x, "2026-12-03");
  for (const auto& c : *by_day) {
    EXPECT_EQ(c.measurement_count, 20);
    EXPECT_EQ(c.anomaly_count + c.confirmed_count + c.failure_count + c.ok_count, 20);
    EXPECT_FALSE(c.y);
  }

  MeasurementQuery kz;
  kz.probe_cc = "KZ";
  auto grid = store->aggregation(kz, Axis::probe_asn, Axis::method);
  ASSERT_TRUE(grid);
  int64_t sum = 0;
  for (const auto& c : *grid) {
    ASSERT_TRUE(c.x && c.y);
    sum += c.measurement_count;
  }
  EXPECT_EQ(sum, 30);
  // KZ, AS9198 is i % 6 == 0: i = 0, 6, …, 54; dns for the confirmed i % 10 == 0 (0, 30) and
  // the anomalous i % 5 == 2 (12, 42).
  auto cell = std::find_if(grid->begin(), grid->end(), [](const AggregationCell& c) {
    return c.x == "AS9198" && c.y == "dns";
  });
  ASSERT_NE(cell, grid->end());
  EXPECT_EQ(cell->confirmed_count, 2);
  EXPECT_EQ(cell->anomaly_count, 2);
  EXPECT_EQ(cell->measurement_count, 4);

  MeasurementQuery nothing;
  nothing.probe_cc = "ZZ";
  auto empty = store->aggregation(nothing, Axis::domain, std::nullopt);
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST_P(ObservatoryContract, ConcurrentInsertsOfTheSameMeasurementStoreItOnce) {
  auto& store = store_;
  std::atomic<int> fresh{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        auto r = store->insert(generated_row(i), generated_body(i), generated_leaf(i));
        if (!r)
          ++failed;
        else if (*r)
          ++fresh;
        (void)store->measurements(everything());
      }
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(fresh, 20);
  auto page = store->measurements(everything());
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 20);
}

TEST_P(ObservatoryContract, PagesCarryOonisMetadata) {
  fill(*store_);
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

TEST_P(ObservatoryContract, FiltersReachTheStore) {
  fill(*store_);
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

TEST_P(ObservatoryContract, AggregationShapesAndCsv) {
  fill(*store_);
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

TEST_P(ObservatoryContract, SubmissionToMeasurementMetaEndToEnd) {
  auto* store = &store_;
  auto content = testing::fixture_measurement(2);  // dns blocking, from OONI Probe
  auto body = testing::submission_body(content);
  auto submission = validate_submission(testing::kReportId, body);
  ASSERT_TRUE(submission) << submission.error().message();
  auto row = make_observatory_row(*submission);
  ASSERT_TRUE((*store)->insert(row, submission->body, leaf_of(row, submission->body)));

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
  auto again = (*store)->insert(make_observatory_row(*retry), retry->body,
                                leaf_of(make_observatory_row(*retry), retry->body));
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);

  auto q = parse_measurements_query({{"since", "2024-03-01"}, {"domain", "blocked.example"}}, kNow);
  ASSERT_TRUE(q);
  auto page = (*store)->measurements(*q);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 1);
}

TEST_P(ObservatoryContract, HostileStringsAreValuesNeverQueryText) {
  const std::vector<std::string> hostile = {
      "it's",        "back\\slash", "quote' OR 1=1 --",
      "new\nline",   "tab\there",   "\xD0\x90\xD2\x9B.example",
      "percent%25_", "nul\\0"};
  for (std::size_t i = 0; i < hostile.size(); ++i) {
    auto row = generated_row(static_cast<int>(i));
    row.domain = hostile[i];
    row.input = "http://x/" + hostile[i];
    ASSERT_TRUE(store_->insert(row, generated_body(static_cast<int>(i)),
                               leaf_of(row, generated_body(static_cast<int>(i)))));
  }
  for (const auto& h : hostile) {
    MeasurementQuery q = everything();
    q.domain = h;
    auto page = store_->measurements(q);
    ASSERT_TRUE(page) << h << ": " << page.error().message();
    EXPECT_EQ(page->total, 1) << h;
    ASSERT_EQ(page->rows.size(), 1u) << h;
    EXPECT_EQ(page->rows[0].domain, h);
    q = everything();
    q.input = "http://x/" + h;
    auto cells = store_->aggregation(q, Axis::input, std::nullopt);
    ASSERT_TRUE(cells) << cells.error().message();
    ASSERT_EQ(cells->size(), 1u) << h;
    EXPECT_EQ(cells->front().x, "http://x/" + h);
  }
  auto all = store_->measurements(everything());
  ASSERT_TRUE(all);
  EXPECT_EQ(all->total, static_cast<std::int64_t>(hostile.size()));
}

// The explorer's lists: networks of a country with their latest names, domains by fragment.
TEST_P(ObservatoryContract, NetworksAndDomains) {
  testing::check_networks_and_domains(*store_);
}

INSTANTIATE_TEST_SUITE_P(Backends, ObservatoryContract,
                         ::testing::Values("sqlite", "clickhouse", "clickhouse_cluster"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ashyq::collector
