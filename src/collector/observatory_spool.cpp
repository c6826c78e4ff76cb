#include "collector/observatory_spool.hpp"

#include <array>

#include "register/register_schema.hpp"
#include "store/migrations.hpp"
#include "store/sqlite_connection.hpp"

namespace ashyq::collector {

namespace {

constexpr const char* kKind = "collector spool";

// Migration 1 (2026-12-05).
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE accepted (measurement_uid TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE pending (
  seq INTEGER PRIMARY KEY,
  measurement_uid TEXT NOT NULL UNIQUE,
  row_line TEXT NOT NULL,
  raw_line TEXT NOT NULL
);
)sql";

// Version 2 (2026-12-06): the transparency log's tables (the log of a ClickHouse store lives here).
// Version 3 (2026-12-07): the register's tables, beside the log that commits to its edits;
// version 4: the register editors' tokens.
constexpr std::array kMigrations{
    store::Migration{1, kSchemaV1}, store::Migration{2, tlog::kLogSchemaSql},
    store::Migration{3, legal::kRegisterSchemaSql}, store::Migration{4, legal::kRegisterTokensSql}};

constexpr const char* kSettings = R"sql(
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
)sql";

}  // namespace

core::Result<std::unique_ptr<ObservatorySpool>> ObservatorySpool::open(const std::string& path) {
  auto db = store::open_sqlite(path, kKind, kSettings);
  if (!db)
    return db.error();
  if (auto migrated = store::migrate_schema(db->get(), path, kMigrations, kKind); !migrated)
    return migrated.error();
  return std::unique_ptr<ObservatorySpool>(new ObservatorySpool(std::move(db.value()), path));
}

core::Error ObservatorySpool::error(const std::string& what) const {
  return core::Error{std::string(kKind) + " " + path_, what + ": " + sqlite3_errmsg(db_.get())};
}

core::Result<bool> ObservatorySpool::accept(const SpooledMeasurement& m) {
  // Inside a transaction shared with concurrent submissions (store/group_commit.hpp).
  return commit_->run([&](sqlite3* db) -> core::Result<bool> {
    store::Statement seen(db,
                          "INSERT INTO accepted (measurement_uid) VALUES (?) "
                          "ON CONFLICT (measurement_uid) DO NOTHING");
    seen.bind(1, m.measurement_uid);
    if (sqlite3_step(seen.get()) != SQLITE_DONE)
      return error("cannot record measurement " + m.measurement_uid);
    if (sqlite3_changes(db) == 0)
      return false;
    store::Statement keep(
        db, "INSERT INTO pending (measurement_uid, row_line, raw_line) VALUES (?,?,?)");
    keep.bind(1, m.measurement_uid);
    keep.bind(2, m.row_line);
    keep.bind(3, m.raw_line);
    if (sqlite3_step(keep.get()) != SQLITE_DONE)
      return error("cannot spool measurement " + m.measurement_uid);
    if (auto leaf = log_->append(m.leaf_record, m.measurement_uid); !leaf)
      return leaf.error();
    return true;
  });
}

core::Result<std::vector<SpooledMeasurement>> ObservatorySpool::pending(std::size_t limit,
                                                                        std::size_t byte_cap) {
  return commit_->exclusive([&](sqlite3*) { return pending_locked(limit, byte_cap); });
}

core::Result<std::vector<SpooledMeasurement>> ObservatorySpool::pending_locked(
    std::size_t limit, std::size_t byte_cap) {
  store::Statement q(
      db_.get(), "SELECT measurement_uid, row_line, raw_line FROM pending ORDER BY seq LIMIT ?");
  q.bind(1, static_cast<std::int64_t>(limit));
  std::vector<SpooledMeasurement> out;
  std::size_t bytes = 0;
  int rc = SQLITE_DONE;
  while (bytes < byte_cap && (rc = sqlite3_step(q.get())) == SQLITE_ROW) {
    out.push_back({q.text(0), q.text(1), q.text(2)});
    bytes += out.back().row_line.size() + out.back().raw_line.size();
  }
  if (bytes < byte_cap && rc != SQLITE_DONE)
    return error("cannot read the pending measurements");
  return out;
}

core::Result<void> ObservatorySpool::drained(const std::vector<std::string>& uids) {
  return commit_->exclusive([&](sqlite3*) { return drained_locked(uids); });
}

core::Result<void> ObservatorySpool::drained_locked(const std::vector<std::string>& uids) {
  sqlite3* db = db_.get();
  store::WriteTransaction tx(db);
  if (!tx.began())
    return error("cannot start a transaction");
  store::Statement del(db, "DELETE FROM pending WHERE measurement_uid = ?");
  for (const auto& uid : uids) {
    sqlite3_reset(del.get());
    del.bind(1, uid);
    if (sqlite3_step(del.get()) != SQLITE_DONE)
      return error("cannot forget measurement " + uid);
  }
  if (!tx.commit())
    return error("cannot commit the drained batch");
  return {};
}

core::Result<std::int64_t> ObservatorySpool::pending_count() {
  return commit_->exclusive([&](sqlite3*) -> core::Result<std::int64_t> {
    store::Statement q(db_.get(), "SELECT COUNT(*) FROM pending");
    if (sqlite3_step(q.get()) != SQLITE_ROW)
      return error("cannot count the pending measurements");
    return q.integer(0);
  });
}

}  // namespace ashyq::collector
