#include "collector/sqlite_observatory.hpp"

#include <zlib.h>

#include <array>
#include <variant>

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

// Version 2 (2026-12-06): the transparency log's tables. Measurements stored before it have no
// leaves; the log starts with the first measurement accepted after the upgrade.
constexpr std::array kMigrations{
    store::Migration{1, kSchemaV1},
    store::Migration{2, tlog::kLogSchemaSql},
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
  return store::open_sqlite(path, kKind,
                            query_only ? "PRAGMA query_only = ON;" : kConnectionSettings);
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
    store::Statement ins(
        db,
        "INSERT INTO measurements (measurement_uid, report_id, input, "
        "domain, probe_cc, probe_asn, probe_network_name, test_name, test_version, "
        "software_name, software_version, test_start_time, measurement_start_time, "
        "category_code, anomaly, confirmed, failure, blocking, method, confidence) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
        "ON CONFLICT (measurement_uid) DO NOTHING");
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

    store::Statement raw(
        db, "INSERT INTO raw_measurements (measurement_uid, size, zlib) VALUES (?,?,?)");
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
  auto where = where_of(query);
  std::string x = axis_x ? axis_expression(*axis_x) : "NULL";
  std::string y = axis_y ? axis_expression(*axis_y) : "NULL";
  // The counts partition the cell: failure first, then confirmed, then anomaly, else ok.
  std::string sql = "SELECT " + x + ", " + y +
                    ", SUM(m.failure), "
                    "SUM(NOT m.failure AND m.confirmed), "
                    "SUM(NOT m.failure AND NOT m.confirmed AND m.anomaly), "
                    "SUM(NOT m.failure AND NOT m.confirmed AND NOT m.anomaly), "
                    "COUNT(*) FROM measurements m" +
                    where.sql;
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

}  // namespace ashyq::collector
