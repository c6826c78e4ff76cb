// A small reader of gettext .po files: the header's Plural-Forms (its nplurals checked against
// the language's rule in language.hpp; the C expression is not evaluated), msgid, msgid_plural,
// msgstr and msgstr[n], strings continued over several lines, the C escapes \n \t \" \\.
// Entries flagged `#, fuzzy` are kept but marked (a catalogue treats them as untranslated),
// obsolete `#~` entries are skipped, and msgctxt is refused: ashyq's messages have no context.
// Every error names file:line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "i18n/catalogue.hpp"
#include "i18n/language.hpp"

namespace ashyq::i18n {

inline constexpr std::size_t kMaxPoFileBytes = 8 * 1024 * 1024;

struct PoEntry {
  std::string msgid;
  std::string msgid_plural;         // empty when the message has no plural
  std::vector<std::string> msgstr;  // one element, or one per plural form
  bool fuzzy = false;
  int line = 0;  // the line of its msgid
};

struct PoFile {
  int nplurals = 0;              // from the header's Plural-Forms; 0 when absent
  std::vector<PoEntry> entries;  // without the header
};

// `name` is used in errors ("ru.po:14").
core::Result<PoFile> parse_po(std::string_view text, std::string_view name, Language language);

// The placeholders ({0}, {1}, …) and HTML tag names of a translation must be those of its msgid
// (for a plural, of msgid_plural): a translator cannot break a page. Fails naming the reason.
core::Result<void> check_translation(std::string_view msgid, std::string_view msgstr);

// parse_po, then check_translation on every translated, non-fuzzy entry; errors name file:line
// and the msgid. Untranslated and fuzzy entries are left out of the catalogue.
core::Result<Catalogue> catalogue_from_po(std::string_view text, std::string_view name,
                                          Language language);

// Reads `path` (at most kMaxPoFileBytes) and makes its catalogue.
core::Result<Catalogue> read_po_file(const std::string& path, Language language);

}  // namespace ashyq::i18n
