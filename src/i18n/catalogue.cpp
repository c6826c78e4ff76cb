// Lookup, placeholders, plural forms and number formats.
#include "i18n/catalogue.hpp"

#include <fmt/format.h>

#include <cmath>

namespace ashyq::i18n {

namespace {

constexpr std::string_view kNbsp = "\xC2\xA0";

}  // namespace

Catalogue::Catalogue(Language language, Messages messages)
    : language_(language), messages_(std::move(messages)) {}

const Catalogue& Catalogue::english() {
  static const Catalogue kEnglish(Language::en, {});
  return kEnglish;
}

std::string_view Catalogue::tr(std::string_view msgid) const {
  const auto it = messages_.find(msgid);
  if (it == messages_.end() || it->second.forms.empty() || it->second.forms[0].empty())
    return msgid;
  return it->second.forms[0];
}

std::string substitute(std::string_view pattern, std::initializer_list<std::string_view> args) {
  std::string out;
  out.reserve(pattern.size() + 16);
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '{') {
      std::size_t j = i + 1;
      std::size_t index = 0;
      while (j < pattern.size() && pattern[j] >= '0' && pattern[j] <= '9' && j - i < 4) {
        index = index * 10 + static_cast<std::size_t>(pattern[j] - '0');
        ++j;
      }
      if (j > i + 1 && j < pattern.size() && pattern[j] == '}' && index < args.size()) {
        out += *(args.begin() + index);
        i = j + 1;
        continue;
      }
    }
    out += pattern[i++];
  }
  return out;
}

std::string Catalogue::trf(std::string_view msgid,
                           std::initializer_list<std::string_view> args) const {
  return substitute(tr(msgid), args);
}

std::string Catalogue::trn(std::string_view singular, std::string_view plural,
                           std::int64_t n) const {
  std::string_view form = plural_index(Language::en, n) == 0 ? singular : plural;
  const auto it = messages_.find(singular);
  if (it != messages_.end()) {
    const auto index = static_cast<std::size_t>(plural_index(language_, n));
    if (index < it->second.forms.size() && !it->second.forms[index].empty())
      form = it->second.forms[index];
  }
  const std::string num = number(n);
  return substitute(form, {num});
}

std::string Catalogue::number(std::int64_t n) const {
  const std::string sep = language_ == Language::en ? "," : std::string(kNbsp);
  std::string digits = fmt::format("{}", n);
  std::string sign;
  if (!digits.empty() && digits[0] == '-') {
    sign = "-";
    digits.erase(0, 1);
  }
  // Every number above 999 is grouped, four-digit ones too, so that columns line up.
  std::string out;
  const std::size_t lead = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  out += digits.substr(0, lead);
  for (std::size_t i = lead; i < digits.size(); i += 3) {
    out += sep;
    out += digits.substr(i, 3);
  }
  return sign + out;
}

std::string Catalogue::decimal(double v, int digits) const {
  if (digits < 0)
    digits = 0;
  std::string s = fmt::format("{:.{}f}", v, digits);
  if (s == "-0" || (s.starts_with("-0.") && s.find_first_not_of("0.", 1) == std::string::npos))
    s.erase(0, 1);  // no "-0.0"
  if (language_ != Language::en) {
    const auto dot = s.find('.');
    if (dot != std::string::npos)
      s[dot] = ',';
  }
  return s;
}

std::string Catalogue::percent(double share, int digits) const {
  const std::string d = decimal(share * 100.0, digits);
  return language_ == Language::en ? d + "%" : d + std::string(kNbsp) + "%";
}

}  // namespace ashyq::i18n
