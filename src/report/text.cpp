// UTF-8 validation and the per-format escapes.
#include "report/text.hpp"

#include <charconv>
#include <cmath>

namespace ashyq::report {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the well-formed UTF-8 sequence at the start of `s` and its code point, or 0.
std::size_t utf8_sequence(std::string_view s, char32_t* code_point) {
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const auto continuation = [&](std::size_t i) { return i < s.size() && (b(i) & 0xC0) == 0x80; };
  const unsigned char lead = b(0);
  if (lead < 0x80) {
    *code_point = lead;
    return 1;
  }
  std::size_t length = 0;
  char32_t cp = 0, min = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, cp = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, cp = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  for (std::size_t i = 1; i < length; ++i) {
    if (!continuation(i))
      return 0;
    cp = (cp << 6) | (b(i) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  *code_point = cp;
  return length;
}

// Calls on_char(code_point, bytes) for each well-formed character and on_char(U+FFFD, "\uFFFD")
// for each byte that is not part of one.
template <typename F>
void for_each_char(std::string_view text, F on_char) {
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp = 0;
    const std::size_t n = utf8_sequence(text.substr(i), &cp);
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

std::string valid_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for_each_char(bytes, [&](char32_t, std::string_view c) { out += c; });
  return out;
}

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
  std::string value = valid_utf8(text);
  if (!value.empty() &&
      std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos) {
    value.insert(value.begin(), '\'');
  }
  if (value.find_first_of(",\"\r\n") == std::string::npos)
    return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"')
      out += '"';
    out += c;
  }
  out += '"';
  return out;
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
