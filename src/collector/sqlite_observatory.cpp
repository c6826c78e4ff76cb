#include "collector/sqlite_observatory.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <array>
#include <variant>

#include "register/register_schema.hpp"
#include "store/sqlite_connection.hpp"

namespace ashyq::collector {

namespace {

// Migration 1 (2026-12-05): the rows, the bodies, and the indexes the read API's filters use
// (every filter is combined with a time range, so each index ends with the time).
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE measurements (
  measurement_uid TEXT PRIMARY KEY,
  report_id TEXT NOT NULL,
  input TEXT,
  domain TEXT NOT NULL,
  probe_cc TEXT NOT NULL,
  probe_asn TEXT NOT NULL,
  probe_network_name TEXT NOT NULL,
  test_name TEXT NOT NULL,
  test_version TEXT NOT NULL,
  software_name TEXT NOT NULL,
  software_version TEXT NOT NULL,
  test_start_time TEXT NOT NULL,
  measurement_start_time TEXT NOT NULL,
  category_code TEXT NOT NULL,
  anomaly INTEGER NOT NULL,
  confirmed INTEGER NOT NULL,
  failure INTEGER NOT NULL,
  blocking TEXT NOT NULL,
  method TEXT NOT NULL,
  confidence REAL NOT NULL
);
CREATE TABLE raw_measurements (
  measurement_uid TEXT PRIMARY KEY REFERENCES measurements(measurement_uid),
  size INTEGER NOT NULL,
  zlib BLOB NOT NULL
);
CREATE INDEX measurements_by_time ON measurements(measurement_start_time);
CREATE INDEX measurements_by_cc ON measurements(probe_cc, measurement_start_time);
CREATE INDEX measurements_by_domain ON measurements(domain, measurement_start_time);
CREATE INDEX measurements_by_asn ON measurements(probe_asn, measurement_start_time);
CREATE INDEX measurements_by_report ON measurements(report_id);
)sql";

// Migration 3 (2026-12-06): daily rollups for the explorer's pages, kept by triggers in the
// inserting transaction, so aggregation() reads thousands of rollup rows instead of a million
// measurements. Three rollups: `rollup_daily` without the domain (small: the country page's
// questions), `rollup_daily_domain` with it, and `rollup_domain` with only country, day and
// domain (the questions about domains without other filters). Each row counts the measurements of
// one day and one value of every dimension, split exactly as aggregation() splits a cell (failure,
// else confirmed, else anomaly, else ok). `networks` and `domains` answer networks() and
// find_domains(). Measurements are never updated nor deleted (the store only inserts), and
// triggers refuse it, so the rollups cannot drift from the rows. Existing rows are backfilled.
constexpr const char* kSchemaV3 = R"sql(
CREATE TABLE rollup_daily (
  day TEXT NOT NULL, probe_cc TEXT NOT NULL, probe_asn TEXT NOT NULL, test_name TEXT NOT NULL,
  category_code TEXT NOT NULL, method TEXT NOT NULL,
  failure_count INTEGER NOT NULL, confirmed_count INTEGER NOT NULL,
  anomaly_count INTEGER NOT NULL, ok_count INTEGER NOT NULL, measurement_count INTEGER NOT NULL,
  PRIMARY KEY (probe_cc, day, probe_asn, test_name, category_code, method)
) WITHOUT ROWID;
CREATE INDEX rollup_daily_by_day ON rollup_daily(day);
CREATE TABLE rollup_daily_domain (
  day TEXT NOT NULL, probe_cc TEXT NOT NULL, domain TEXT NOT NULL, probe_asn TEXT NOT NULL,
  test_name TEXT NOT NULL, category_code TEXT NOT NULL, method TEXT NOT NULL,
  failure_count INTEGER NOT NULL, confirmed_count INTEGER NOT NULL,
  anomaly_count INTEGER NOT NULL, ok_count INTEGER NOT NULL, measurement_count INTEGER NOT NULL,
  PRIMARY KEY (probe_cc, day, domain, probe_asn, test_name, category_code, method)
) WITHOUT ROWID;
CREATE INDEX rollup_daily_domain_by_domain ON rollup_daily_domain(domain, probe_cc, day);
CREATE INDEX rollup_daily_domain_by_day ON rollup_daily_domain(day);
CREATE TABLE rollup_domain (
  probe_cc TEXT NOT NULL, day TEXT NOT NULL, domain TEXT NOT NULL,
  failure_count INTEGER NOT NULL, confirmed_count INTEGER NOT NULL,
  anomaly_count INTEGER NOT NULL, ok_count INTEGER NOT NULL, measurement_count INTEGER NOT NULL,
  PRIMARY KEY (probe_cc, day, domain)
) WITHOUT ROWID;
CREATE INDEX rollup_domain_by_domain ON rollup_domain(domain, probe_cc, day);
CREATE TABLE networks (
  probe_cc TEXT NOT NULL, probe_asn TEXT NOT NULL,
  name TEXT NOT NULL, name_time TEXT NOT NULL,  -- the latest non-empty name, when it was seen
  measurement_count INTEGER NOT NULL,
  PRIMARY KEY (probe_cc, probe_asn)
) WITHOUT ROWID;
CREATE TABLE domains (
  domain TEXT PRIMARY KEY, measurement_count INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO rollup_daily
  SELECT substr(measurement_start_time, 1, 10), probe_cc, probe_asn, test_name, category_code,
         method, SUM(failure != 0), SUM(failure = 0 AND confirmed != 0),
         SUM(failure = 0 AND confirmed = 0 AND anomaly != 0),
         SUM(failure = 0 AND confirmed = 0 AND anomaly = 0), COUNT(*)
  FROM measurements GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO rollup_daily_domain
  SELECT substr(measurement_start_time, 1, 10), probe_cc, domain, probe_asn, test_name,
         category_code, method, SUM(failure != 0), SUM(failure = 0 AND confirmed != 0),
         SUM(failure = 0 AND confirmed = 0 AND anomaly != 0),
         SUM(failure = 0 AND confirmed = 0 AND anomaly = 0), COUNT(*)
  FROM measurements GROUP BY 1, 2, 3, 4, 5, 6, 7;
INSERT INTO rollup_domain
  SELECT probe_cc, substr(measurement_start_time, 1, 10), domain, SUM(failure != 0),
         SUM(failure = 0 AND confirmed != 0), SUM(failure = 0 AND confirmed = 0 AND anomaly != 0),
         SUM(failure = 0 AND confirmed = 0 AND anomaly = 0), COUNT(*)
  FROM measurements GROUP BY 1, 2, 3;
INSERT INTO networks SELECT probe_cc, probe_asn, '', '', COUNT(*) FROM measurements GROUP BY 1, 2;
UPDATE networks SET (name, name_time) = (
  SELECT m.probe_network_name, m.measurement_start_time FROM measurements m
  WHERE m.probe_asn = networks.probe_asn AND m.probe_cc = networks.probe_cc
    AND m.probe_network_name != ''
  ORDER BY m.measurement_start_time DESC LIMIT 1)
WHERE EXISTS (SELECT 1 FROM measurements m WHERE m.probe_asn = networks.probe_asn
              AND m.probe_cc = networks.probe_cc AND m.probe_network_name != '');
INSERT INTO domains SELECT domain, COUNT(*) FROM measurements WHERE domain != '' GROUP BY 1;

CREATE TRIGGER measurements_rollups AFTER INSERT ON measurements BEGIN
  INSERT INTO rollup_daily VALUES (
    substr(NEW.measurement_start_time, 1, 10), NEW.probe_cc, NEW.probe_asn, NEW.test_name,
    NEW.category_code, NEW.method, NEW.failure != 0, NEW.failure = 0 AND NEW.confirmed != 0,
    NEW.failure = 0 AND NEW.confirmed = 0 AND NEW.anomaly != 0,
    NEW.failure = 0 AND NEW.confirmed = 0 AND NEW.anomaly = 0, 1)
  ON CONFLICT DO UPDATE SET failure_count = failure_count + excluded.failure_count,
    confirmed_count = confirmed_count + excluded.confirmed_count,
    anomaly_count = anomaly_count + excluded.anomaly_count,
    ok_count = ok_count + excluded.ok_count, measurement_count = measurement_count + 1;
  INSERT INTO rollup_daily_domain VALUES (
    substr(NEW.measurement_start_time, 1, 10), NEW.probe_cc, NEW.domain, NEW.probe_asn,
    NEW.test_name, NEW.category_code, NEW.method, NEW.failure != 0,
    NEW.failure = 0 AND NEW.confirmed != 0,
    NEW.failure = 0 AND NEW.confirmed = 0 AND NEW.anomaly != 0,
    NEW.failure = 0 AND NEW.confirmed = 0 AND NEW.anomaly = 0, 1)
  ON CONFLICT DO UPDATE SET failure_count = failure_count + excluded.failure_count,
    confirmed_count = confirmed_count + excluded.confirmed_count,
    anomaly_count = anomaly_count + excluded.anomaly_count,
    ok_count = ok_count + excluded.ok_count, measurement_count = measurement_count + 1;
  INSERT INTO rollup_domain VALUES (
    NEW.probe_cc, substr(NEW.measurement_start_time, 1, 10), NEW.domain, NEW.failure != 0,
    NEW.failure = 0 AND NEW.confirmed != 0,
    NEW.failure = 0 AND NEW.confirmed = 0 AND NEW.anomaly != 0,
    NEW.failure = 0 AND NEW.confirmed = 0 AND NEW.anomaly = 0, 1)
  ON CONFLICT DO UPDATE SET failure_count = failure_count + excluded.failure_count,
    confirmed_count = confirmed_count + excluded.confirmed_count,
    anomaly_count = anomaly_count + excluded.anomaly_count,
    ok_count = ok_count + excluded.ok_count, measurement_count = measurement_count + 1;
  INSERT INTO networks VALUES (
    NEW.probe_cc, NEW.probe_asn, NEW.probe_network_name,
    CASE WHEN NEW.probe_network_name != '' THEN NEW.measurement_start_time ELSE '' END, 1)
  ON CONFLICT DO UPDATE SET measurement_count = measurement_count + 1,
    name = CASE WHEN excluded.name != '' AND excluded.name_time >= name_time
                THEN excluded.name ELSE name END,
    name_time = max(name_time, excluded.name_time);
  INSERT INTO domains SELECT NEW.domain, 1 WHERE NEW.domain != ''
  ON CONFLICT DO UPDATE SET measurement_count = measurement_count + 1;
END;
CREATE TRIGGER measurements_no_update BEFORE UPDATE ON measurements BEGIN
  SELECT RAISE(ABORT, 'measurements are never updated (the rollups count them as inserted)');
END;
CREATE TRIGGER measurements_no_delete BEFORE DELETE ON measurements BEGIN
  SELECT RAISE(ABORT, 'measurements are never deleted (the rollups count them as inserted)');
END;
-- The raw table's paths the rollups do not cover: a country's tests, a test's recent rows.
CREATE INDEX measurements_by_cc_test ON measurements(probe_cc, test_name, measurement_start_time);
CREATE INDEX measurements_by_test ON measurements(test_name, measurement_start_time);
)sql";

// Migration 4 (2026-12-06): narrower rollups, so a year's country page reads tens of thousands of
// rollup rows rather than a million (bench/RESULTS.md): `rollup_daily_network` (network and
// method: the timeline and the networks × methods matrix), `rollup_daily_test` (test and
// category: the filters' choices) and `rollup_monthly_domain` (a month's counts per domain: the
// most blocked domains over 90 or 365 days, with the days at either end of the period from
// `rollup_domain`). A second trigger keeps them; existing rows are backfilled from migration 3's
// rollups, which hold the same counts.
constexpr const char* kSchemaV4 = R"sql(
CREATE TABLE rollup_daily_network (
  probe_cc TEXT NOT NULL, day TEXT NOT NULL, probe_asn TEXT NOT NULL, method TEXT NOT NULL,
  failure_count INTEGER NOT NULL, confirmed_count INTEGER NOT NULL,
  anomaly_count INTEGER NOT NULL, ok_count INTEGER NOT NULL, measurement_count INTEGER NOT NULL,
  PRIMARY KEY (probe_cc, day, probe_asn, method)
) WITHOUT ROWID;
CREATE TABLE rollup_daily_test (
  probe_cc TEXT NOT NULL, day TEXT NOT NULL, test_name TEXT NOT NULL, category_code TEXT NOT NULL,
  failure_count INTEGER NOT NULL, confirmed_count INTEGER NOT NULL,
  anomaly_count INTEGER NOT NULL, ok_count INTEGER NOT NULL, measurement_count INTEGER NOT NULL,
  PRIMARY KEY (probe_cc, day, test_name, category_code)
) WITHOUT ROWID;
CREATE TABLE rollup_monthly_domain (
  probe_cc TEXT NOT NULL, month TEXT NOT NULL, domain TEXT NOT NULL,
  failure_count INTEGER NOT NULL, confirmed_count INTEGER NOT NULL,
  anomaly_count INTEGER NOT NULL, ok_count INTEGER NOT NULL, measurement_count INTEGER NOT NULL,
  PRIMARY KEY (probe_cc, month, domain)
) WITHOUT ROWID;
CREATE INDEX rollup_monthly_domain_by_domain ON rollup_monthly_domain(domain, probe_cc, month);

INSERT INTO rollup_daily_network
  SELECT probe_cc, day, probe_asn, method, SUM(failure_count), SUM(confirmed_count),
         SUM(anomaly_count), SUM(ok_count), SUM(measurement_count)
  FROM rollup_daily GROUP BY 1, 2, 3, 4;
INSERT INTO rollup_daily_test
  SELECT probe_cc, day, test_name, category_code, SUM(failure_count), SUM(confirmed_count),
         SUM(anomaly_count), SUM(ok_count), SUM(measurement_count)
  FROM rollup_daily GROUP BY 1, 2, 3, 4;
INSERT INTO rollup_monthly_domain
  SELECT probe_cc, substr(day, 1, 7), domain, SUM(failure_count), SUM(confirmed_count),
         SUM(anomaly_count), SUM(ok_count), SUM(measurement_count)
  FROM rollup_domain GROUP BY 1, 2, 3;

CREATE TRIGGER measurements_rollups_narrow AFTER INSERT ON measurements BEGIN
  INSERT INTO rollup_daily_network VALUES (
    NEW.probe_cc, substr(NEW.measurement_start_time, 1, 10), NEW.probe_asn, NEW.method,
    NEW.failure != 0, NEW.failure = 0 AND NEW.confirmed != 0,
    NEW.failure = 0 AND NEW.confirmed = 0 AND NEW.anomaly != 0,
    NEW.failure = 0 AND NEW.confirmed = 0 AND NEW.anomaly = 0, 1)
  ON CONFLICT DO UPDATE SET failure_count = failure_count + excluded.failure_count,
    confirmed_count = confirmed_count + excluded.confirmed_count,
    anomaly_count = anomaly_count + excluded.anomaly_count,
    ok_count = ok_count + excluded.ok_count, measurement_count = measurement_count + 1;
  INSERT INTO rollup_daily_test VALUES (
    NEW.probe_cc, substr(NEW.measurement_start_time, 1, 10), NEW.test_name, NEW.category_code,
    NEW.failure != 0, NEW.failure = 0 AND NEW.confirmed != 0,
    NEW.failure = 0 AND NEW.confirmed = 0 AND NEW.anomaly != 0,
    NEW.failure = 0 AND NEW.confirmed = 0 AND NEW.anomaly = 0, 1)
  ON CONFLICT DO UPDATE SET failure_count = failure_count + excluded.failure_count,
    confirmed_count = confirmed_count + excluded.confirmed_count,
    anomaly_count = anomaly_count + excluded.anomaly_count,
    ok_count = ok_count + excluded.ok_count, measurement_count = measurement_count + 1;
  INSERT INTO rollup_monthly_domain VALUES (
    NEW.probe_cc, substr(NEW.measurement_start_time, 1, 7), NEW.domain, NEW.failure != 0,
    NEW.failure = 0 AND NEW.confirmed != 0,
    NEW.failure = 0 AND NEW.confirmed = 0 AND NEW.anomaly != 0,
    NEW.failure = 0 AND NEW.confirmed = 0 AND NEW.anomaly = 0, 1)
  ON CONFLICT DO UPDATE SET failure_count = failure_count + excluded.failure_count,
    confirmed_count = confirmed_count + excluded.confirmed_count,
    anomaly_count = anomaly_count + excluded.anomaly_count,
    ok_count = ok_count + excluded.ok_count, measurement_count = measurement_count + 1;
END;
)sql";

