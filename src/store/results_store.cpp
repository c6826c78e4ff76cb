#include "store/results_store.hpp"

#include <sqlite3.h>

#include <boost/json.hpp>
#include <chrono>

#include "analysis/method.hpp"
#include "core/clock.hpp"
#include "store/migrations.hpp"
#include "store/sqlite_statement.hpp"

namespace ashyq::store {

namespace json = boost::json;

namespace {

// Settings of the connection, not of the schema: SQLite keeps none of these but the journal mode
// in the file, and journal_mode cannot change inside a transaction, so they run before the
// migrations (store/migrations.cpp), on every open.
constexpr const char* kConnectionSettings = R"sql(
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA foreign_keys = ON;
PRAGMA cache_size = -512;
)sql";

std::string now_utc() {
  return core::format_utc(std::chrono::system_clock::now());
}

// The blocking methods as an SQL list, "'dns','tcp_ip',…", from analysis's vocabulary so that
// `ashyq results --blocked` counts what the report counts. The names are fixed identifiers
// without quotes; they are checked anyway, as they are pasted into SQL.
std::string blocking_methods_sql() {
  std::string out;
  for (auto m : analysis::blocking_methods()) {
    auto name = analysis::to_string(m);
    if (name.find('\'') != std::string_view::npos)
      continue;
    out += (out.empty() ? "'" : ",'") + std::string(name) + "'";
  }
  return out;
}

}  // namespace

void ResultsStore::CloseDatabase::operator()(sqlite3* db) const {
  sqlite3_close(db);
}

core::Result<std::unique_ptr<ResultsStore>> ResultsStore::open(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  Database db(raw);  // sqlite3_open_v2 may hand back a handle even when it fails
  if (rc != SQLITE_OK)
    return core::Error{"results database " + path, raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)};
  sqlite3_busy_timeout(db.get(), 5000);
  std::unique_ptr<ResultsStore> store(new ResultsStore(std::move(db), path));
  if (auto set = store->exec(kConnectionSettings); !set)
    return set.error();
  if (auto migrated = migrate(store->db_.get(), path); !migrated)
    return migrated.error();
  return store;
}

core::Error ResultsStore::error(const std::string& what) const {
  return core::Error{"results database " + path_, what + ": " + sqlite3_errmsg(db_.get())};
}

core::Result<void> ResultsStore::exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_.get(), sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string why = message ? message : "error";
    sqlite3_free(message);
    return core::Error{"results database " + path_, why};
  }
  return {};
}

core::Result<int64_t> ResultsStore::create_run(const std::string& source,
                                               const std::vector<PlannedInput>& plan) {
  if (auto begun = exec("BEGIN IMMEDIATE"); !begun)
    return begun.error();
  Statement run(db_.get(),
                "INSERT INTO runs(started_at, source, status, planned) VALUES (?,?,?,?)");
  run.bind(1, now_utc());
  run.bind(2, source);
  run.bind(3, std::string("running"));
  run.bind(4, static_cast<int64_t>(plan.size()));
  if (sqlite3_step(run.get()) != SQLITE_DONE) {
    auto e = error("cannot create a run");
    (void)exec("ROLLBACK");  // the error being returned is the one that matters
    return e;
  }
  int64_t id = sqlite3_last_insert_rowid(db_.get());
  Statement row(db_.get(), "INSERT INTO plan(run_id, position, url, category) VALUES (?,?,?,?)");
  for (std::size_t i = 0; i < plan.size(); ++i) {
    sqlite3_reset(row.get());
    row.bind(1, id);
    row.bind(2, static_cast<int64_t>(i));
    row.bind(3, plan[i].url);
    row.bind(4, plan[i].category);
    if (sqlite3_step(row.get()) != SQLITE_DONE) {
      auto e = error("cannot store the run's plan");
      (void)exec("ROLLBACK");  // the error being returned is the one that matters
      return e;
    }
  }
  if (auto committed = exec("COMMIT"); !committed)
    return committed.error();
  return id;
}

core::Result<std::vector<std::pair<int64_t, PlannedInput>>> ResultsStore::remaining(int64_t run) {
  Statement q(db_.get(),
              "SELECT position, url, category FROM plan WHERE run_id = ? AND position NOT IN "
              "(SELECT position FROM measurements WHERE run_id = ?) ORDER BY position");
  if (!q.ok())
    return error("cannot read the plan");
  q.bind(1, run);
  q.bind(2, run);
  std::vector<std::pair<int64_t, PlannedInput>> out;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
    out.push_back({q.integer(0), PlannedInput{q.text(1), q.text(2)}});
  }
  // A step that failed midway (busy, I/O) would otherwise look like "nothing left" and mark an
  // unfinished run finished.
  if (rc != SQLITE_DONE)
    return error("cannot read the plan");
  return out;
}

