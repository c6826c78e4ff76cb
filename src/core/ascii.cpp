#include "core/ascii.hpp"

namespace ashyq::core {

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = ascii_lower(c);
  return out;
}

std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = ascii_upper(c);
  return out;
}

std::string_view ascii_trim(std::string_view s) noexcept {
  while (!s.empty() && is_ascii_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_ascii_space(s.back()))
    s.remove_suffix(1);
  return s;
}

}  // namespace ashyq::core