// Version 2 (2026-12-06): the transparency log's tables. Measurements stored before it have no
// leaves; the log starts with the first measurement accepted after the upgrade.
// Version 5 (2026-12-07): the register's tables (register/register_schema.hpp), beside the log
// that commits to its edits. Version 6 (2026-12-07): the register editors' tokens.
constexpr std::array kMigrations{
    store::Migration{1, kSchemaV1},
    store::Migration{2, tlog::kLogSchemaSql},
    store::Migration{3, kSchemaV3},
    store::Migration{4, kSchemaV4},
    store::Migration{5, legal::kRegisterSchemaSql},
    store::Migration{6, legal::kRegisterTokensSql},
};

constexpr const char* kKind = "observatory database";

// Connection settings, on every open (journal_mode is kept in the file, the rest are not).
constexpr const char* kConnectionSettings = R"sql(
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
PRAGMA foreign_keys = ON;
)sql";

constexpr const char* kRowColumns =
    "m.measurement_uid, m.report_id, m.input, m.domain, m.probe_cc, m.probe_asn, "
    "m.probe_network_name, m.test_name, m.test_version, m.software_name, m.software_version, "
    "m.test_start_time, m.measurement_start_time, m.category_code, m.anomaly, m.confirmed, "
    "m.failure, m.blocking, m.method, m.confidence";

