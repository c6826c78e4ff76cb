// Catalogue: the translations of one language, and its ways of writing numbers. tr/trf/trn are
// also the keywords scripts/update-translations.sh extracts; N_ marks a string for extraction
// where it is defined (a table) and is translated with tr where it is shown.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "i18n/language.hpp"

namespace ashyq::i18n {

// One translated message: msgstr (one form), or msgstr[0..n) for a message with a plural.
struct Translation {
  std::vector<std::string> forms;
};

class Catalogue {
 public:
  using Messages = std::map<std::string, Translation, std::less<>>;

  // A catalogue of `language` holding `messages` (msgid → translation); Catalogues::load makes
  // them from .po files.
  Catalogue(Language language, Messages messages);

  // The identity catalogue: every msgid is its own translation.
  static const Catalogue& english();

  Language language() const { return language_; }

  // The translation, or msgid itself when untranslated. The view is valid as long as the
  // catalogue (when translated) or msgid (when not).
  std::string_view tr(std::string_view msgid) const;

  // tr(msgid), then {0}, {1}, … replaced by args.
  std::string trf(std::string_view msgid, std::initializer_list<std::string_view> args) const;

  // The plural form of the language's rule (ru: 3 forms, kk and en: 2), then {0} → number(n).
  std::string trn(std::string_view singular, std::string_view plural, std::int64_t n) const;

  // en "1,234,567"; ru and kk "1 234 567" grouped with U+00A0 NO-BREAK SPACE.
  std::string number(std::int64_t n) const;
  // en "12.5"; ru and kk "12,5".
  std::string decimal(double v, int digits) const;
  // share in [0, 1]: en "12.5%"; ru and kk "12,5 %" (a no-break space before %).
  std::string percent(double share, int digits = 1) const;

  std::size_t size() const { return messages_.size(); }

 private:
  Language language_;
  Messages messages_;
};

// Replaces {0}, {1}, … in `pattern` by args; an index without an argument is left as written.
std::string substitute(std::string_view pattern, std::initializer_list<std::string_view> args);

// Marks a string for extraction only.
constexpr std::string_view N_(std::string_view s) {
  return s;
}

}  // namespace ashyq::i18n
