// OONI's time texts, read and written in one place: a measurement's "YYYY-MM-DD hh:mm:ss" (UTC),
// a day "YYYY-MM-DD" as the read API takes it, and the compact forms report ids
// ("yyyymmddThhmmssZ") and measurement uids ("yyyymmddhhmmss.ffffff") carry. Checks are by the
// calendar (month 1–12, a day the month has, hour < 24…), not only by the digits' positions.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace ashyq::collector {

using SysSeconds = std::chrono::sys_seconds;

// "2026-12-04 10:00:00" → that instant; nullopt for anything else (a 'T', a zone, fractions).
std::optional<SysSeconds> parse_ooni_time(std::string_view text);
// "2026-12-04" → midnight UTC of that day; nullopt for anything else.
std::optional<SysSeconds> parse_ooni_day(std::string_view text);

std::string format_ooni_time(SysSeconds t);               // "2026-12-04 10:00:00"
std::string format_report_time(SysSeconds t);             // "20261204T100000Z"
std::string format_uid_time(SysSeconds t);                // "20261204100000.000000"
std::string format_api_time(std::string_view ooni_time);  // "2026-12-04T10:00:00Z"

}  // namespace ashyq::collector
