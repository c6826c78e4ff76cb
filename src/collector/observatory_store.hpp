// Where the collector keeps what it accepted: one ObservatoryRow per measurement for the read API,
// and the submission body byte for byte. An interface, so the SQLite store
// (sqlite_observatory.hpp) can be joined by a ClickHouse one without touching the routes.
//
// Contract for every implementation:
// - insert is idempotent by measurement_uid: a uid already stored is left as it is and insert
//   answers false (not new); the routes answer the probe the same uid either way.
// - insert returning ok means durable: the row, the body and the measurement's transparency-log
//   leaf are committed together (never one without the others) before it returns.
// - Queries see every insert that returned before them.
// - Thread-safe: routes on several threads may call any member at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collector/observatory_row.hpp"
#include "core/result.hpp"

namespace ashyq::collector {

enum class OrderBy {
  measurement_start_time,
  test_start_time,
  input,
  probe_cc,
  probe_asn,
  test_name
};
inline constexpr OrderBy kOrderBys[] = {OrderBy::measurement_start_time,
                                        OrderBy::test_start_time,
                                        OrderBy::input,
                                        OrderBy::probe_cc,
                                        OrderBy::probe_asn,
                                        OrderBy::test_name};

// The column an order sorts by: the name OONI's API gives it (order_by=…) and the column's name
// in both stores' measurements tables.
constexpr std::string_view column_of(OrderBy o) {
  switch (o) {
    case OrderBy::measurement_start_time:
      return "measurement_start_time";
    case OrderBy::test_start_time:
      return "test_start_time";
    case OrderBy::input:
      return "input";
    case OrderBy::probe_cc:
      return "probe_cc";
    case OrderBy::probe_asn:
      return "probe_asn";
    case OrderBy::test_name:
      return "test_name";
  }
  return "measurement_start_time";
}

// The filters of GET /api/v1/measurements and /api/v1/aggregation, already validated
// (read_api.hpp builds them from a query string). Empty strings and nullopt match everything;
// strings match exactly.
struct MeasurementQuery {
  std::string report_id;
  std::string probe_cc;
  std::string probe_asn;  // "AS9198"
  std::string test_name;
  std::string domain;
  std::string input;
  std::string category_code;
  std::optional<std::string> since;  // measurement_start_time >= since ("YYYY-MM-DD hh:mm:ss")
  std::optional<std::string> until;  // measurement_start_time < until
  std::optional<bool> anomaly;
  std::optional<bool> confirmed;
  std::optional<bool> failure;
  OrderBy order_by = OrderBy::measurement_start_time;
  bool descending = true;
  std::size_t limit = 100;  // rows per page (measurements() only)
  std::size_t offset = 0;

  bool operator==(const MeasurementQuery&) const = default;
};

struct MeasurementPage {
  std::vector<ObservatoryRow> rows;  // at most query.limit, from query.offset
  std::int64_t total = 0;            // rows matching the filters, all pages
};

struct StoredMeasurement {
  ObservatoryRow row;
  std::string body;  // the submission body as received ({"format":"json","content":{…}})
};

// What aggregation() groups by. `method` is ashyq's verdict method; the rest are OONI's axes.
enum class Axis {
  measurement_start_day,  // "YYYY-MM-DD"
  domain,
  probe_cc,
  probe_asn,
  test_name,
  category_code,
  input,
  method,
};

// One cell: the axis values it stands for, and counts that partition measurement_count — a
// measurement counts once, as failure if it failed, else confirmed if confirmed, else anomaly if
// anomalous, else ok.
struct AggregationCell {
  std::optional<std::string> x;  // the value on axis_x; nullopt without axis_x
  std::optional<std::string> y;  // the value on axis_y; nullopt without axis_y
  std::int64_t anomaly_count = 0;
  std::int64_t confirmed_count = 0;
  std::int64_t failure_count = 0;
  std::int64_t ok_count = 0;
  std::int64_t measurement_count = 0;

  bool operator==(const AggregationCell&) const = default;
};

// One network (ASN) of networks(): the name most recently seen for it (by measurement_start_time;
// empty when no measurement named it) and how many measurements it has.
struct NetworkInfo {
  std::string probe_asn;
  std::string name;
  std::int64_t measurement_count = 0;

  bool operator==(const NetworkInfo&) const = default;
};

// The SQL LIKE pattern that matches a text containing `fragment` lowercased: '%', '_' and '\\'
// escaped with '\\' (use with ESCAPE '\\'), wrapped in '%'.
inline std::string domain_fragment(std::string_view fragment) {
  std::string out = "%";
  for (char c : fragment) {
    if (c == '%' || c == '_' || c == '\\')
      out += '\\';
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  out += '%';
  return out;
}

class ObservatoryStore {
 public:
  virtual ~ObservatoryStore() = default;

  // Stores `row` and `body` under row.measurement_uid, and appends `leaf_record` (the bytes
  // tlog::encode_leaf made for it) to the transparency log in the same commit. True when new,
  // false when the uid was already there (nothing is changed then, the log included).
  virtual core::Result<bool> insert(const ObservatoryRow& row, const std::string& body,
                                    const std::string& leaf_record) = 0;

  // The local SQLite file that holds the transparency log (tlog::SqliteLog opens it).
  virtual const std::string& log_database() const = 0;

  // The row and body of `measurement_uid`; nullopt when unknown.
  virtual core::Result<std::optional<StoredMeasurement>> find(
      const std::string& measurement_uid) = 0;

  // The matching rows, ordered and paged by the query, and how many match in all.
  virtual core::Result<MeasurementPage> measurements(const MeasurementQuery& query) = 0;

  // The matching rows counted per (axis_x, axis_y) value; no axis gives one cell. Cells come
  // sorted by x then y. query.limit, offset and ordering are ignored.
  virtual core::Result<std::vector<AggregationCell>> aggregation(const MeasurementQuery& query,
                                                                 std::optional<Axis> axis_x,
                                                                 std::optional<Axis> axis_y) = 0;

  // The networks of `probe_cc` ("" = every country), by measurement_count descending, then ASN.
  virtual core::Result<std::vector<NetworkInfo>> networks(const std::string& probe_cc) = 0;

  // At most `limit` distinct non-empty domains containing `fragment` (lowercased; matched
  // literally, '%' and '_' included), by measurement count descending, then name.
  virtual core::Result<std::vector<std::string>> find_domains(std::string_view fragment,
                                                              std::size_t limit) = 0;
};

}  // namespace ashyq::collector