ObservatoryRow read_row(store::Statement& q) {
  ObservatoryRow r;
  int c = 0;
  r.measurement_uid = q.text(c++);
  r.report_id = q.text(c++);
  if (q.is_null(c))
    ++c;
  else
    r.input = q.text(c++);
  r.domain = q.text(c++);
  r.probe_cc = q.text(c++);
  r.probe_asn = q.text(c++);
  r.probe_network_name = q.text(c++);
  r.test_name = q.text(c++);
  r.test_version = q.text(c++);
  r.software_name = q.text(c++);
  r.software_version = q.text(c++);
  r.test_start_time = q.text(c++);
  r.measurement_start_time = q.text(c++);
  r.category_code = q.text(c++);
  r.anomaly = q.integer(c++) != 0;
  r.confirmed = q.integer(c++) != 0;
  r.failure = q.integer(c++) != 0;
  r.blocking = q.text(c++);
  r.method = q.text(c++);
  r.confidence = q.real(c++);
  return r;
}

using SqlValue = std::variant<std::string, std::int64_t>;

// The WHERE clause of a query and its bound values, in order. Column names are our constants;
// every value the caller gave is bound, never pasted.
struct Where {
  std::string sql;
  std::vector<SqlValue> values;

  void add(const char* condition, SqlValue v) {
    sql += sql.empty() ? " WHERE " : " AND ";
    sql += condition;
    values.push_back(std::move(v));
  }
};

