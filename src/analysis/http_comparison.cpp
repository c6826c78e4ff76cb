#include "analysis/http_comparison.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "core/ascii.hpp"

namespace ashyq::analysis {
namespace {

constexpr std::array<std::string_view, 25> kCommonHeaders{
    "date",
    "content-type",
    "server",
    "cache-control",
    "vary",
    "set-cookie",
    "location",
    "expires",
    "x-powered-by",
    "content-encoding",
    "last-modified",
    "accept-ranges",
    "pragma",
    "x-frame-options",
    "etag",
    "x-content-type-options",
    "age",
    "via",
    "p3p",
    "x-xss-protection",
    "content-language",
    "cf-ray",
    "strict-transport-security",
    "link",
    "x-varnish",
};

bool iequals_at(std::string_view text, std::size_t pos, std::string_view word) {
  if (pos + word.size() > text.size())
    return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (core::ascii_lower(text[pos + i]) != word[i])
      return false;
  }
  return true;
}

std::set<std::string> header_names(const model::HeaderList& headers) {
  std::set<std::string> out;
  for (const auto& [k, v] : headers)
    out.insert(core::ascii_lower(k));
  return out;
}

std::set<std::string> header_names(const std::map<std::string, std::string>& headers) {
  std::set<std::string> out;
  for (const auto& [k, v] : headers)
    out.insert(core::ascii_lower(k));
  return out;
}

bool uncommon_intersect(const std::set<std::string>& a, const std::set<std::string>& b) {
  for (const auto& name : a) {
    if (!is_common_header(name) && b.count(name))
      return true;
  }
  return false;
}

}  // namespace

bool HttpComparison::is_diff() const {
  if (status_code_match.value_or(false)) {
    if (body_length_match.value_or(false) || headers_match.value_or(false) ||
        title_match.value_or(false)) {
      return false;
    }
  }
  return true;
}

std::string extract_title(std::string_view body) {
  constexpr std::string_view kOpen = "<title>", kClose = "</title>";
  for (std::size_t pos = 0; pos + kOpen.size() <= body.size(); ++pos) {
    if (!iequals_at(body, pos, kOpen))
      continue;
    const std::size_t start = pos + kOpen.size();
    std::size_t end = start;
    std::size_t chars = 0;
    while (end < body.size() && body[end] != '<' && chars < 512) {
      const auto lead = static_cast<unsigned char>(body[end]);
      std::size_t len = 1;
      if ((lead >> 5) == 0x6)
        len = 2;
      else if ((lead >> 4) == 0xE)
        len = 3;
      else if ((lead >> 3) == 0x1E)
        len = 4;
      end = std::min(end + len, body.size());
      ++chars;
    }
    if (chars >= 1 && iequals_at(body, end, kClose))
      return std::string(body.substr(start, end - start));
  }
  return {};
}

bool is_common_header(std::string_view lower_name) {
  return std::find(kCommonHeaders.begin(), kCommonHeaders.end(), lower_name) !=
         kCommonHeaders.end();
}

std::optional<double> body_proportion(std::int64_t probe_length, bool probe_truncated,
                                      std::int64_t control_length) {
  if (probe_truncated || probe_length <= 0 || control_length <= 0)
    return std::nullopt;
  const auto lo = std::min(probe_length, control_length);
  const auto hi = std::max(probe_length, control_length);
  return static_cast<double>(lo) / static_cast<double>(hi);
}

bool title_words_match(std::string_view probe_title, std::string_view control_title) {
  constexpr std::size_t kMinWordLength = 5;
  std::map<std::string, int> words;  // bit 1: in probe, bit 2: in control
  auto collect = [&](std::string_view title, int bit) {
    while (true) {
      const auto sp = title.find(' ');
      const auto word = title.substr(0, sp);
      if (word.size() >= kMinWordLength)
        words[core::ascii_lower(word)] |= bit;
      if (sp == std::string_view::npos)
        break;
      title.remove_prefix(sp + 1);
    }
  };
  collect(probe_title, 1);
  collect(control_title, 2);
  return std::all_of(words.begin(), words.end(), [](const auto& kv) { return kv.second == 3; });
}

HttpComparison compare_http_v04(const model::HttpTransaction* probe,
                                const model::ControlHttpRequest& control) {
  HttpComparison out;
  if (!probe || probe->failure)
    return out;
  if (auto p = body_proportion(static_cast<std::int64_t>(probe->response_body().size()),
                               probe->body_is_truncated(), control.body_length)) {
    out.body_proportion = *p;
    out.body_length_match = *p > 0.7;
  }
  if (control.status_code > 0 && probe->status_code() > 0) {
    if (control.status_code == probe->status_code()) {
      out.status_code_match = true;
    } else if (control.status_code / 100 != 5) {
      out.status_code_match = false;
    }
  }
  if (probe->status_code() > 0 && control.status_code > 0) {
    const auto ours = header_names(probe->response_headers());
    const auto theirs = header_names(control.headers);
    out.headers_match = ours == theirs || uncommon_intersect(ours, theirs);
  }
  if (probe->status_code() > 0 && !probe->body_is_truncated() && control.status_code > 0) {
    const auto title = extract_title(probe->response_body());
    if (!title.empty())
      out.title_match = title_words_match(title, control.title);
  }
  return out;
}

HttpComparison compare_http_lte(const model::HttpTransaction* final_response,
                                const model::ControlHttpRequest& control) {
  HttpComparison out;
  if (!final_response || final_response->failure)
    return out;
  const auto& probe = *final_response;
  if (auto p = body_proportion(static_cast<std::int64_t>(probe.response_body().size()),
                               probe.body_is_truncated(), control.body_length)) {
    out.body_proportion = *p;
    out.body_length_match = *p > 0.7;
  }
  if (control.status_code > 0 && probe.status_code() > 0) {
    if (control.status_code == probe.status_code()) {
      out.status_code_match = true;
    } else if (control.status_code / 100 == 2) {
      out.status_code_match = false;
    }
  }
  if (control.status_code > 0) {
    out.headers_match =
        uncommon_intersect(header_names(probe.response_headers()), header_names(control.headers));
    out.title_match = title_words_match(extract_title(probe.response_body()), control.title);
  }
  return out;
}

}  // namespace ashyq::analysis
