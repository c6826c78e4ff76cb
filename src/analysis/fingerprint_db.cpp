#include "analysis/fingerprint_db.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>

#include "core/ascii.hpp"
#include "core/csv_reader.hpp"

namespace ashyq::analysis {
namespace {

// --- the regexp subset: literal bytes, '.', '.*', '\x' ------------------------------------------

struct Token {
  char c = 0;
  bool any = false;  // '.': one UTF-8 character other than '\n'
};
using Segment = std::vector<Token>;  // segments are separated by '.*'

std::optional<std::vector<Segment>> compile(std::string_view pattern) {
  std::vector<Segment> segments(1);
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      if (i + 1 >= pattern.size())
        return std::nullopt;
      const char e = pattern[++i];
      // Escapes of letters/digits are classes (\d, \w, \s …) or back-references: unsupported.
      if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9')) {
        return std::nullopt;
      }
      segments.back().push_back({e, false});
    } else if (c == '.') {
      if (i + 1 < pattern.size() && pattern[i + 1] == '*') {
        ++i;
        segments.emplace_back();
      } else {
        segments.back().push_back({0, true});
      }
    } else if (std::string_view("[](){}|+?*^$").find(c) != std::string_view::npos) {
      return std::nullopt;
    } else {
      segments.back().push_back({c, false});
    }
  }
  return segments;
}

std::size_t utf8_length(unsigned char lead) {
  if (lead < 0x80)
    return 1;
  if ((lead >> 5) == 0x6)
    return 2;
  if ((lead >> 4) == 0xE)
    return 3;
  if ((lead >> 3) == 0x1E)
    return 4;
  return 1;
}

// End of `seg` matched at `pos` in `line`, or npos.
std::size_t match_at(std::string_view line, std::size_t pos, const Segment& seg) {
  for (const auto& t : seg) {
    if (pos >= line.size())
      return std::string_view::npos;
    if (t.any) {
      pos += std::min(utf8_length(static_cast<unsigned char>(line[pos])), line.size() - pos);
    } else {
      if (line[pos] != t.c)
        return std::string_view::npos;
      ++pos;
    }
  }
  return pos;
}

bool regexp_matches_line(std::string_view line, const std::vector<Segment>& segments) {
  // Earliest-end placement of each segment in turn is optimal for "is there a match": any match
  // can be shifted so that every segment ends as early as possible.
  std::size_t pos = 0;
  for (const auto& seg : segments) {
    bool found = false;
    for (std::size_t start = pos; start <= line.size(); ++start) {
      if (auto end = match_at(line, start, seg); end != std::string_view::npos) {
        pos = end;
        found = true;
        break;
      }
    }
    if (!found)
      return false;
  }
  return true;
}

bool regexp_matches(std::string_view pattern, std::string_view text) {
  auto segments = compile(pattern);
  if (!segments)
    return false;
  // Neither '.' nor '.*' crosses a newline, so a match lies within one line.
  while (true) {
    const auto nl = text.find('\n');
    if (regexp_matches_line(text.substr(0, nl), *segments))
      return true;
    if (nl == std::string_view::npos)
      return false;
    text.remove_prefix(nl + 1);
  }
}

std::optional<PatternType> pattern_type_from(std::string_view s) {
  if (s == "full")
    return PatternType::full;
  if (s == "prefix")
    return PatternType::prefix;
  if (s == "contains")
    return PatternType::contains;
  if (s == "regexp")
    return PatternType::regexp;
  return std::nullopt;
}

FingerprintMatch make_match(const Fingerprint& fp, std::string_view probe_cc) {
  return FingerprintMatch{fp.name, fp.scope, fp.location_found, is_confirmed(fp, probe_cc),
                          fp.confidence_no_fp};
}

}  // namespace

std::string_view Fingerprint::header_name() const {
  constexpr std::string_view kPrefix = "header.";
  if (location_found.rfind(kPrefix, 0) != 0)
    return {};
  return std::string_view(location_found).substr(kPrefix.size());
}

bool is_confirmed(const Fingerprint& fp, std::string_view probe_cc) {
  if (fp.scope == "fp")
    return false;
  if (fp.scope == "nat" || fp.scope == "isp")
    return true;
  const auto cc = core::ascii_upper(core::ascii_trim(probe_cc));
  return !cc.empty() && std::find(fp.expected_countries.begin(), fp.expected_countries.end(), cc) !=
                            fp.expected_countries.end();
}

bool is_supported_regexp(std::string_view pattern) {
  return compile(pattern).has_value();
}

bool pattern_matches(const Fingerprint& fp, std::string_view text) {
  switch (fp.pattern_type) {
    case PatternType::full:
      return text == fp.pattern;
    case PatternType::prefix:
      return text.substr(0, fp.pattern.size()) == fp.pattern;
    case PatternType::contains:
      return !fp.pattern.empty() && text.find(fp.pattern) != std::string_view::npos;
    case PatternType::regexp:
      return regexp_matches(fp.pattern, text);
  }
  return false;
}

