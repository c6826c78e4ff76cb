// Language codes, names, negotiation and plural rules.
#include "i18n/language.hpp"

#include <array>
#include <charconv>
#include <string>
#include <vector>

namespace ashyq::i18n {

namespace {

constexpr std::array kAll = {Language::en, Language::ru, Language::kk};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// "q=0.8" → 0.8 (in thousandths); nullopt when malformed. RFC 9110: 0, 1, 0.xxx, 1.000.
std::optional<int> parse_q(std::string_view v) {
  v = trim(v);
  if (v.empty() || (v[0] != '0' && v[0] != '1'))
    return std::nullopt;
  int whole = v[0] - '0';
  int thousandths = 0;
  if (v.size() > 1) {
    if (v[1] != '.' || v.size() > 5)
      return std::nullopt;
    int scale = 100;
    for (std::size_t i = 2; i < v.size(); ++i) {
      if (v[i] < '0' || v[i] > '9')
        return std::nullopt;
      thousandths += (v[i] - '0') * scale;
      scale /= 10;
    }
  }
  const int q = whole * 1000 + thousandths;
  if (q > 1000)
    return std::nullopt;
  return q;
}

}  // namespace

std::span<const Language> all_languages() {
  return kAll;
}

std::string_view code_of(Language l) {
  switch (l) {
    case Language::ru:
      return "ru";
    case Language::kk:
      return "kk";
    case Language::en:
      break;
  }
  return "en";
}

std::string_view native_name(Language l) {
  switch (l) {
    case Language::ru:
      return "Русский";
    case Language::kk:
      return "Қазақша";
    case Language::en:
      break;
  }
  return "English";
}

std::optional<Language> language_from_code(std::string_view code) {
  code = trim(code);
  const auto sep = code.find_first_of("-_");
  const std::string_view primary = code.substr(0, sep);
  if (sep != std::string_view::npos && sep + 1 >= code.size())
    return std::nullopt;  // "ru-" is not a tag
  if (primary.size() != 2)
    return std::nullopt;
  const std::string p{lower(primary[0]), lower(primary[1])};
  for (Language l : kAll) {
    if (code_of(l) == p)
      return l;
  }
  return std::nullopt;
}

Language negotiate_language(std::string_view lang_param, std::string_view accept_language) {
  if (auto l = language_from_code(lang_param))
    return *l;
  std::optional<Language> best;
  int best_q = 0;
  while (!accept_language.empty()) {
    const auto comma = accept_language.find(',');
    std::string_view item = accept_language.substr(0, comma);
    accept_language =
        comma == std::string_view::npos ? std::string_view() : accept_language.substr(comma + 1);
    const auto semi = item.find(';');
    const std::string_view tag = trim(item.substr(0, semi));
    int q = 1000;
    if (semi != std::string_view::npos) {
      std::string_view params = trim(item.substr(semi + 1));
      if (params.size() < 2 || lower(params[0]) != 'q' || params[1] != '=')
        continue;
      const auto parsed = parse_q(params.substr(2));
      if (!parsed)
        continue;
      q = *parsed;
    }
    if (q == 0)
      continue;
    const auto l = language_from_code(tag);
    if (l && q > best_q) {
      best = l;
      best_q = q;
    }
  }
  return best.value_or(Language::en);
}

int plural_count(Language l) {
  return l == Language::ru ? 3 : 2;
}

int plural_index(Language l, std::int64_t n) {
  if (n < 0)
    n = -n;
  if (l == Language::ru) {
    const auto m10 = n % 10, m100 = n % 100;
    if (m10 == 1 && m100 != 11)
      return 0;
    if (m10 >= 2 && m10 <= 4 && (m100 < 10 || m100 >= 20))
      return 1;
    return 2;
  }
  return n == 1 ? 0 : 1;
}

}  // namespace ashyq::i18n