Where where_of(const MeasurementQuery& q) {
  Where w;
  auto text = [&](const char* condition, const std::string& v) {
    if (!v.empty())
      w.add(condition, v);
  };
  text("m.report_id = ?", q.report_id);
  text("m.probe_cc = ?", q.probe_cc);
  text("m.probe_asn = ?", q.probe_asn);
  text("m.test_name = ?", q.test_name);
  text("m.domain = ?", q.domain);
  text("m.input = ?", q.input);
  text("m.category_code = ?", q.category_code);
  if (q.since)
    w.add("m.measurement_start_time >= ?", *q.since);
  if (q.until)
    w.add("m.measurement_start_time < ?", *q.until);
  if (q.anomaly)
    w.add("m.anomaly = ?", std::int64_t{*q.anomaly});
  if (q.confirmed)
    w.add("m.confirmed = ?", std::int64_t{*q.confirmed});
  if (q.failure)
    w.add("m.failure = ?", std::int64_t{*q.failure});
  return w;
}

void bind_all(store::Statement& q, const std::vector<SqlValue>& values, int first = 1) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    int at = first + static_cast<int>(i);
    if (const auto* s = std::get_if<std::string>(&values[i]))
      q.bind(at, *s);
    else
      q.bind(at, std::get<std::int64_t>(values[i]));
  }
}

