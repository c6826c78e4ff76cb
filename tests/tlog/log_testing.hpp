// Shared by the log's tests: a temporary SQLite file holding the log's tables, and leaves
// appended to it the way a store does (inside its own write transaction).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "store/sqlite_connection.hpp"
#include "tlog/leaf_record.hpp"
#include "tlog/log_appender.hpp"
#include "tlog/sqlite_hashes.hpp"

namespace ashyq::tlog::testing {

struct TempLogDb {
  std::string path;
  store::SqliteDatabase db;
  explicit TempLogDb(const std::string& name)
      : path("/tmp/ashyq-tlog-test-" + std::to_string(getpid()) + "-" + name + ".sqlite") {
    remove_files();
    auto opened = store::open_sqlite(path, "test log", "PRAGMA journal_mode = WAL;");
    EXPECT_TRUE(opened) << opened.error().message();
    db = std::move(opened.value());
    EXPECT_EQ(sqlite3_exec(db.get(), kLogSchemaSql, nullptr, nullptr, nullptr), SQLITE_OK);
  }
  ~TempLogDb() {
    db.reset();
    remove_files();
  }
  void remove_files() const {
    for (const char* suffix : {"", "-wal", "-shm"})
      std::remove((path + suffix).c_str());
  }
};

inline MeasurementLeaf sample_leaf(int i) {
  MeasurementLeaf l;
  l.measurement_uid = "20261206050000.000000_KZ_webconnectivity_" + std::to_string(1000 + i);
  l.sha256 = sha256("measurement " + std::to_string(i));
  l.accepted = "2026-12-06T05:00:00Z";
  l.probe_cc = "KZ";
  l.probe_asn = i % 2 ? "AS9198" : "AS48716";
  l.test_name = "web_connectivity";
  l.input = i % 3 ? std::optional<std::string>("https://example-" + std::to_string(i % 5) + ".kz/")
                  : std::nullopt;
  l.measurement_start_time =
      "2026-12-06 04:59:" + std::string(i % 60 < 10 ? "0" : "") + std::to_string(i % 60);
  return l;
}

// Appends `count` sample leaves, each in its own transaction (as a store does).
inline void append_samples(sqlite3* db, LogAppender& appender, int first, int count) {
  for (int i = first; i < first + count; ++i) {
    store::WriteTransaction tx(db);
    ASSERT_TRUE(tx.began());
    auto leaf = sample_leaf(i);
    auto record = encode_leaf(leaf);
    ASSERT_TRUE(record);
    auto index = appender.append(*record, leaf.measurement_uid);
    ASSERT_TRUE(index) << index.error().message();
    ASSERT_EQ(*index, static_cast<std::uint64_t>(i));
    ASSERT_TRUE(tx.commit());
  }
}

}  // namespace ashyq::tlog::testing
