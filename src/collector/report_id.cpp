#include "collector/report_id.hpp"

#include <openssl/rand.h>

#include <charconv>
#include <vector>

namespace ashyq::collector {

namespace {

core::Error bad(std::string why) {
  return core::Error{"report_id", std::move(why)};
}

bool is_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool all_alnum(std::string_view s) {
  for (char c : s)
    if (!is_alnum(c))
      return false;
  return true;
}

bool all_digits(std::string_view s) {
  if (s.empty())
    return false;
  for (char c : s)
    if (c < '0' || c > '9')
      return false;
  return true;
}

std::optional<std::uint64_t> to_number(std::string_view s) {
  if (!all_digits(s) || s.size() > 19)
    return std::nullopt;
  std::uint64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

bool is_country(std::string_view s) {
  return s.size() == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

// "20261204T100000Z" with a real date and time.
bool is_report_time(std::string_view s) {
  if (s.size() != 16 || s[8] != 'T' || s[15] != 'Z')
    return false;
  std::string ooni = std::string(s.substr(0, 4)) + "-" + std::string(s.substr(4, 2)) + "-" +
                     std::string(s.substr(6, 2)) + " " + std::string(s.substr(9, 2)) + ":" +
                     std::string(s.substr(11, 2)) + ":" + std::string(s.substr(13, 2));
  return parse_ooni_time(ooni).has_value();
}

}  // namespace

std::string ReportId::text() const {
  return time + "_" + test_name + "_" + probe_cc + "_" + std::to_string(asn) + "_n" +
         std::to_string(collector) + "_" + random;
}

std::string random_report_token(std::size_t length) {
  static constexpr std::string_view kAlphabet =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string out;
  out.reserve(length);
  std::vector<unsigned char> bytes(length * 2);
  while (out.size() < length) {
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
      continue;  // the generator is seeded by the OS; a failure is transient
    for (unsigned char b : bytes) {
      // 248 = 4 × 62: rejecting the top 8 values keeps every character equally likely.
      if (b < 248 && out.size() < length)
        out.push_back(kAlphabet[b % 62]);
    }
  }
  return out;
}

core::Result<ReportId> make_report_id(SysSeconds now, std::string_view test_name,
                                      std::string_view probe_cc, std::string_view probe_asn,
                                      std::uint64_t collector_id, std::string_view random_part) {
  ReportId id;
  id.time = format_report_time(now);
  for (char c : test_name)
    if (c != '_')
      id.test_name.push_back(c);
  id.probe_cc = std::string(probe_cc);
  if (probe_asn.starts_with("AS"))
    probe_asn.remove_prefix(2);
  auto asn = to_number(probe_asn);
  if (!asn)
    return bad("the ASN '" + std::string(probe_asn) + "' is not a number");
  id.asn = *asn;
  id.collector = collector_id;
  id.random = std::string(random_part);
  // Checked by the same rules a submission's id is, so every id we hand out parses back.
  return parse_report_id(id.text());
}

core::Result<ReportId> parse_report_id(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    auto end = text.find('_', start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos)
      break;
    start = end + 1;
  }
  if (parts.size() != 6)
    return bad("expected 6 parts separated by '_', found " + std::to_string(parts.size()));
  ReportId id;
  if (!is_report_time(parts[0]))
    return bad("the time '" + std::string(parts[0]) + "' is not yyyymmddThhmmssZ");
  id.time = std::string(parts[0]);
  if (parts[1].size() < 2 || parts[1].size() > 29 || !all_alnum(parts[1]))
    return bad("the test name must be 2 to 29 letters or digits");
  id.test_name = std::string(parts[1]);
  if (!is_country(parts[2]))
    return bad("the country code '" + std::string(parts[2]) + "' is not two capital letters");
  id.probe_cc = std::string(parts[2]);
  auto asn = to_number(parts[3]);
  if (!asn)
    return bad("the ASN '" + std::string(parts[3]) + "' is not a number");
  id.asn = *asn;
  auto collector = parts[4].starts_with("n") ? to_number(parts[4].substr(1)) : std::nullopt;
  if (!collector)
    return bad("the collector part '" + std::string(parts[4]) + "' is not n and a number");
  id.collector = *collector;
  if (parts[5].empty() || !all_alnum(parts[5]))
    return bad("the random part must be letters or digits");
  id.random = std::string(parts[5]);
  return id;
}

}  // namespace ashyq::collector