std::optional<int64_t> ResultsStore::latest_unfinished_run() {
  Statement q(db_.get(), "SELECT id FROM runs WHERE status != 'finished' ORDER BY id DESC LIMIT 1");
  if (q.ok() && sqlite3_step(q.get()) == SQLITE_ROW)
    return q.integer(0);
  return std::nullopt;
}

core::Result<void> ResultsStore::add_measurement(int64_t run, int64_t position,
                                                 const std::string& category,
                                                 const std::string& measurement_json) {
  boost::system::error_code ec;
  auto value = json::parse(measurement_json, ec);
  if (ec)
    return core::Error{"results database " + path_,
                       "refusing to store a measurement that is not JSON: " + ec.message()};
  auto s = summarize(value);
  Statement q(db_.get(),
              "INSERT OR IGNORE INTO measurements(run_id, position, input, domain, category, "
              "test_name, measured_at, blocking, accessible, method, confidence, failed_step, "
              "failure, json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  q.bind(1, run);
  q.bind(2, position);
  q.bind(3, s.input);
  q.bind(4, s.domain);
  q.bind(5, category.empty() ? s.category : category);
  q.bind(6, s.test_name);
  q.bind(7, s.measurement_start_time);
  q.bind(8, s.blocking);
  if (s.accessible) {
    q.bind(9, static_cast<int64_t>(*s.accessible));
  } else {
    q.bind_null(9);
  }
  q.bind(10, s.method);
  q.bind(11, s.confidence);
  q.bind(12, s.failed_step);
  q.bind(13, s.failure);
  q.bind(14, measurement_json);
  if (sqlite3_step(q.get()) != SQLITE_DONE)
    return error("cannot store a measurement");
  return {};
}

core::Result<void> ResultsStore::set_status(int64_t run, const std::string& status) {
  Statement q(db_.get(), "UPDATE runs SET status = ?, finished_at = ? WHERE id = ?");
  q.bind(1, status);
  q.bind(2, status == "finished" ? now_utc() : std::string());
  q.bind(3, run);
  if (sqlite3_step(q.get()) != SQLITE_DONE)
    return error("cannot update the run");
  return {};
}

std::vector<RunRecord> ResultsStore::runs() {
  Statement q(db_.get(),
              "SELECT r.id, r.started_at, r.finished_at, r.source, r.status, r.planned, "
              "(SELECT COUNT(*) FROM measurements m WHERE m.run_id = r.id) FROM runs r ORDER BY "
              "r.id");
  std::vector<RunRecord> out;
  while (q.ok() && sqlite3_step(q.get()) == SQLITE_ROW) {
    out.push_back(
        {q.integer(0), q.text(1), q.text(2), q.text(3), q.text(4), q.integer(5), q.integer(6)});
  }
  return out;
}

std::vector<MeasurementSummary> ResultsStore::measurements(const MeasurementFilter& f) {
  std::string sql = "SELECT id, run_id, category, json FROM measurements WHERE 1=1";
  if (f.run_id)
    sql += " AND run_id = ?1";
  if (!f.method.empty())
    sql += " AND method = ?2";
  if (!f.blocking.empty())
    sql += " AND blocking = ?3";
  if (!f.category.empty())
    sql += " AND category = ?4";
  if (!f.domain.empty())
    sql += " AND instr(domain, ?5) > 0";
  if (f.blocked_only) {
    sql += " AND method IN (" + blocking_methods_sql() + ")";
  }
  sql += " ORDER BY run_id, position";
  if (f.limit)
    sql += " LIMIT " + std::to_string(f.limit);
  Statement q(db_.get(), sql.c_str());
  if (f.run_id)
    q.bind(1, *f.run_id);
  if (!f.method.empty())
    q.bind(2, f.method);
  if (!f.blocking.empty())
    q.bind(3, f.blocking);
  if (!f.category.empty())
    q.bind(4, f.category);
  if (!f.domain.empty())
    q.bind(5, f.domain);
  std::vector<MeasurementSummary> out;
  while (q.ok() && sqlite3_step(q.get()) == SQLITE_ROW) {
    boost::system::error_code ec;
    auto value = json::parse(q.text(3), ec);
    auto s = ec ? MeasurementSummary{} : summarize(value);
    s.id = q.integer(0);
    s.run_id = q.integer(1);
    s.category = q.text(2);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::string> ResultsStore::measurement_json(int64_t run) {
  Statement q(db_.get(), "SELECT json FROM measurements WHERE run_id = ? ORDER BY position");
  q.bind(1, run);
  std::vector<std::string> out;
  while (q.ok() && sqlite3_step(q.get()) == SQLITE_ROW)
    out.push_back(q.text(0));
  return out;
}

}  // namespace ashyq::store