const char* axis_expression(Axis a) {
  switch (a) {
    case Axis::measurement_start_day:
      return "substr(m.measurement_start_time, 1, 10)";
    case Axis::domain:
      return "m.domain";
    case Axis::probe_cc:
      return "m.probe_cc";
    case Axis::probe_asn:
      return "m.probe_asn";
    case Axis::test_name:
      return "m.test_name";
    case Axis::category_code:
      return "m.category_code";
    case Axis::input:
      return "IFNULL(m.input, '')";
    case Axis::method:
      return "m.method";
  }
  return "''";
}

// A since/until the daily rollups can answer: midnight ("YYYY-MM-DD 00:00:00"); its day.
std::optional<std::string> whole_day(const std::optional<std::string>& t) {
  if (!t || t->size() != 19 || t->compare(10, 9, " 00:00:00") != 0)
    return std::nullopt;
  return t->substr(0, 10);
}

// A rollup table and the dimensions it keeps besides the country and the day.
struct Rollup {
  const char* table;
  bool probe_asn, test_name, category_code, method, domain;
  // The same counts by month (column `month`), for periods that hold whole months; or nullptr.
  const char* monthly = nullptr;
};

// Smallest first: aggregation() reads the first that keeps every dimension the query needs.
constexpr Rollup kRollups[] = {
    {"rollup_daily_test", false, true, true, false, false},
    {"rollup_daily_network", true, false, false, true, false},
    {"rollup_daily", true, true, true, true, false},
    {"rollup_domain", false, false, false, false, true, "rollup_monthly_domain"},
    {"rollup_daily_domain", true, true, true, true, true},
};

// The rollup that answers the query exactly, or nullptr when only the raw rows can: the rollups
// keep the day and the dimensions above, nothing about input, report or single flags.
const Rollup* rollup_for(const MeasurementQuery& q, std::optional<Axis> x, std::optional<Axis> y) {
  if (!q.report_id.empty() || !q.input.empty() || q.anomaly || q.confirmed || q.failure)
    return nullptr;
  if ((q.since && !whole_day(q.since)) || (q.until && !whole_day(q.until)))
    return nullptr;
  if (x == Axis::input || y == Axis::input)
    return nullptr;
  auto on = [&](Axis a) { return x == a || y == a; };
  const bool asn = !q.probe_asn.empty() || on(Axis::probe_asn);
  const bool test = !q.test_name.empty() || on(Axis::test_name);
  const bool category = !q.category_code.empty() || on(Axis::category_code);
  const bool method = on(Axis::method);
  const bool domain = !q.domain.empty() || on(Axis::domain);
  for (const auto& r : kRollups) {
    if ((!asn || r.probe_asn) && (!test || r.test_name) && (!category || r.category_code) &&
        (!method || r.method) && (!domain || r.domain))
      return &r;
  }
  return nullptr;
}

// "YYYY-MM" of the month after the one of `day` ("YYYY-MM-DD").
std::string next_month(const std::string& day) {
  int year = std::stoi(day.substr(0, 4));
  int month = std::stoi(day.substr(5, 2)) + 1;
  if (month == 13) {
    month = 1;
    ++year;
  }
  return fmt::format("{:04d}-{:02d}", year, month);
}

// A period cut where whole months start and end: the days before the first whole month, the
// whole months, the days after the last (each part absent when empty or unbounded).
struct MonthSplit {
  std::optional<std::pair<std::string, std::string>> days_before;  // [since, first month)
  std::optional<std::string> first_month, end_month;               // [first, end) months
  std::optional<std::pair<std::string, std::string>> days_after;   // [end month, until)
};

// nullopt when the period holds no whole month (the daily rollup is then as good).
std::optional<MonthSplit> split_by_month(const std::optional<std::string>& since_day,
                                         const std::optional<std::string>& until_day) {
  MonthSplit split;
  if (since_day) {
    split.first_month =
        since_day->ends_with("-01") ? since_day->substr(0, 7) : next_month(*since_day);
    if (*since_day < *split.first_month + "-01")
      split.days_before = {{*since_day, *split.first_month + "-01"}};
  }
  if (until_day) {
    split.end_month = until_day->substr(0, 7);
    if (*split.end_month + "-01" < *until_day)
      split.days_after = {{*split.end_month + "-01", *until_day}};
  }
  if (split.first_month && split.end_month && *split.first_month >= *split.end_month)
    return std::nullopt;
  return split;
}

