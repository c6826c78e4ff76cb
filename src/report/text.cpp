// UTF-8 validation and the per-format escapes.
#include "report/text.hpp"

#include <charconv>
#include <cmath>

#include "core/csv_writer.hpp"
#include "core/utf8.hpp"

namespace ashyq::report {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Calls on_char(code_point, bytes) for each well-formed character and on_char(U+FFFD, "\uFFFD")
// for each byte that is not part of one.
template <typename F>
void for_each_char(std::string_view text, F on_char) {
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp = 0;
    const std::size_t n = core::utf8_sequence(text.substr(i), &cp);
    if (n == 0) {
      on_char(U'\uFFFD', kReplacement);
      i += 1;
    } else {
      on_char(cp, text.substr(i, n));
      i += n;
    }
  }
}

bool hides_or_reorders(char32_t cp) {
  return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for_each_char(text, [&](char32_t cp, std::string_view c) {
    switch (cp) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += hides_or_reorders(cp) ? kReplacement : c;
    }
  });
  return out;
}

std::string csv_field(std::string_view text) {
  std::string value = core::to_valid_utf8(text);
  if (!value.empty() &&
      std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos) {
    value.insert(value.begin(), '\'');
  }
  return core::csv_quote(value);
}

std::string format_number(double value) {
  if (!std::isfinite(value))
    return "null";
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (ec != std::errc())
    return "null";
  return std::string(buffer, end);
}

}  // namespace ashyq::report
