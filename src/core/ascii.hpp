// ASCII case and whitespace, the one copy: domain names, URL schemes, HTTP header names, CSV
// fields and distinguished names are compared and cleaned byte by byte, never through the C
// locale (std::tolower depends on it) and never touching bytes >= 0x80, so UTF-8 passes through
// unchanged. A case-insensitive compare alone is boost::beast::iequals.
#pragma once

#include <string>
#include <string_view>

namespace ashyq::core {

constexpr char ascii_lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr char ascii_upper(char c) noexcept {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

constexpr bool is_ascii_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

std::string ascii_lower(std::string_view s);
std::string ascii_upper(std::string_view s);

// `s` without the ASCII whitespace (space, \t, \r, \n, \v, \f) at either end; a view into `s`.
std::string_view ascii_trim(std::string_view s) noexcept;

}  // namespace ashyq::core
