#include "collector/ooni_time.hpp"

#include <cstdio>

namespace ashyq::collector {

namespace {

// The number at text[at, at + n), all digits, or -1.
int digits(std::string_view text, std::size_t at, std::size_t n) {
  if (at + n > text.size())
    return -1;
  int v = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (text[i] < '0' || text[i] > '9')
      return -1;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

std::optional<std::chrono::sys_days> make_day(int y, int m, int d) {
  if (y < 0 || m < 1 || m > 12 || d < 1)
    return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{y},
                                  std::chrono::month{static_cast<unsigned>(m)},
                                  std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok())
    return std::nullopt;
  return std::chrono::sys_days{ymd};
}

struct Fields {
  int y, mo, d, h, mi, s;
};

Fields split(SysSeconds t) {
  auto day = std::chrono::floor<std::chrono::days>(t);
  std::chrono::year_month_day ymd{day};
  std::chrono::hh_mm_ss hms{t - day};
  return {static_cast<int>(ymd.year()),
          static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day())),
          static_cast<int>(hms.hours().count()),
          static_cast<int>(hms.minutes().count()),
          static_cast<int>(hms.seconds().count())};
}

}  // namespace

std::optional<SysSeconds> parse_ooni_day(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-')
    return std::nullopt;
  auto day = make_day(digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2));
  if (!day)
    return std::nullopt;
  return SysSeconds{*day};
}

std::optional<SysSeconds> parse_ooni_time(std::string_view text) {
  if (text.size() != 19 || text[10] != ' ' || text[13] != ':' || text[16] != ':')
    return std::nullopt;
  auto day = parse_ooni_day(text.substr(0, 10));
  int h = digits(text, 11, 2), m = digits(text, 14, 2), s = digits(text, 17, 2);
  if (!day || h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59)
    return std::nullopt;
  return *day + std::chrono::hours{h} + std::chrono::minutes{m} + std::chrono::seconds{s};
}

std::string format_ooni_time(SysSeconds t) {
  auto f = split(t);
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d %02d:%02d:%02d", f.y, f.mo, f.d, f.h, f.mi, f.s);
  return out;
}

std::string format_report_time(SysSeconds t) {
  auto f = split(t);
  char out[32];
  std::snprintf(out, sizeof out, "%04d%02d%02dT%02d%02d%02dZ", f.y, f.mo, f.d, f.h, f.mi, f.s);
  return out;
}

std::string format_uid_time(SysSeconds t) {
  auto f = split(t);
  char out[32];
  std::snprintf(out, sizeof out, "%04d%02d%02d%02d%02d%02d.000000", f.y, f.mo, f.d, f.h, f.mi, f.s);
  return out;
}

std::string format_api_time(std::string_view ooni_time) {
  if (auto t = parse_ooni_time(ooni_time)) {
    auto s = format_ooni_time(*t);
    s[10] = 'T';
    return s + "Z";
  }
  return std::string(ooni_time);
}

}  // namespace ashyq::collector
