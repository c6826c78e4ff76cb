// Bytes a network may send that are not UTF-8, for tests that every JSON writer still writes
// valid UTF-8: each single byte 0x00–0xFF, and named invalid sequences.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/utf8.hpp"

namespace ashyq::testing {

// {name, bytes}: "byte 0xNN" for each single byte, then the classic invalid sequences.
inline std::vector<std::pair<std::string, std::string>> hostile_byte_strings() {
  std::vector<std::pair<std::string, std::string>> rows;
  static const char* kHex = "0123456789ABCDEF";
  for (int b = 0; b < 256; ++b) {
    rows.push_back({std::string("byte 0x") + kHex[b >> 4] + kHex[b & 15],
                    "a" + std::string(1, static_cast<char>(b)) + "z"});
  }
  const std::pair<const char*, std::string> named[] = {
      {"lone 4-byte lead F0", "http://x.test/\xF0"},
      {"2-byte lead then ASCII C3 28", "\xC3\x28"},
      {"surrogate ED A0 80", "\xED\xA0\x80"},
      {"overlong slash C0 AF", "\xC0\xAF"},
      {"overlong NUL C0 80", std::string("\xC0\x80", 2)},
      {"above U+10FFFF F4 90 80 80", "\xF4\x90\x80\x80"},
      {"truncated 3-byte E2 82", "\xE2\x82"},
      {"BOM-like FF FE", "\xFF\xFE"},
      {"NUL inside", std::string("x\0y", 3)},
  };
  for (const auto& [name, bytes] : named)
    rows.push_back({name, bytes});
  return rows;
}

// True when `text` is valid UTF-8 and parses as JSON with Boost.JSON's strict (default) parser,
// which rejects invalid UTF-8 inside strings.
inline bool is_strict_utf8_json(const std::string& text) {
  if (!core::is_valid_utf8(text))
    return false;
  boost::system::error_code ec;
  boost::json::parse(text, ec);
  return !ec;
}

}  // namespace ashyq::testing