// where_of for a rollup (rollup_for said it can answer).
Where rollup_where_of(const MeasurementQuery& q) {
  Where w;
  auto text = [&](const char* condition, const std::string& v) {
    if (!v.empty())
      w.add(condition, v);
  };
  text("m.probe_cc = ?", q.probe_cc);
  text("m.probe_asn = ?", q.probe_asn);
  text("m.test_name = ?", q.test_name);
  text("m.domain = ?", q.domain);
  text("m.category_code = ?", q.category_code);
  if (auto day = whole_day(q.since))
    w.add("m.day >= ?", *day);
  if (auto day = whole_day(q.until))
    w.add("m.day < ?", *day);
  return w;
}

const char* rollup_axis_expression(Axis a) {
  return a == Axis::measurement_start_day ? "m.day" : axis_expression(a);
}

core::Result<std::string> compress_body(const std::string& body) {
  uLongf size = compressBound(static_cast<uLong>(body.size()));
  std::string out(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                reinterpret_cast<const Bytef*>(body.data()), static_cast<uLong>(body.size()),
                Z_DEFAULT_COMPRESSION) != Z_OK)
    return core::Error{"body", "zlib could not compress it"};
  out.resize(size);
  return out;
}

core::Result<store::SqliteDatabase> open_connection(const std::string& path, bool query_only) {
  // The reader maps the file and keeps a larger cache: the pages' aggregations read the same
  // rollup pages again and again, and a read() copy of each was a third of their time.
  return store::open_sqlite(path, kKind,
                            query_only ? "PRAGMA query_only = ON; PRAGMA mmap_size = 1073741824; "
                                         "PRAGMA cache_size = -65536;"
                                       : kConnectionSettings);
}

}  // namespace

std::span<const store::Migration> observatory_migrations() {
  return kMigrations;
}

core::Result<std::unique_ptr<SqliteObservatory>> SqliteObservatory::open(const std::string& path) {
  auto writer = open_connection(path, false);
  if (!writer)
    return writer.error();
  if (auto migrated = store::migrate_schema(writer->get(), path, kMigrations, kKind); !migrated)
    return migrated.error();
  auto reader = open_connection(path, true);
  if (!reader)
    return reader.error();
  return std::unique_ptr<SqliteObservatory>(
      new SqliteObservatory(std::move(writer.value()), std::move(reader.value()), path));
}

core::Error SqliteObservatory::error(sqlite3* db, const std::string& what) const {
  return core::Error{std::string(kKind) + " " + path_, what + ": " + sqlite3_errmsg(db)};
}

core::Result<bool> SqliteObservatory::insert(const ObservatoryRow& row, const std::string& body,
                                             const std::string& leaf_record) {
  if (body.size() > kMaxSubmissionBytes)
    return core::Error{"body", "larger than the submission cap"};
  auto packed = compress_body(body);  // before the lock: the slow part needs no database
  if (!packed)
    return packed.error();

  // Inside a transaction shared with concurrent submissions, under this one's own savepoint.
  return commit_->run([&](sqlite3* db) -> core::Result<bool> {
    // Prepared once: work runs one piece at a time on the writer connection (GroupCommit's leader).
    if (!insert_row_)
      insert_row_ = std::make_unique<store::Statement>(
          db,
          "INSERT INTO measurements (measurement_uid, report_id, input, "
          "domain, probe_cc, probe_asn, probe_network_name, test_name, test_version, "
          "software_name, software_version, test_start_time, measurement_start_time, "
          "category_code, anomaly, confirmed, failure, blocking, method, confidence) "
          "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
          "ON CONFLICT (measurement_uid) DO NOTHING");
    if (!insert_body_)
      insert_body_ = std::make_unique<store::Statement>(
          db, "INSERT INTO raw_measurements (measurement_uid, size, zlib) VALUES (?,?,?)");
    auto& ins = *insert_row_;
    auto& raw = *insert_body_;
    struct Reset {
      store::Statement& a;
      store::Statement& b;
      ~Reset() {
        for (auto* st : {&a, &b}) {
          sqlite3_reset(st->get());
          sqlite3_clear_bindings(st->get());
        }
      }
    } reset{ins, raw};
    int c = 1;
    ins.bind(c++, row.measurement_uid);
    ins.bind(c++, row.report_id);
    if (row.input)
      ins.bind(c++, *row.input);
    else
      ins.bind_null(c++);
    for (const auto* s :
         {&row.domain, &row.probe_cc, &row.probe_asn, &row.probe_network_name, &row.test_name,
          &row.test_version, &row.software_name, &row.software_version, &row.test_start_time,
          &row.measurement_start_time, &row.category_code})
      ins.bind(c++, *s);
    ins.bind(c++, std::int64_t{row.anomaly});
    ins.bind(c++, std::int64_t{row.confirmed});
    ins.bind(c++, std::int64_t{row.failure});
    ins.bind(c++, row.blocking);
    ins.bind(c++, row.method);
    ins.bind(c++, row.confidence);
    if (sqlite3_step(ins.get()) != SQLITE_DONE)
      return error(db, "cannot store measurement " + row.measurement_uid);
    if (sqlite3_changes(db) == 0)
      return false;  // already stored; nothing was written

    raw.bind(1, row.measurement_uid);
    raw.bind(2, static_cast<std::int64_t>(body.size()));
    raw.bind_blob(3, *packed);
    if (sqlite3_step(raw.get()) != SQLITE_DONE)
      return error(db, "cannot store the body of " + row.measurement_uid);
    if (auto leaf = log_->append(leaf_record, row.measurement_uid); !leaf)
      return leaf.error();
    return true;
  });
}

