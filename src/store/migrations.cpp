#include "store/migrations.hpp"

#include <sqlite3.h>

#include <array>
#include <memory>

#include "store/sqlite_statement.hpp"

namespace ashyq::store {

namespace {

// Migration 1 is the schema as it was before versioning (2026-12-04), statement for statement. Its
// IF NOT EXISTS clauses are what let a database made by those builds (user_version 0, tables
// already there) adopt version 1 without losing a row.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,
  status TEXT NOT NULL,
  planned INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS plan (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  position INTEGER NOT NULL,
  url TEXT NOT NULL,
  category TEXT NOT NULL,
  PRIMARY KEY (run_id, position)
);
CREATE TABLE IF NOT EXISTS measurements (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  position INTEGER NOT NULL,
  input TEXT NOT NULL,
  domain TEXT NOT NULL,
  category TEXT NOT NULL,
  test_name TEXT NOT NULL,
  measured_at TEXT NOT NULL,
  blocking TEXT NOT NULL,
  accessible INTEGER,
  method TEXT NOT NULL,
  confidence REAL NOT NULL,
  failed_step TEXT NOT NULL,
  failure TEXT NOT NULL,
  json TEXT NOT NULL,
  UNIQUE (run_id, position)
);
CREATE INDEX IF NOT EXISTS measurements_by_method ON measurements(run_id, method);
)sql";

// Migration 2 (2026-12-05): what was submitted to which collector. A report is opened once per
// collector, run, test and network, and its id is kept before any measurement is sent under it,
// so a submission retried after a crash is the same bytes and the collector keeps it once.
constexpr const char* kUploadsV2 = R"sql(
CREATE TABLE upload_reports (
  collector TEXT NOT NULL,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  test_name TEXT NOT NULL,
  probe_cc TEXT NOT NULL,
  probe_asn TEXT NOT NULL,
  report_id TEXT NOT NULL,
  PRIMARY KEY (collector, run_id, test_name, probe_cc, probe_asn)
);
CREATE TABLE uploads (
  measurement_id INTEGER NOT NULL REFERENCES measurements(id),
  collector TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('accepted', 'refused')),
  report_id TEXT NOT NULL,
  measurement_uid TEXT NOT NULL,
  reason TEXT NOT NULL,
  uploaded_at TEXT NOT NULL,
  PRIMARY KEY (measurement_id, collector)
);
)sql";

constexpr std::array kMigrations{
    Migration{1, kSchemaV1},
    Migration{2, kUploadsV2},
};

core::Result<void> exec(sqlite3* db, const std::string& where, const std::string& sql,
                        const std::string& doing) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string why = message ? message : sqlite3_errmsg(db);
    sqlite3_free(message);
    return core::Error{where, doing + ": " + why};
  }
  return {};
}

core::Result<int> user_version(sqlite3* db, const std::string& where) {
  Statement stmt(db, "PRAGMA user_version");
  if (!stmt.ok() || sqlite3_step(stmt.get()) != SQLITE_ROW)
    return core::Error{where, std::string("cannot read the schema version: ") + sqlite3_errmsg(db)};
  return static_cast<int>(stmt.integer(0));
}

core::Result<void> refuse_if_newer(int version, int newest, const std::string& where) {
  if (version <= newest)
    return {};
  return core::Error{where, "schema version " + std::to_string(version) +
                                " is newer than this build of ashyq knows (" +
                                std::to_string(newest) + "); use a newer ashyq, or another --db"};
}

}  // namespace

std::span<const Migration> migrations() {
  return kMigrations;
}

int current_schema_version() {
  return kMigrations.back().version;
}

core::Result<int> migrate(sqlite3* db, const std::string& path) {
  return migrate_schema(db, path, kMigrations, "results database");
}

core::Result<int> migrate_schema(sqlite3* db, const std::string& path,
                                 std::span<const Migration> steps, const std::string& kind) {
  const std::string where = kind + " " + path;
  const int newest = steps.empty() ? 0 : steps.back().version;
  // Read once outside a transaction so that opening a current database (every `ashyq results`,
  // every report) never waits for the write lock of a run in progress.
  auto before = user_version(db, where);
  if (!before)
    return before;
  if (auto newer = refuse_if_newer(*before, newest, where); !newer)
    return newer.error();
  if (*before == newest)
    return *before;

  // IMMEDIATE takes the write lock now, and the version is read again under it: two processes
  // opening an old database at once must not both run the same step.
  if (auto begun = exec(db, where, "BEGIN IMMEDIATE", "cannot start the schema migration"); !begun)
    return begun.error();
  auto rollback = [&](core::Error e) -> core::Result<int> {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return e;
  };
  auto locked = user_version(db, where);
  if (!locked)
    return rollback(locked.error());
  if (auto newer = refuse_if_newer(*locked, newest, where); !newer)
    return rollback(newer.error());
  for (const auto& m : steps) {
    if (m.version <= *locked)
      continue;
    auto step = exec(db, where, m.sql, "migration " + std::to_string(m.version));
    if (!step)
      return rollback(step.error());
  }
  // PRAGMA takes no bound parameters; the value is our own integer.
  auto stamped = exec(db, where, "PRAGMA user_version = " + std::to_string(newest),
                      "cannot record the schema version");
  if (!stamped)
    return rollback(stamped.error());
  if (auto committed = exec(db, where, "COMMIT", "cannot commit the schema migration"); !committed)
    return rollback(committed.error());
  return *locked;
}

}  // namespace ashyq::store
