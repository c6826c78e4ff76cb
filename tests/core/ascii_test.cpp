// Table tests for core/ascii.hpp.
#include "core/ascii.hpp"

#include <gtest/gtest.h>

namespace ashyq::core {
namespace {

struct AsciiRow {
  const char* name;
  std::string_view input;
  std::string_view lower;
  std::string_view upper;
  std::string_view trimmed;
};

TEST(Ascii, Table) {
  const AsciiRow rows[] = {
      {"empty", "", "", "", ""},
      {"domain", "WWW.Example.KZ", "www.example.kz", "WWW.EXAMPLE.KZ", "WWW.Example.KZ"},
      {"header_name", "Content-Type", "content-type", "CONTENT-TYPE", "Content-Type"},
      {"digits_and_punctuation", "A1-_.@[Z]", "a1-_.@[z]", "A1-_.@[Z]", "A1-_.@[Z]"},
      {"spaces_both_ends", " \t x y \r\n", " \t x y \r\n", " \t X Y \r\n", "x y"},
      {"vertical_tab_and_form_feed", "\v\fa\f\v", "\v\fa\f\v", "\v\fA\f\v", "a"},
      {"only_whitespace", " \t\r\n", " \t\r\n", " \t\r\n", ""},
      {"inner_whitespace_kept", "a \t b", "a \t b", "A \t B", "a \t b"},
      // Cyrillic "Стр" in UTF-8: bytes >= 0x80 are never changed.
      {"utf8_untouched", "\xD0\xA1\xD1\x82\xD1\x80", "\xD0\xA1\xD1\x82\xD1\x80",
       "\xD0\xA1\xD1\x82\xD1\x80", "\xD0\xA1\xD1\x82\xD1\x80"},
      // Latin-1 'À' (0xC0) is not ASCII: left alone, unlike a locale-aware tolower might.
      {"latin1_untouched", "\xC0X", "\xC0x", "\xC0X", "\xC0X"},
      {"nbsp_is_not_trimmed", "\xC2\xA0x", "\xC2\xA0x", "\xC2\xA0X", "\xC2\xA0x"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(ascii_lower(row.input), row.lower);
    EXPECT_EQ(ascii_upper(row.input), row.upper);
    EXPECT_EQ(ascii_trim(row.input), row.trimmed);
  }
}

TEST(Ascii, SingleCharacters) {
  static_assert(ascii_lower('A') == 'a' && ascii_lower('Z') == 'z' && ascii_lower('@') == '@');
  static_assert(ascii_upper('a') == 'A' && ascii_upper('z') == 'Z' && ascii_upper('[') == '[');
  static_assert(is_ascii_space(' ') && !is_ascii_space('\0') && !is_ascii_space('x'));
  for (int c = 0x80; c <= 0xff; ++c) {
    EXPECT_EQ(ascii_lower(static_cast<char>(c)), static_cast<char>(c)) << c;
    EXPECT_EQ(ascii_upper(static_cast<char>(c)), static_cast<char>(c)) << c;
  }
}

}  // namespace
}  // namespace ashyq::core
