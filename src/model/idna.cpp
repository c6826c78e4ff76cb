#include "model/idna.hpp"

#include <idn2.h>

#include <algorithm>

namespace ashyq::model {

bool has_non_ascii(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

std::string percent_encode_non_ascii(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x80) {
      out += c;
    } else {
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 0x0f];
    }
  }
  return out;
}

std::optional<std::string> to_a_label(std::string_view host) {
  if (host.find('\0') != std::string_view::npos)
    return std::nullopt;
  const std::string text(host);
  char* out = nullptr;
  if (idn2_to_ascii_8z(text.c_str(), &out, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL) != IDN2_OK)
    return std::nullopt;
  std::string a_label(out);
  idn2_free(out);
  return a_label;
}

}  // namespace ashyq::model
