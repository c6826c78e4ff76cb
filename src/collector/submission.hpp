// What a probe sends, checked before anything is stored (OONI's probe-services protocol):
//   POST /report             {"data_format_version", "format": "json", "probe_asn", "probe_cc",
//                             "software_name", "software_version", "test_name",
//                             "test_start_time", "test_version"}
//   POST /report/{report_id} {"format": "json", "content": {…one df-000 measurement…}}
// Every refusal is a core::Error whose `where` names the field ("content.probe_cc", "body" for
// what is not JSON at all, "report_id" for the URL's id), so the route can answer 400 with it.
//
// Caps (decided 2026-12-05): a submission body is at most kMaxSubmissionBytes (4 MiB: OONI LTE
// keeps at most 512 KiB of a body per HTTP transaction, so a web_connectivity measurement that
// follows its redirects stays well below; anything larger is not a measurement we want), an
// open-report body at most kMaxOpenReportBytes, and JSON nesting at most kMaxJsonDepth levels
// (the deepest OONI measurements nest about ten). Bytes that are not UTF-8 are refused (the
// Boost.JSON parser's default), so everything stored is valid JSON text.
#pragma once

#include <boost/json/object.hpp>
#include <cstddef>
#include <string>
#include <string_view>

#include "collector/ooni_time.hpp"
#include "collector/report_id.hpp"
#include "core/result.hpp"

namespace ashyq::collector {

inline constexpr std::size_t kMaxSubmissionBytes = 4 * 1024 * 1024;
inline constexpr std::size_t kMaxOpenReportBytes = 64 * 1024;
inline constexpr std::size_t kMaxJsonDepth = 64;

// The probe's address is never stored; the only value a submission may carry is OONI's
// placeholder.
inline constexpr std::string_view kScrubbedProbeIp = "127.0.0.1";

// A checked POST /report body.
struct OpenReportRequest {
  std::string data_format_version;  // "0.2.0"
  std::string format;               // "json"
  std::string probe_asn;            // "AS9198"
  std::string probe_cc;             // "KZ"
  std::string software_name;
  std::string software_version;
  std::string test_name;        // "web_connectivity"
  std::string test_start_time;  // "2026-12-04 10:00:00"
  std::string test_version;     // "" when absent
};

core::Result<OpenReportRequest> validate_open_report(std::string_view body);

// A checked POST /report/{report_id} body.
struct ValidatedSubmission {
  std::string body;              // the request body, byte for byte (what is stored)
  boost::json::object content;   // the measurement: a df-000 envelope, fields checked
  ReportId report_id;            // parsed from the URL, equal to content.report_id
  SysSeconds measurement_start;  // content.measurement_start_time
  std::string measurement_uid;   // measurement_uid.hpp: deterministic in the body
};

// `url_report_id` is the {report_id} of the URL. Checks, in order: the size cap, the URL's id,
// JSON (depth cap, UTF-8), format "json", content an object, then content's probe_cc (two capital
// letters), probe_asn ("AS" and digits), measurement_start_time (OONI's format), test_name
// ([A-Za-z0-9_]), report_id (equal to the URL's), input (string or null), test_keys (an object),
// probe_ip (absent or 127.0.0.1), and the optional strings test_version, software_name,
// software_version, test_start_time, probe_network_name, data_format_version.
core::Result<ValidatedSubmission> validate_submission(std::string_view url_report_id,
                                                      std::string_view body);

// The answers of the two routes: {"backend_version", "report_id", "supported_formats": ["json"]}
// and {"measurement_uid"}.
boost::json::object open_report_answer(const ReportId& id, std::string_view backend_version);
boost::json::object submission_answer(std::string_view measurement_uid);

// Shared checks, for the read API and tests.
bool is_country_code(std::string_view s);  // two capital letters
bool is_probe_asn(std::string_view s);     // "AS" then 1–10 digits
bool is_test_name(std::string_view s);     // 1–64 of [A-Za-z0-9_]

}  // namespace ashyq::collector