core::Result<std::optional<StoredMeasurement>> SqliteObservatory::find(
    const std::string& measurement_uid) {
  std::lock_guard lock(read_mutex_);
  sqlite3* db = reader_.get();
  std::string sql = std::string("SELECT ") + kRowColumns +
                    ", r.size, r.zlib FROM measurements m JOIN raw_measurements r "
                    "ON r.measurement_uid = m.measurement_uid WHERE m.measurement_uid = ?";
  store::Statement q(db, sql.c_str());
  q.bind(1, measurement_uid);
  int rc = sqlite3_step(q.get());
  if (rc == SQLITE_DONE)
    return std::optional<StoredMeasurement>();
  if (rc != SQLITE_ROW)
    return error(db, "cannot read measurement " + measurement_uid);
  StoredMeasurement out;
  out.row = read_row(q);
  auto size = q.integer(20);
  auto packed = q.blob(21);
  if (size < 0 || static_cast<std::uint64_t>(size) > kMaxSubmissionBytes)
    return core::Error{std::string(kKind) + " " + path_,
                       "the body of " + measurement_uid + " has an impossible size"};
  out.body.resize(static_cast<std::size_t>(size));
  uLongf got = static_cast<uLongf>(size);
  if (uncompress(reinterpret_cast<Bytef*>(out.body.data()), &got,
                 reinterpret_cast<const Bytef*>(packed.data()),
                 static_cast<uLong>(packed.size())) != Z_OK ||
      got != static_cast<uLongf>(size))
    return core::Error{std::string(kKind) + " " + path_,
                       "the body of " + measurement_uid + " does not decompress"};
  return std::optional<StoredMeasurement>(std::move(out));
}

core::Result<MeasurementPage> SqliteObservatory::measurements(const MeasurementQuery& query) {
  std::lock_guard lock(read_mutex_);
  sqlite3* db = reader_.get();
  auto where = where_of(query);
  MeasurementPage page;

  std::string count_sql = "SELECT COUNT(*) FROM measurements m" + where.sql;
  store::Statement count(db, count_sql.c_str());
  bind_all(count, where.values);
  if (sqlite3_step(count.get()) != SQLITE_ROW)
    return error(db, "cannot count measurements");
  page.total = count.integer(0);

  const char* direction = query.descending ? " DESC" : " ASC";
  std::string sql = std::string("SELECT ") + kRowColumns + " FROM measurements m" + where.sql +
                    " ORDER BY m." + std::string(column_of(query.order_by)) + direction +
                    ", m.measurement_uid" + direction + " LIMIT ? OFFSET ?";
  store::Statement q(db, sql.c_str());
  bind_all(q, where.values);
  int next = static_cast<int>(where.values.size()) + 1;
  q.bind(next, static_cast<std::int64_t>(query.limit));
  q.bind(next + 1, static_cast<std::int64_t>(query.offset));
  int rc;
  while ((rc = sqlite3_step(q.get())) == SQLITE_ROW)
    page.rows.push_back(read_row(q));
  if (rc != SQLITE_DONE)
    return error(db, "cannot list measurements");
  return page;
}

