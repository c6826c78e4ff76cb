#include "collector/sqlite_observatory.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "collector/read_api.hpp"
#include "collector_testing.hpp"
#include "generated_rows.hpp"

namespace ashyq::collector {
namespace {

using testing::generated_body;
using testing::generated_row;
using testing::kGeneratedRows;
using testing::TempDb;

std::unique_ptr<SqliteObservatory> open_or_fail(const std::string& path) {
  auto store = SqliteObservatory::open(path);
  EXPECT_TRUE(store) << store.error().message();
  return store ? std::move(store.value()) : nullptr;
}

void fill(ObservatoryStore& store) {
  for (int i = 0; i < kGeneratedRows; ++i) {
    auto added = store.insert(generated_row(i), generated_body(i));
    ASSERT_TRUE(added) << added.error().message();
    EXPECT_TRUE(*added) << i;
  }
}

MeasurementQuery everything() {
  MeasurementQuery q;
  q.limit = 1000;
  return q;
}

TEST(SqliteObservatory, InsertIsIdempotentByUid) {
  TempDb db("idempotent");
  auto store = open_or_fail(db.path);
  ASSERT_TRUE(store);
  auto row = generated_row(1);
  auto first = store->insert(row, generated_body(1));
  ASSERT_TRUE(first) << first.error().message();
  EXPECT_TRUE(*first);
  auto changed = row;
  changed.anomaly = !row.anomaly;  // a second insert must not overwrite the first
  auto second = store->insert(changed, generated_body(2));
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

TEST(SqliteObservatory, FindReturnsRowAndBodyAndNothingForUnknownUids) {
  TempDb db("find");
  auto store = open_or_fail(db.path);
  ASSERT_TRUE(store);
  auto row = generated_row(3);
  row.input.reset();  // a test without input round-trips as null
  std::string body = "{\"format\":\"json\",\"content\":{\"s\":\"\xD0\x90\xD2\x9B\"}}";
  ASSERT_TRUE(store->insert(row, body));
  auto found = store->find(row.measurement_uid);
  ASSERT_TRUE(found) << found.error().message();
  ASSERT_TRUE(*found);
  EXPECT_EQ((*found)->row, row);
  EXPECT_EQ((*found)->body, body);
  auto missing = store->find("20261201100000.000000_KZ_web_connectivity_0000000000000000");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
}

TEST(SqliteObservatory, BodiesAreStoredCompressed) {
  TempDb db("compressed");
  auto store = open_or_fail(db.path);
  ASSERT_TRUE(store);
  std::string body =
      "{\"format\":\"json\",\"content\":{\"pad\":\"" + std::string(100000, 'a') + "\"}}";
  ASSERT_TRUE(store->insert(generated_row(0), body));
  store.reset();
  store::SqliteDatabase raw;
  sqlite3* conn = nullptr;
  ASSERT_EQ(sqlite3_open(db.path.c_str(), &conn), SQLITE_OK);
  raw.reset(conn);
  store::Statement q(conn, "SELECT size, length(zlib) FROM raw_measurements");
  ASSERT_EQ(sqlite3_step(q.get()), SQLITE_ROW);
  EXPECT_EQ(q.integer(0), static_cast<int64_t>(body.size()));
  EXPECT_LT(q.integer(1), 2000);
}

TEST(SqliteObservatory, ReopenedDatabaseKeepsEverything) {
  TempDb db("reopen");
  {
    auto store = open_or_fail(db.path);
    ASSERT_TRUE(store);
    fill(*store);
  }
  auto store = open_or_fail(db.path);
  ASSERT_TRUE(store);
  auto page = store->measurements(everything());
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, kGeneratedRows);
  for (int i = 0; i < kGeneratedRows; ++i) {
    auto found = store->find(generated_row(i).measurement_uid);
    ASSERT_TRUE(found && *found) << i;
    EXPECT_EQ((*found)->row, generated_row(i));
    EXPECT_EQ((*found)->body, generated_body(i));
  }
  // Still idempotent after reopening.
  auto again = store->insert(generated_row(5), generated_body(5));
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);
}

TEST(SqliteObservatory, SchemaIsVersionedAndIndexed) {
  TempDb db("schema");
  ASSERT_TRUE(open_or_fail(db.path));
  sqlite3* conn = nullptr;
  ASSERT_EQ(sqlite3_open(db.path.c_str(), &conn), SQLITE_OK);
  store::SqliteDatabase raw(conn);
  store::Statement version(conn, "PRAGMA user_version");
  ASSERT_EQ(sqlite3_step(version.get()), SQLITE_ROW);
  EXPECT_EQ(version.integer(0), observatory_migrations().back().version);
  store::Statement mode(conn, "PRAGMA journal_mode");
  ASSERT_EQ(sqlite3_step(mode.get()), SQLITE_ROW);
  EXPECT_EQ(mode.text(0), "wal");
  for (const char* index : {"measurements_by_time", "measurements_by_cc", "measurements_by_domain",
                            "measurements_by_asn"}) {
    store::Statement q(conn, "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?");
    q.bind(1, std::string(index));
    EXPECT_EQ(sqlite3_step(q.get()), SQLITE_ROW) << index;
  }
  // The time-range query by country uses its index rather than scanning.
  store::Statement plan(conn,
                        "EXPLAIN QUERY PLAN SELECT * FROM measurements WHERE probe_cc = 'KZ' AND "
                        "measurement_start_time >= '2026-12-01' ORDER BY measurement_start_time");
  std::string details;
  while (sqlite3_step(plan.get()) == SQLITE_ROW)
    details += plan.text(3) + "\n";
  EXPECT_NE(details.find("measurements_by_cc"), std::string::npos) << details;
}

TEST(SqliteObservatory, RefusesADatabaseFromANewerAshyq) {
  TempDb db("newer");
  ASSERT_TRUE(open_or_fail(db.path));
  {
    sqlite3* conn = nullptr;
    ASSERT_EQ(sqlite3_open(db.path.c_str(), &conn), SQLITE_OK);
    store::SqliteDatabase raw(conn);
    ASSERT_EQ(sqlite3_exec(conn, "PRAGMA user_version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
  }
  auto store = SqliteObservatory::open(db.path);
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().message().find("observatory database " + db.path), std::string::npos)
      << store.error().message();
  EXPECT_NE(store.error().why.find("newer"), std::string::npos);
}

TEST(SqliteObservatory, FiltersPagesAndCounts) {
  TempDb db("filters");
  auto store = open_or_fail(db.path);
  ASSERT_TRUE(store);
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

TEST(SqliteObservatory, AggregatesIntoCellsThatPartitionTheCount) {
  TempDb db("aggregation");
  auto store = open_or_fail(db.path);
  ASSERT_TRUE(store);
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

TEST(SqliteObservatory, ConcurrentInsertsOfTheSameMeasurementStoreItOnce) {
  TempDb db("concurrent");
  auto store = open_or_fail(db.path);
  ASSERT_TRUE(store);
  std::atomic<int> fresh{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        auto r = store->insert(generated_row(i), generated_body(i));
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

}  // namespace
}  // namespace ashyq::collector
