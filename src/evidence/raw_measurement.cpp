#include "evidence/raw_measurement.hpp"

#include <boost/json.hpp>

#include "collector/submission.hpp"

namespace ashyq::evidence {

namespace json = boost::json;

StatedVerdict stated_verdict(const collector::ObservatoryRow& row) {
  return StatedVerdict{row.anomaly,  row.confirmed, row.failure,
                       row.blocking, row.method,    row.confidence};
}

json::object verdict_json(const StatedVerdict& v) {
  return json::object{{"anomaly", v.anomaly}, {"confirmed", v.confirmed},
                      {"failure", v.failure}, {"blocking", v.blocking},
                      {"method", v.method},   {"confidence", v.confidence}};
}

core::Result<StatedVerdict> parse_verdict_json(const json::value& value) {
  const auto* o = value.if_object();
  if (!o)
    return core::Error{"verdict", "not an object"};
  StatedVerdict v;
  for (auto [key, into] : {std::pair{"anomaly", &v.anomaly}, std::pair{"confirmed", &v.confirmed},
                           std::pair{"failure", &v.failure}}) {
    const auto* b = o->if_contains(key);
    if (!b || !b->is_bool())
      return core::Error{std::string("verdict.") + key, "missing or not true/false"};
    *into = b->as_bool();
  }
  for (auto [key, into] : {std::pair{"blocking", &v.blocking}, std::pair{"method", &v.method}}) {
    const auto* s = o->if_contains(key);
    if (!s || !s->is_string())
      return core::Error{std::string("verdict.") + key, "missing or not a string"};
    *into = std::string(s->as_string());
  }
  const auto* c = o->if_contains("confidence");
  if (!c || !c->is_number())
    return core::Error{"verdict.confidence", "missing or not a number"};
  v.confidence = c->to_number<double>();
  return v;
}

core::Result<RawMeasurement> read_raw_measurement(const std::string& body,
                                                  const analysis::VerdictOptions& options) {
  // The report id is needed to validate as the collector did: take it from the body itself.
  boost::system::error_code ec;
  json::parse_options limits;
  limits.max_depth = collector::kMaxJsonDepth;
  auto parsed = json::parse(body, ec, {}, limits);
  const json::value* report_id = nullptr;
  if (!ec && parsed.is_object())
    if (const auto* content = parsed.as_object().if_contains("content");
        content && content->is_object())
      report_id = content->as_object().if_contains("report_id");
  if (!report_id || !report_id->is_string())
    return core::Error{"measurement", "not a submission with content.report_id"};
  auto submission = collector::validate_submission(std::string(report_id->as_string()), body);
  if (!submission)
    return submission.error();
  collector::RowOptions row_options;
  row_options.verdict = &options;
  RawMeasurement out;
  out.measurement_uid = submission->measurement_uid;
  out.sha256 = tlog::sha256(body);
  out.row = collector::make_observatory_row(*submission, row_options);
  return out;
}

}  // namespace ashyq::evidence
