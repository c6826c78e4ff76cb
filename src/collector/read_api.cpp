#include "collector/read_api.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>
#include <charconv>
#include <set>

#include "collector/report_id.hpp"
#include "collector/submission.hpp"
#include "core/ascii.hpp"
#include "core/csv_writer.hpp"
#include "core/json.hpp"

namespace ashyq::collector {

namespace json = boost::json;

namespace {

const std::set<std::string, std::less<>> kFilterParams = {
    "probe_cc",  "probe_asn", "test_name", "domain",  "input",     "category_code",
    "report_id", "since",     "until",     "anomaly", "confirmed", "failure"};
const std::set<std::string, std::less<>> kPageParams = {"order_by", "order", "limit", "offset"};
const std::set<std::string, std::less<>> kAggregationParams = {"axis_x", "axis_y", "format",
                                                               "time_grain"};

struct AxisName {
  Axis axis;
  std::string_view name;
};
constexpr AxisName kAxes[] = {
    {Axis::measurement_start_day, "measurement_start_day"},
    {Axis::domain, "domain"},
    {Axis::probe_cc, "probe_cc"},
    {Axis::probe_asn, "probe_asn"},
    {Axis::test_name, "test_name"},
    {Axis::category_code, "category_code"},
    {Axis::input, "input"},
    {Axis::method, "method"},
};

const std::string* param(const QueryParams& params, const char* name) {
  auto it = params.find(name);
  return it == params.end() ? nullptr : &it->second;
}

core::Result<void> refuse_unknown(
    const QueryParams& params,
    std::initializer_list<const std::set<std::string, std::less<>>*> known) {
  for (const auto& [name, value] : params) {
    bool found = false;
    for (const auto* set : known)
      found = found || set->contains(name);
    if (!found)
      return core::Error{name, "not a parameter of this API"};
  }
  return {};
}

core::Result<std::optional<bool>> boolean(const QueryParams& params, const char* name) {
  const auto* v = param(params, name);
  if (!v)
    return std::optional<bool>();
  if (*v == "true" || *v == "1")
    return std::optional<bool>(true);
  if (*v == "false" || *v == "0")
    return std::optional<bool>(false);
  return core::Error{name, "must be true or false, not \"" + *v + "\""};
}

core::Result<std::uint64_t> number(const std::string& text, const char* name) {
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    return core::Error{name, "must be a whole number, not \"" + text + "\""};
  return v;
}

// "YYYY-MM-DD", "YYYY-MM-DDThh:mm:ss" or the same with a final 'Z'.
core::Result<SysSeconds> instant(const std::string& text, const char* name) {
  if (auto day = parse_ooni_day(text))
    return *day;
  std::string t = text;
  if (t.ends_with('Z'))
    t.pop_back();
  if (t.size() == 19 && t[10] == 'T') {
    t[10] = ' ';
    if (auto at = parse_ooni_time(t))
      return *at;
  }
  return core::Error{
      name, "must be a UTC date YYYY-MM-DD or time YYYY-MM-DDThh:mm:ss, not \"" + text + "\""};
}

bool is_category_code(std::string_view s) {
  if (s.empty() || s.size() > 32)
    return false;
  for (char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
  return true;
}

core::Result<MeasurementQuery> parse_filters(const QueryParams& params, SysSeconds now) {
  MeasurementQuery q;
  if (const auto* v = param(params, "probe_cc")) {
    if (!is_country_code(*v))
      return core::Error{"probe_cc", "must be two capital letters, not \"" + *v + "\""};
    q.probe_cc = *v;
  }
  if (const auto* v = param(params, "probe_asn")) {
    std::string asn = v->starts_with("AS") ? *v : "AS" + *v;
    if (!is_probe_asn(asn))
      return core::Error{"probe_asn", "must be AS and digits (or digits), not \"" + *v + "\""};
    q.probe_asn = asn;
  }
  if (const auto* v = param(params, "test_name")) {
    if (!is_test_name(*v))
      return core::Error{"test_name", "must be letters, digits and '_'"};
    q.test_name = *v;
  }
  if (const auto* v = param(params, "domain")) {
    if (v->empty() || v->size() > 253)
      return core::Error{"domain", "must be a host name"};
    q.domain = core::ascii_lower(*v);
  }
  if (const auto* v = param(params, "input")) {
    if (v->empty())
      return core::Error{"input", "must not be empty"};
    q.input = *v;
  }
  if (const auto* v = param(params, "category_code")) {
    if (!is_category_code(*v))
      return core::Error{"category_code", "must be letters, digits and '_'"};
    q.category_code = *v;
  }
  if (const auto* v = param(params, "report_id")) {
    if (auto id = parse_report_id(*v); !id)
      return core::Error{"report_id", id.error().why};
    q.report_id = *v;
  }
  std::optional<SysSeconds> since, until;
  if (const auto* v = param(params, "since")) {
    auto t = instant(*v, "since");
    if (!t)
      return t.error();
    since = *t;
  }
  if (const auto* v = param(params, "until")) {
    auto t = instant(*v, "until");
    if (!t)
      return t.error();
    until = *t;
  }
  if (since && until && *since > *until)
    return core::Error{"since", "is after until"};
  if (!since)
    since = (until ? *until : now) - kDefaultWindow;
  q.since = format_ooni_time(*since);
  if (until)
    q.until = format_ooni_time(*until);
  for (auto [name, field] : {std::pair{"anomaly", &q.anomaly}, std::pair{"confirmed", &q.confirmed},
                             std::pair{"failure", &q.failure}}) {
    auto b = boolean(params, name);
    if (!b)
      return b.error();
    *field = *b;
  }
  return q;
}

core::Result<std::optional<Axis>> axis_param(const QueryParams& params, const char* name) {
  const auto* v = param(params, name);
  if (!v)
    return std::optional<Axis>();
  auto axis = axis_from_string(*v);
  if (!axis)
    return core::Error{name, "unknown axis \"" + *v + "\""};
  return std::optional<Axis>(*axis);
}

// RFC 3986 unreserved characters pass; everything else is %XX.
std::string percent_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '_' || c == '.' || c == '~';
    if (keep) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

json::value asn_number(std::string_view asn) {
  if (asn.starts_with("AS"))
    asn.remove_prefix(2);
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(asn.data(), asn.data() + asn.size(), v);
  if (asn.empty() || ec != std::errc() || end != asn.data() + asn.size() || v > INT64_MAX)
    return json::string(asn);
  return static_cast<std::int64_t>(v);
}

json::value input_json(const ObservatoryRow& row) {
  return row.input ? json::value(*row.input) : json::value(nullptr);
}

json::value axis_value(Axis axis, const std::string& value) {
  if (axis == Axis::probe_asn)
    return asn_number(value);
  return json::string(value);
}

// Letters, digits, '_' and '.', as every uid (ours and OONI's) is made of.
core::Result<std::string> measurement_uid_param(const QueryParams& params) {
  const auto* v = param(params, "measurement_uid");
  if (!v)
    return core::Error{"measurement_uid", "missing"};
  bool ok = !v->empty() && v->size() <= 200;
  for (char c : *v)
    ok = ok && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                c == '_' || c == '.');
  if (!ok)
    return core::Error{"measurement_uid", "not a measurement uid"};
  return *v;
}

}  // namespace

std::string_view to_string(Axis axis) {
  for (const auto& a : kAxes)
    if (a.axis == axis)
      return a.name;
  return "";
}

std::optional<Axis> axis_from_string(std::string_view name) {
  for (const auto& a : kAxes)
    if (a.name == name)
      return a.axis;
  return std::nullopt;
}

core::Result<MeasurementQuery> parse_measurements_query(const QueryParams& params, SysSeconds now) {
  if (auto unknown = refuse_unknown(params, {&kFilterParams, &kPageParams}); !unknown)
    return unknown.error();
  auto q = parse_filters(params, now);
  if (!q)
    return q;
  if (const auto* v = param(params, "order_by")) {
    bool found = false;
    for (auto o : kOrderBys) {
      if (column_of(o) == *v) {
        q->order_by = o;
        found = true;
      }
    }
    if (!found)
      return core::Error{"order_by", "cannot order by \"" + *v + "\""};
  }
  if (const auto* v = param(params, "order")) {
    auto order = core::ascii_lower(*v);
    if (order != "asc" && order != "desc")
      return core::Error{"order", "must be asc or desc"};
    q->descending = order == "desc";
  }
  if (const auto* v = param(params, "limit")) {
    auto n = number(*v, "limit");
    if (!n)
      return n.error();
    if (*n < 1 || *n > kMaxLimit)
      return core::Error{"limit", "must be between 1 and " + std::to_string(kMaxLimit)};
    q->limit = static_cast<std::size_t>(*n);
  } else {
    q->limit = kDefaultLimit;
  }
  if (const auto* v = param(params, "offset")) {
    auto n = number(*v, "offset");
    if (!n)
      return n.error();
    if (*n > static_cast<std::uint64_t>(INT64_MAX) - kMaxLimit)
      return core::Error{"offset", "too large"};
    q->offset = static_cast<std::size_t>(*n);
  }
  return q;
}

core::Result<AggregationRequest> parse_aggregation_query(const QueryParams& params,
                                                         SysSeconds now) {
  if (auto unknown = refuse_unknown(params, {&kFilterParams, &kAggregationParams}); !unknown)
    return unknown.error();
  AggregationRequest r;
  auto q = parse_filters(params, now);
  if (!q)
    return q.error();
  r.query = std::move(q.value());
  auto x = axis_param(params, "axis_x");
  if (!x)
    return x.error();
  auto y = axis_param(params, "axis_y");
  if (!y)
    return y.error();
  r.axis_x = *x;
  r.axis_y = *y;
  if (r.axis_y && !r.axis_x)
    return core::Error{"axis_y", "given without axis_x"};
  if (r.axis_x && r.axis_y && *r.axis_x == *r.axis_y)
    return core::Error{"axis_y", "is the same axis as axis_x"};
  if (const auto* v = param(params, "format")) {
    auto f = core::ascii_upper(*v);
    if (f != "JSON" && f != "CSV")
      return core::Error{"format", "must be JSON or CSV"};
    r.csv = f == "CSV";
  }
  if (const auto* v = param(params, "time_grain"); v && *v != "day")
    return core::Error{"time_grain", "only day is supported"};
  return r;
}

core::Result<MeasurementMetaRequest> parse_measurement_meta_query(const QueryParams& params) {
  static const std::set<std::string, std::less<>> kKnown = {"measurement_uid", "full"};
  if (auto unknown = refuse_unknown(params, {&kKnown}); !unknown)
    return unknown.error();
  MeasurementMetaRequest r;
  auto uid = measurement_uid_param(params);
  if (!uid)
    return uid.error();
  r.measurement_uid = *uid;
  auto full = boolean(params, "full");
  if (!full)
    return full.error();
  r.full = full->value_or(false);
  return r;
}

core::Result<std::string> parse_raw_measurement_query(const QueryParams& params) {
  static const std::set<std::string, std::less<>> kKnown = {"measurement_uid"};
  if (auto unknown = refuse_unknown(params, {&kKnown}); !unknown)
    return unknown.error();
  return measurement_uid_param(params);
}

json::object scores_json(const ObservatoryRow& row) {
  json::object s;
  s["blocking_general"] = row.anomaly ? 1.0 : 0.0;
  s["accuracy"] = row.failure ? 0.0 : 1.0;
  if (!row.blocking.empty() && row.blocking != "false" && row.blocking != "null")
    s["analysis"] = json::object{{"blocking_type", row.blocking}};
  if (row.confirmed)
    s["confirmed"] = true;
  s["x_ashyq"] = json::object{{"method", row.method}, {"confidence", row.confidence}};
  return s;
}

json::object measurements_json(const MeasurementQuery& query, const MeasurementPage& page,
                               const PageContext& context) {
  json::array results;
  for (const auto& row : page.rows) {
    results.push_back(json::object{
        {"measurement_uid", row.measurement_uid},
        {"report_id", row.report_id},
        {"input", input_json(row)},
        {"domain", row.domain},
        {"category_code", row.category_code},
        {"probe_cc", row.probe_cc},
        {"probe_asn", row.probe_asn},
        {"test_name", row.test_name},
        {"measurement_start_time", format_api_time(row.measurement_start_time)},
        {"anomaly", row.anomaly},
        {"confirmed", row.confirmed},
        {"failure", row.failure},
        {"scores", scores_json(row)},
        {"measurement_url", context.base_url + "/api/v1/raw_measurement?measurement_uid=" +
                                percent_encode(row.measurement_uid)},
    });
  }
  const auto limit = static_cast<std::int64_t>(query.limit == 0 ? 1 : query.limit);
  const auto offset = static_cast<std::int64_t>(query.offset);
  json::value next_url = nullptr;
  if (offset + limit < page.total) {
    QueryParams next = context.params;
    next["offset"] = std::to_string(offset + limit);
    next["limit"] = std::to_string(limit);
    std::string url = context.base_url + "/api/v1/measurements";
    char sep = '?';
    for (const auto& [name, value] : next) {
      url += sep + percent_encode(name) + "=" + percent_encode(value);
      sep = '&';
    }
    next_url = json::string(url);
  }
  json::object metadata{
      {"count", page.total},
      {"current_page", offset / limit + 1},
      {"limit", limit},
      {"next_url", std::move(next_url)},
      {"offset", offset},
      {"pages", (page.total + limit - 1) / limit},
      {"query_time", context.query_time},
  };
  return json::object{{"metadata", std::move(metadata)}, {"results", std::move(results)}};
}

core::Result<json::value> raw_measurement_json(const std::string& body) {
  json::parse_options options;
  options.max_depth = kMaxJsonDepth;
  boost::system::error_code ec;
  json::value v = json::parse(body, ec, json::storage_ptr(), options);
  if (ec || !v.is_object())
    return core::Error{"raw_measurement", "the stored body is not a JSON object"};
  auto* content = v.as_object().if_contains("content");
  if (!content || !content->is_object())
    return core::Error{"raw_measurement", "the stored body has no content object"};
  return std::move(*content);
}

json::object measurement_meta_json(const StoredMeasurement& stored, bool full) {
  const auto& row = stored.row;
  json::object o{
      {"measurement_uid", row.measurement_uid},
      {"report_id", row.report_id},
      {"input", input_json(row)},
      {"domain", row.domain},
      {"test_name", row.test_name},
      {"test_version", row.test_version},
      {"test_start_time", format_api_time(row.test_start_time)},
      {"measurement_start_time", format_api_time(row.measurement_start_time)},
      {"probe_asn", asn_number(row.probe_asn)},
      {"probe_cc", row.probe_cc},
      {"probe_network_name", row.probe_network_name},
      {"software_name", row.software_name},
      {"software_version", row.software_version},
      {"category_code", row.category_code},
      {"anomaly", row.anomaly},
      {"confirmed", row.confirmed},
      {"failure", row.failure},
      {"scores", core::to_json_text(scores_json(row))},
  };
  if (full) {
    auto raw = raw_measurement_json(stored.body);
    o["raw_measurement"] = raw ? json::value(core::to_json_text(*raw)) : json::value(nullptr);
  }
  return o;
}

json::object aggregation_json(const AggregationRequest& request,
                              const std::vector<AggregationCell>& cells) {
  auto cell_json = [&](const AggregationCell& c) {
    json::object o{{"anomaly_count", c.anomaly_count},
                   {"confirmed_count", c.confirmed_count},
                   {"failure_count", c.failure_count},
                   {"ok_count", c.ok_count},
                   {"measurement_count", c.measurement_count}};
    if (request.axis_x && c.x)
      o[to_string(*request.axis_x)] = axis_value(*request.axis_x, *c.x);
    if (request.axis_y && c.y)
      o[to_string(*request.axis_y)] = axis_value(*request.axis_y, *c.y);
    return o;
  };
  int dimensions = (request.axis_x ? 1 : 0) + (request.axis_y ? 1 : 0);
  json::value result;
  if (dimensions == 0) {
    result = cells.empty() ? cell_json(AggregationCell{}) : cell_json(cells.front());
  } else {
    json::array list;
    for (const auto& c : cells)
      list.push_back(cell_json(c));
    result = std::move(list);
  }
  return json::object{{"v", 0}, {"dimension_count", dimensions}, {"result", std::move(result)}};
}

std::string aggregation_csv(const AggregationRequest& request,
                            const std::vector<AggregationCell>& cells) {
  std::string out;
  if (request.axis_x)
    out += std::string(to_string(*request.axis_x)) + ",";
  if (request.axis_y)
    out += std::string(to_string(*request.axis_y)) + ",";
  out += "anomaly_count,confirmed_count,failure_count,ok_count,measurement_count\r\n";
  std::vector<AggregationCell> rows = cells;
  if (!request.axis_x && rows.empty())
    rows.push_back(AggregationCell{});
  for (const auto& c : rows) {
    if (request.axis_x)
      out += core::csv_quote(c.x.value_or("")) + ",";
    if (request.axis_y)
      out += core::csv_quote(c.y.value_or("")) + ",";
    out += std::to_string(c.anomaly_count) + "," + std::to_string(c.confirmed_count) + "," +
           std::to_string(c.failure_count) + "," + std::to_string(c.ok_count) + "," +
           std::to_string(c.measurement_count) + "\r\n";
  }
  return out;
}

}  // namespace ashyq::collector
