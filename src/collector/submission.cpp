#include "collector/submission.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>

#include "collector/measurement_uid.hpp"

namespace ashyq::collector {

namespace json = boost::json;

namespace {

core::Result<json::object> parse_object(std::string_view body, std::size_t cap) {
  if (body.size() > cap)
    return core::Error{"body", "is " + std::to_string(body.size()) +
                                   " bytes, more than the cap of " + std::to_string(cap)};
  json::parse_options options;
  options.max_depth = kMaxJsonDepth;
  options.allow_invalid_utf8 = false;  // the default, said out loud: stored text is UTF-8
  boost::system::error_code ec;
  json::value v = json::parse(body, ec, json::storage_ptr(), options);
  if (ec)
    return core::Error{"body", "not valid JSON: " + ec.message()};
  if (!v.is_object())
    return core::Error{"body", "not a JSON object"};
  return std::move(v.as_object());
}

// The string at `key`; an error naming `prefix + key` when absent (if required) or not a string.
core::Result<std::string> string_field(const json::object& o, std::string_view key,
                                       const std::string& prefix, bool required) {
  const auto* v = o.if_contains(key);
  if (!v || (!required && v->is_null())) {
    if (required)
      return core::Error{prefix + std::string(key), "missing"};
    return std::string();
  }
  if (!v->is_string())
    return core::Error{prefix + std::string(key), "must be a string"};
  return std::string(v->as_string());
}

// Reads the required and optional strings and runs one check per field; stops at the first error.
struct FieldReader {
  const json::object& o;
  std::string prefix;
  std::optional<core::Error> error;

  std::string take(std::string_view key, bool required, bool (*check)(std::string_view) = nullptr,
                   const char* what = nullptr) {
    if (error)
      return {};
    auto s = string_field(o, key, prefix, required);
    if (!s) {
      error = s.error();
      return {};
    }
    if (check && (required || !s->empty()) && !check(*s)) {
      error = core::Error{prefix + std::string(key), std::string("must be ") + what};
      return {};
    }
    return std::move(s.value());
  }
};

bool is_ooni_time(std::string_view s) {
  return parse_ooni_time(s).has_value();
}

bool is_not_empty(std::string_view s) {
  return !s.empty();
}

}  // namespace

bool is_country_code(std::string_view s) {
  return s.size() == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

bool is_probe_asn(std::string_view s) {
  if (!s.starts_with("AS") || s.size() < 3 || s.size() > 12)
    return false;
  for (char c : s.substr(2))
    if (c < '0' || c > '9')
      return false;
  return true;
}

bool is_test_name(std::string_view s) {
  if (s.empty() || s.size() > 64)
    return false;
  for (char c : s) {
    bool ok =
        (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!ok)
      return false;
  }
  return true;
}

json::object open_report_answer(const ReportId& id, std::string_view backend_version) {
  return json::object{{"backend_version", backend_version},
                      {"report_id", id.text()},
                      {"supported_formats", json::array{"json"}}};
}

json::object submission_answer(std::string_view measurement_uid) {
  return json::object{{"measurement_uid", measurement_uid}};
}

core::Result<OpenReportRequest> validate_open_report(std::string_view body) {
  auto parsed = parse_object(body, kMaxOpenReportBytes);
  if (!parsed)
    return parsed.error();
  FieldReader r{*parsed, ""};
  OpenReportRequest out;
  out.data_format_version = r.take("data_format_version", true, is_not_empty, "a version");
  out.format = r.take("format", true);
  if (!r.error && out.format != "json")
    r.error = core::Error{"format", "must be \"json\", not \"" + out.format + "\""};
  out.probe_asn = r.take("probe_asn", true, is_probe_asn, "AS and digits");
  out.probe_cc = r.take("probe_cc", true, is_country_code, "two capital letters");
  out.software_name = r.take("software_name", true, is_not_empty, "a name");
  out.software_version = r.take("software_version", true, is_not_empty, "a version");
  out.test_name = r.take("test_name", true, is_test_name, "letters, digits and '_'");
  out.test_start_time =
      r.take("test_start_time", true, is_ooni_time, "a UTC time YYYY-MM-DD hh:mm:ss");
  out.test_version = r.take("test_version", false);
  if (r.error)
    return *r.error;
  return out;
}

core::Result<ValidatedSubmission> validate_submission(std::string_view url_report_id,
                                                      std::string_view body) {
  if (body.size() > kMaxSubmissionBytes)
    return core::Error{"body", "is " + std::to_string(body.size()) +
                                   " bytes, more than the cap of " +
                                   std::to_string(kMaxSubmissionBytes)};
  auto report_id = parse_report_id(url_report_id);
  if (!report_id)
    return report_id.error();
  auto parsed = parse_object(body, kMaxSubmissionBytes);
  if (!parsed)
    return parsed.error();
  json::object& envelope = *parsed;

  auto format = string_field(envelope, "format", "", true);
  if (!format)
    return format.error();
  if (*format != "json")
    return core::Error{"format", "must be \"json\", not \"" + *format + "\""};
  auto* content_value = envelope.if_contains("content");
  if (!content_value)
    return core::Error{"content", "missing"};
  if (!content_value->is_object())
    return core::Error{"content", "must be an object"};
  const json::object& content = content_value->as_object();

  FieldReader r{content, "content."};
  auto probe_cc = r.take("probe_cc", true, is_country_code, "two capital letters");
  r.take("probe_asn", true, is_probe_asn, "AS and digits");
  auto start =
      r.take("measurement_start_time", true, is_ooni_time, "a UTC time YYYY-MM-DD hh:mm:ss");
  auto test_name = r.take("test_name", true, is_test_name, "letters, digits and '_'");
  auto content_report_id = r.take("report_id", true);
  if (!r.error && content_report_id != url_report_id)
    r.error = core::Error{"content.report_id",
                          "\"" + content_report_id + "\" is not the report of the URL"};
  if (r.error)
    return *r.error;
  const auto* input = content.if_contains("input");
  if (!input)
    return core::Error{"content.input", "missing (null when the test has no input)"};
  if (!input->is_string() && !input->is_null())
    return core::Error{"content.input", "must be a string or null"};
  const auto* test_keys = content.if_contains("test_keys");
  if (!test_keys)
    return core::Error{"content.test_keys", "missing"};
  if (!test_keys->is_object())
    return core::Error{"content.test_keys", "must be an object"};
  auto probe_ip = r.take("probe_ip", false);
  if (!r.error && !probe_ip.empty() && probe_ip != kScrubbedProbeIp)
    r.error = core::Error{"content.probe_ip",
                          "must be absent or 127.0.0.1: the collector stores no probe address"};
  for (auto key : {"test_version", "software_name", "software_version", "probe_network_name",
                   "data_format_version"})
    r.take(key, false);
  r.take("test_start_time", false, is_ooni_time, "a UTC time YYYY-MM-DD hh:mm:ss");
  if (r.error)
    return *r.error;

  ValidatedSubmission out;
  out.body = std::string(body);
  out.report_id = std::move(report_id.value());
  out.measurement_start = *parse_ooni_time(start);
  out.measurement_uid = make_measurement_uid(out.measurement_start, probe_cc, test_name, body);
  out.content = std::move(content_value->as_object());
  return out;
}

}  // namespace ashyq::collector
