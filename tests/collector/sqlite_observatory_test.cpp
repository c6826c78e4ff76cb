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

using testing::everything;
using testing::fill;
using testing::generated_body;
using testing::generated_leaf;
using testing::leaf_of;
using testing::generated_row;
using testing::kGeneratedRows;
using testing::TempDb;

std::unique_ptr<SqliteObservatory> open_or_fail(const std::string& path) {
  auto store = SqliteObservatory::open(path);
  EXPECT_TRUE(store) << store.error().message();
  return store ? std::move(store.value()) : nullptr;
}

TEST(SqliteObservatory, BodiesAreStoredCompressed) {
  TempDb db("compressed");
  auto store = open_or_fail(db.path);
  ASSERT_TRUE(store);
  std::string body =
      "{\"format\":\"json\",\"content\":{\"pad\":\"" + std::string(100000, 'a') + "\"}}";
  ASSERT_TRUE(store->insert(generated_row(0), body, leaf_of(generated_row(0), body)));
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
  auto again = store->insert(generated_row(5), generated_body(5), generated_leaf(5));
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

}  // namespace
}  // namespace ashyq::collector