core::Result<std::size_t> FingerprintDb::add_csv(std::string_view text, std::string_view origin) {
  auto records = core::parse_csv(text);
  if (!records)
    return core::Error{std::string(origin) + " " + records.error().where, records.error().why};
  if (records->empty())
    return core::Error{std::string(origin), "empty file: no header row"};

  constexpr std::array<std::string_view, 6> kRequired{
      "name", "scope", "location_found", "pattern_type", "pattern", "expected_countries"};
  const auto& header = records->front();
  auto column = [&](std::string_view name) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (core::ascii_lower(header[i]) == name)
        return i;
    }
    return std::nullopt;
  };
  for (auto name : kRequired) {
    if (!column(name)) {
      return core::Error{std::string(origin) + " header",
                         "missing column '" + std::string(name) + "'"};
    }
  }
  const auto c_name = *column("name"), c_scope = *column("scope"),
             c_loc = *column("location_found"), c_type = *column("pattern_type"),
             c_pattern = *column("pattern"), c_countries = *column("expected_countries");
  const auto c_conf = column("confidence_no_fp"), c_source = column("source"),
             c_notes = column("notes");

  std::vector<Fingerprint> added;
  for (std::size_t r = 1; r < records->size(); ++r) {
    const auto& rec = (*records)[r];
    auto get = [&](std::size_t c) -> std::string { return c < rec.size() ? rec[c] : ""; };
    const std::string where = std::string(origin) + " record " + std::to_string(r + 1);
    Fingerprint fp;
    fp.name = get(c_name);
    if (fp.name.empty())
      return core::Error{where + " name", "empty fingerprint name"};
    fp.scope = core::ascii_lower(get(c_scope));
    fp.location_found = core::ascii_lower(get(c_loc));
    if (fp.location_found != "body" && fp.location_found != "dns" && fp.header_name().empty()) {
      return core::Error{where + " location_found",
                         "'" + fp.location_found + "' is not body, dns or header.<name>"};
    }
    auto type = pattern_type_from(core::ascii_lower(get(c_type)));
    if (!type) {
      return core::Error{where + " pattern_type",
                         "'" + get(c_type) + "' is not full, prefix, contains or regexp"};
    }
    fp.pattern_type = *type;
    fp.pattern = get(c_pattern);
    if (fp.pattern.empty())
      return core::Error{where + " pattern", "empty pattern"};
    if (c_conf) {
      const auto s = get(*c_conf);
      std::from_chars(s.data(), s.data() + s.size(), fp.confidence_no_fp);
    }
    // Both branches string_view: a ternary of std::string and "" would make a temporary string
    // and leave the view dangling (found by AddressSanitizer).
    std::string_view countries =
        rec.size() > c_countries ? std::string_view(rec[c_countries]) : std::string_view();
    while (!countries.empty()) {
      const auto comma = countries.find(',');
      auto cc = core::ascii_upper(core::ascii_trim(countries.substr(0, comma)));
      if (!cc.empty())
        fp.expected_countries.push_back(std::move(cc));
      if (comma == std::string_view::npos)
        break;
      countries.remove_prefix(comma + 1);
    }
    if (c_source)
      fp.source = get(*c_source);
    if (c_notes)
      fp.notes = get(*c_notes);
    if (fp.pattern_type == PatternType::regexp && !is_supported_regexp(fp.pattern)) {
      skipped_.push_back(fp.name + ": regexp outside the supported subset");
    }
    added.push_back(std::move(fp));
  }
  const auto count = added.size();
  for (auto& fp : added)
    rows_.push_back(std::move(fp));
  return count;
}

core::Result<FingerprintDb> FingerprintDb::from_csv(std::string_view text) {
  FingerprintDb db;
  auto added = db.add_csv(text);
  if (!added)
    return added.error();
  return db;
}

std::vector<FingerprintMatch> FingerprintDb::match_body(std::string_view body,
                                                        std::string_view probe_cc) const {
  std::vector<FingerprintMatch> out;
  for (const auto& fp : rows_) {
    if (fp.scope != "fp" && fp.is_body() && pattern_matches(fp, body)) {
      out.push_back(make_match(fp, probe_cc));
    }
  }
  return out;
}

std::vector<FingerprintMatch> FingerprintDb::match_header(std::string_view name,
                                                          std::string_view value,
                                                          std::string_view probe_cc) const {
  std::vector<FingerprintMatch> out;
  const auto lname = core::ascii_lower(name);
  for (const auto& fp : rows_) {
    if (fp.scope != "fp" && fp.header_name() == lname && pattern_matches(fp, value)) {
      out.push_back(make_match(fp, probe_cc));
    }
  }
  return out;
}

std::vector<FingerprintMatch> FingerprintDb::match_dns(std::string_view answer,
                                                       std::string_view probe_cc) const {
  std::vector<FingerprintMatch> out;
  for (const auto& fp : rows_) {
    if (fp.scope != "fp" && fp.is_dns() && pattern_matches(fp, answer)) {
      out.push_back(make_match(fp, probe_cc));
    }
  }
  return out;
}

std::vector<std::string> FingerprintDb::false_positives_in_body(std::string_view body) const {
  std::vector<std::string> out;
  for (const auto& fp : rows_) {
    if (fp.scope == "fp" && fp.is_body() && pattern_matches(fp, body))
      out.push_back(fp.name);
  }
  return out;
}

std::vector<std::string> FingerprintDb::false_positives_in_header(std::string_view name,
                                                                  std::string_view value) const {
  std::vector<std::string> out;
  const auto lname = core::ascii_lower(name);
  for (const auto& fp : rows_) {
    if (fp.scope == "fp" && fp.header_name() == lname && pattern_matches(fp, value))
      out.push_back(fp.name);
  }
  return out;
}

}  // namespace ashyq::analysis