core::Result<std::vector<AggregationCell>> SqliteObservatory::aggregation(
    const MeasurementQuery& query, std::optional<Axis> axis_x, std::optional<Axis> axis_y) {
  std::lock_guard lock(read_mutex_);
  sqlite3* db = reader_.get();
  std::string sql;
  Where where;
  if (auto rollup = use_rollups_.load() ? rollup_for(query, axis_x, axis_y) : nullptr) {
    std::string x = axis_x ? rollup_axis_expression(*axis_x) : "NULL";
    std::string y = axis_y ? rollup_axis_expression(*axis_y) : "NULL";
    constexpr const char* kSums =
        "SUM(m.failure_count), SUM(m.confirmed_count), SUM(m.anomaly_count), "
        "SUM(m.ok_count), SUM(m.measurement_count)";
    const bool by_day =
        axis_x == Axis::measurement_start_day || axis_y == Axis::measurement_start_day;
    std::optional<MonthSplit> months;
    if (rollup->monthly && !by_day && query.since)
      months = split_by_month(whole_day(query.since), whole_day(query.until));
    if (!months) {
      where = rollup_where_of(query);
      sql = "SELECT " + x + ", " + y + ", " + kSums + " FROM " + rollup->table + " m" + where.sql;
    } else {
      // Whole months from the monthly rollup, the days at either end from the daily one.
      MeasurementQuery unbounded = query;
      unbounded.since.reset();
      unbounded.until.reset();
      constexpr const char* kColumns =
          "m.probe_cc, m.domain, m.failure_count, m.confirmed_count, m.anomaly_count, "
          "m.ok_count, m.measurement_count";
      std::vector<std::string> parts;
      auto part = [&](const char* table, const char* column, const std::optional<std::string>& from,
                      const std::optional<std::string>& to) {
        Where w = rollup_where_of(unbounded);
        if (from)
          w.add(fmt::format("m.{} >= ?", column).c_str(), *from);
        if (to)
          w.add(fmt::format("m.{} < ?", column).c_str(), *to);
        parts.push_back(fmt::format("SELECT {} FROM {} m{}", kColumns, table, w.sql));
        for (auto& v : w.values)
          where.values.push_back(std::move(v));
      };
      if (months->days_before)
        part(rollup->table, "day", months->days_before->first, months->days_before->second);
      part(rollup->monthly, "month", months->first_month, months->end_month);
      if (months->days_after)
        part(rollup->table, "day", months->days_after->first, months->days_after->second);
      std::string from;
      for (const auto& text : parts)
        from += (from.empty() ? "" : " UNION ALL ") + text;
      sql = "SELECT " + x + ", " + y + ", " + kSums + " FROM (" + from + ") m";
    }
  } else {
    where = where_of(query);
    std::string x = axis_x ? axis_expression(*axis_x) : "NULL";
    std::string y = axis_y ? axis_expression(*axis_y) : "NULL";
    // The counts partition the cell: failure first, then confirmed, then anomaly, else ok.
    sql = "SELECT " + x + ", " + y +
          ", SUM(m.failure), "
          "SUM(NOT m.failure AND m.confirmed), "
          "SUM(NOT m.failure AND NOT m.confirmed AND m.anomaly), "
          "SUM(NOT m.failure AND NOT m.confirmed AND NOT m.anomaly), "
          "COUNT(*) FROM measurements m" +
          where.sql;
  }
  if (axis_x || axis_y)
    sql += " GROUP BY 1, 2 ORDER BY 1, 2";
  store::Statement q(db, sql.c_str());
  bind_all(q, where.values);
  std::vector<AggregationCell> cells;
  int rc;
  while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
    AggregationCell cell;
    if (axis_x)
      cell.x = q.text(0);
    if (axis_y)
      cell.y = q.text(1);
    cell.failure_count = q.integer(2);
    cell.confirmed_count = q.integer(3);
    cell.anomaly_count = q.integer(4);
    cell.ok_count = q.integer(5);
    cell.measurement_count = q.integer(6);
    cells.push_back(std::move(cell));
  }
  if (rc != SQLITE_DONE)
    return error(db, "cannot aggregate measurements");
  return cells;
}

core::Result<std::vector<NetworkInfo>> SqliteObservatory::networks(const std::string& probe_cc) {
  std::lock_guard lock(read_mutex_);
  sqlite3* db = reader_.get();
  // Across countries, an ASN's name is the one of its row with the latest name_time (SQLite takes
  // the bare column from the row that gave MAX).
  store::Statement q(
      db, probe_cc.empty()
              ? "SELECT probe_asn, name, MAX(name_time), SUM(measurement_count) FROM networks "
                "GROUP BY probe_asn ORDER BY 4 DESC, 1"
              : "SELECT probe_asn, name, name_time, measurement_count FROM networks "
                "WHERE probe_cc = ? ORDER BY 4 DESC, 1");
  if (!probe_cc.empty())
    q.bind(1, probe_cc);
  std::vector<NetworkInfo> out;
  int rc;
  while ((rc = sqlite3_step(q.get())) == SQLITE_ROW)
    out.push_back(NetworkInfo{q.text(0), q.text(1), q.integer(3)});
  if (rc != SQLITE_DONE)
    return error(db, "cannot list networks");
  return out;
}

core::Result<std::vector<std::string>> SqliteObservatory::find_domains(std::string_view fragment,
                                                                       std::size_t limit) {
  std::lock_guard lock(read_mutex_);
  sqlite3* db = reader_.get();
  store::Statement q(db,
                     "SELECT domain FROM domains WHERE domain LIKE ? ESCAPE '\\' "
                     "ORDER BY measurement_count DESC, domain LIMIT ?");
  q.bind(1, domain_fragment(fragment));
  q.bind(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, std::size_t{1} << 40)));
  std::vector<std::string> out;
  int rc;
  while ((rc = sqlite3_step(q.get())) == SQLITE_ROW)
    out.push_back(q.text(0));
  if (rc != SQLITE_DONE)
    return error(db, "cannot find domains");
  return out;
}

}  // namespace ashyq::collector
