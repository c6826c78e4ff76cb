// The languages of ashyq's pages and reports (English, Russian, Kazakh in Cyrillic), their codes
// and names, and the choice of one for a request: ?lang= first, then Accept-Language, then
// English. The plural rule of each language lives here too, in code (a .po file's Plural-Forms
// expression is checked against it, never evaluated).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace ashyq::i18n {

enum class Language { en, ru, kk };

// en, ru, kk.
std::span<const Language> all_languages();

// "en", "ru", "kk".
std::string_view code_of(Language);

// "English", "Русский", "Қазақша".
std::string_view native_name(Language);

// Case-insensitive; a region is ignored ("ru-RU", "kk_KZ" → ru, kk); anything else → nullopt.
std::optional<Language> language_from_code(std::string_view code);

// The ?lang= value when it names a language; else the best language of an Accept-Language
// header (q-values honoured, q=0 excluded, ties by order); else English.
Language negotiate_language(std::string_view lang_param, std::string_view accept_language);

// How many plural forms the language has (en 2, ru 3, kk 2) and which form a count takes.
int plural_count(Language);
int plural_index(Language, std::int64_t n);

}  // namespace ashyq::i18n
