#include "net/dns_name.hpp"

namespace ashyq::net {

bool is_valid_dns_name(std::string_view name) {
  if (!name.empty() && name.back() == '.')
    name.remove_suffix(1);
  if (name.empty() || name.size() > 253)
    return false;
  std::size_t label = 0;
  char last = '.';
  for (const char c : name) {
    if (c == '.') {
      if (last == '.' || last == '-')
        return false;  // an empty label, or one ending with '-'
      label = 0;
    } else {
      const bool ldh = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_';
      if (!ldh || (c == '-' && last == '.') || ++label > 63)
        return false;
    }
    last = c;
  }
  return last != '-';
}

}  // namespace ashyq::net
