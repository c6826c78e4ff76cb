// The observatory in one SQLite file (ObservatoryStore). WAL, so readers never wait for the
// writer; synchronous=FULL, so a committed insert survives a power cut (the store's contract says
// ok means durable); one writer connection whose inserts are grouped (store/group_commit.hpp:
// concurrent submissions share a transaction and an fsync, each still answered only once
// committed) and one reader connection behind a mutex. Each body is kept zlib-compressed in its own
// table (raw_measurements), so that scans of the rows for the read API never page through bodies.
// The schema is versioned with PRAGMA user_version and numbered migrations (store/migrations.hpp
// runs them); a database from a newer ashyq is refused. docs/collector.md shows the schema.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <span>
#include <string>

#include "collector/observatory_store.hpp"
#include "store/group_commit.hpp"
#include "store/migrations.hpp"
#include "store/sqlite_statement.hpp"
#include "tlog/log_appender.hpp"

namespace ashyq::collector {

// The observatory schema's migrations, oldest first. Never edit a shipped entry: add the next one.
std::span<const store::Migration> observatory_migrations();

class SqliteObservatory final : public ObservatoryStore {
 public:
  // Opens (creating if needed) the database at `path` and brings its schema up to date.
  static core::Result<std::unique_ptr<SqliteObservatory>> open(const std::string& path);

  core::Result<bool> insert(const ObservatoryRow& row, const std::string& body,
                            const std::string& leaf_record) override;
  const std::string& log_database() const override { return path_; }
  core::Result<std::optional<StoredMeasurement>> find(const std::string& measurement_uid) override;
  core::Result<MeasurementPage> measurements(const MeasurementQuery& query) override;
  core::Result<std::vector<AggregationCell>> aggregation(const MeasurementQuery& query,
                                                         std::optional<Axis> axis_x,
                                                         std::optional<Axis> axis_y) override;
  core::Result<std::vector<NetworkInfo>> networks(const std::string& probe_cc) override;
  core::Result<std::vector<std::string>> find_domains(std::string_view fragment,
                                                      std::size_t limit) override;

  // Whether aggregation() answers from the daily rollups when they cover the query (the
  // default), or always from the raw rows (to compare: the answers are the same).
  void use_rollups(bool on) { use_rollups_ = on; }

  const std::string& path() const { return path_; }

 private:
  SqliteObservatory(store::SqliteDatabase writer, store::SqliteDatabase reader, std::string path)
      : writer_(std::move(writer)),
        commit_(
            std::make_unique<store::GroupCommit>(writer_.get(), "observatory database " + path)),
        log_(std::make_unique<tlog::LogAppender>(writer_.get())),
        reader_(std::move(reader)),
        path_(std::move(path)) {}
  core::Error error(sqlite3* db, const std::string& what) const;

  store::SqliteDatabase writer_;
  std::unique_ptr<store::GroupCommit> commit_;     // every write to writer_ goes through it
  std::unique_ptr<tlog::LogAppender> log_;         // on writer_, inside commit_'s transactions
  std::unique_ptr<store::Statement> insert_row_;   // prepared on writer_ by the first insert
  std::unique_ptr<store::Statement> insert_body_;  // likewise
  std::atomic<bool> use_rollups_{true};
  std::mutex read_mutex_;
  store::SqliteDatabase reader_;
  std::string path_;
};

}  // namespace ashyq::collector
