// The ClickHouse store's durable spool: a SQLite file on the collector's own disk where each
// accepted measurement is committed (synchronous=FULL) before the probe hears 200, and from which
// a drainer sends batches to ClickHouse, which wants few large inserts rather than one per
// submission. It also remembers every uid it ever accepted, so a retried submission is known
// without asking ClickHouse (about 80 bytes a measurement).
//
// What a spooled measurement carries is opaque here: the two JSONEachRow lines the store will
// insert (its row and its raw body), ready to send.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/group_commit.hpp"
#include "store/sqlite_statement.hpp"
#include "tlog/log_appender.hpp"

namespace ashyq::collector {

struct SpooledMeasurement {
  std::string measurement_uid;
  std::string row_line;     // one JSON object for the measurements table
  std::string raw_line;     // one JSON object for the raw_measurements table
  std::string leaf_record;  // its transparency-log leaf, appended when it is accepted
};

class ObservatorySpool {
 public:
  static core::Result<std::unique_ptr<ObservatorySpool>> open(const std::string& path);

  // Commits `m` as accepted and pending, and appends its leaf to the log the spool holds. False
  // (and nothing written) when its uid was accepted before, drained or not.
  core::Result<bool> accept(const SpooledMeasurement& m);

  // Up to `limit` pending measurements, oldest first, stopping once their lines reach
  // `byte_cap` bytes (so at least one, however large).
  core::Result<std::vector<SpooledMeasurement>> pending(std::size_t limit, std::size_t byte_cap);

  // Forgets the lines of `uids` (they reached ClickHouse); they stay accepted.
  core::Result<void> drained(const std::vector<std::string>& uids);

  core::Result<std::int64_t> pending_count();

  const std::string& path() const { return path_; }

 private:
  ObservatorySpool(store::SqliteDatabase db, std::string path)
      : db_(std::move(db)),
        commit_(std::make_unique<store::GroupCommit>(db_.get(), "observatory spool " + path)),
        log_(std::make_unique<tlog::LogAppender>(db_.get())),
        path_(std::move(path)) {}
  core::Result<std::vector<SpooledMeasurement>> pending_locked(std::size_t limit,
                                                               std::size_t byte_cap);
  core::Result<void> drained_locked(const std::vector<std::string>& uids);
  core::Error error(const std::string& what) const;

  store::SqliteDatabase db_;
  std::unique_ptr<store::GroupCommit> commit_;  // every use of db_ goes through it
  std::unique_ptr<tlog::LogAppender> log_;      // on db_, inside commit_'s transactions
  std::string path_;
};

}  // namespace ashyq::collector
