// OONI's public read API without the HTTP: from a query string (already split into a map) to a
// validated store query, and from store results to the JSON (or CSV) OONI's API answers, so that
// scripts written for api.ooni.io read an ashyq collector unmodified. Pure: no I/O, and the clock
// is a parameter. The routes (another module) call these and the ObservatoryStore.
//
//   GET /api/v1/measurements      parse_measurements_query  → store.measurements →
//   measurements_json GET /api/v1/measurement_meta  parse_measurement_meta_query → store.find →
//   measurement_meta_json GET /api/v1/raw_measurement   parse_raw_measurement_query → store.find →
//   raw_measurement_json GET /api/v1/aggregation       parse_aggregation_query   →
//   store.aggregation →
//                                 aggregation_json or aggregation_csv (request.csv)
//
// Parameters (every error's `where` is the parameter's name):
//   probe_cc     two capital letters          probe_asn  "AS9198" or "9198"
//   test_name    [A-Za-z0-9_]                 domain     a host (compared lower case)
//   input        exact                        category_code  letters, digits, '_'
//   report_id    a valid report id            since, until   "YYYY-MM-DD" or
//   anomaly, confirmed, failure  true|false                  "YYYY-MM-DDThh:mm:ss[Z]", UTC
//   order_by     measurement_start_time|test_start_time|input|probe_cc|probe_asn|test_name
//   order        asc|desc (default desc)      limit      1–kMaxLimit (default 100)
//   offset       ≥ 0                          axis_x, axis_y  measurement_start_day, domain,
//   format       JSON|CSV (aggregation)         probe_cc, probe_asn, test_name, category_code,
//   time_grain   day (aggregation)              input, method
// A parameter this API does not know is an error, not silently ignored (a filter that is not
// applied would answer a different question than the one asked).
//
// The time window (decided 2026-12-05): `since` is inclusive, `until` exclusive, a bare date is
// midnight UTC. Without `since` the window starts kDefaultWindow (30 days) before `until` (or
// before now when `until` is absent too), so a bare request never scans the whole archive; without
// `until` it is open-ended.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "collector/observatory_store.hpp"
#include "collector/ooni_time.hpp"
#include "core/result.hpp"

namespace ashyq::collector {

using QueryParams = std::map<std::string, std::string>;

inline constexpr std::size_t kDefaultLimit = 100;
inline constexpr std::size_t kMaxLimit = 1000;
inline constexpr std::chrono::days kDefaultWindow{30};

core::Result<MeasurementQuery> parse_measurements_query(const QueryParams& params, SysSeconds now);

struct AggregationRequest {
  MeasurementQuery query;  // filters only
  std::optional<Axis> axis_x;
  std::optional<Axis> axis_y;
  bool csv = false;  // format=CSV
};
core::Result<AggregationRequest> parse_aggregation_query(const QueryParams& params, SysSeconds now);

struct MeasurementMetaRequest {
  std::string measurement_uid;
  bool full = false;  // add raw_measurement
};
core::Result<MeasurementMetaRequest> parse_measurement_meta_query(const QueryParams& params);
// The measurement_uid of a raw_measurement request.
core::Result<std::string> parse_raw_measurement_query(const QueryParams& params);

// What the answer needs besides the results: the collector's public origin
// ("https://collector.example", no trailing slash) for next_url and measurement_url, the
// request's parameters (kept in next_url) and how long the query took.
struct PageContext {
  std::string base_url;
  QueryParams params;
  double query_time = 0;  // seconds
};

// {"metadata": {"count", "current_page", "limit", "next_url", "offset", "pages", "query_time"},
//  "results": [{"measurement_uid", "report_id", "input", "probe_cc", "probe_asn" ("AS9198"),
//               "test_name", "measurement_start_time" ("2026-12-04T10:00:00Z"), "anomaly",
//               "confirmed", "failure", "scores", "measurement_url", "domain", "category_code"}]}
// next_url is null on the last page.
boost::json::object measurements_json(const MeasurementQuery& query, const MeasurementPage& page,
                                      const PageContext& context);

// The row's fields (probe_asn as a number and scores as JSON text, as OONI's answer has them),
// plus "raw_measurement" (the measurement's JSON text) when `full`. `stored.body` is the
// submission body; the measurement is its "content".
boost::json::object measurement_meta_json(const StoredMeasurement& stored, bool full);

// The measurement itself (the body's "content").
core::Result<boost::json::value> raw_measurement_json(const std::string& body);

// {"v": 0, "dimension_count": 0|1|2, "result": a cell | [cells…]}; each cell has the five counts
// and, per axis, the axis's name with its value (probe_asn as a number).
boost::json::object aggregation_json(const AggregationRequest& request,
                                     const std::vector<AggregationCell>& cells);
// The same cells as CSV (RFC 4180, CRLF): a header of the axis names and the five counts.
std::string aggregation_csv(const AggregationRequest& request,
                            const std::vector<AggregationCell>& cells);

// The name of an axis as the API spells it ("measurement_start_day", …, "method").
std::string_view to_string(Axis axis);
std::optional<Axis> axis_from_string(std::string_view name);

// The row's "scores" as the measurements list shows them: {"blocking_general": 1.0|0.0,
// "accuracy": 1.0|0.0, "analysis": {"blocking_type"}, "confirmed", "x_ashyq": {"method",
// "confidence"}}.
boost::json::object scores_json(const ObservatoryRow& row);

}  // namespace ashyq::collector
