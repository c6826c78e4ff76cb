// Report ids as OONI's probe-services make and check them:
//   {UTC yyyymmddThhmmssZ}_{test name without underscores}_{CC}_{ASN number}_n{collector}_{random}
// e.g. "20261204T100000Z_webconnectivity_KZ_9198_n1_Xq3…". A probe gets one when it opens a
// report (POST /report) and names it in every submission's URL; the collector checks it with
// parse_report_id before storing anything. Errors have `where` = "report_id".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "collector/ooni_time.hpp"
#include "core/result.hpp"

namespace ashyq::collector {

struct ReportId {
  std::string time;       // "20261204T100000Z"
  std::string test_name;  // "webconnectivity": alphanumeric, 2–29 characters
  std::string probe_cc;   // "KZ"
  std::uint64_t asn = 0;  // 9198
  std::uint64_t collector = 0;
  std::string random;  // alphanumeric, not empty

  std::string text() const;  // the id, as parsed or made
};

// The random part's length in ids we make (62^32 choices).
inline constexpr std::size_t kReportIdRandomLength = 32;

// `random_part` alphanumeric characters from OpenSSL's generator.
std::string random_report_token(std::size_t length = kReportIdRandomLength);

// A new id. `test_name` is the probe's ("web_connectivity"; underscores are dropped), `probe_asn`
// "AS9198" or "9198". Fails, naming "report_id", when the parts would not make a valid id.
core::Result<ReportId> make_report_id(SysSeconds now, std::string_view test_name,
                                      std::string_view probe_cc, std::string_view probe_asn,
                                      std::uint64_t collector_id, std::string_view random_part);

// Splits and checks an id: exactly six '_'-separated parts, a real UTC time, a test name of 2–29
// letters and digits, two capital letters, a decimal ASN, "n" and a decimal collector number, and
// a non-empty alphanumeric random part.
core::Result<ReportId> parse_report_id(std::string_view text);

}  // namespace ashyq::collector
