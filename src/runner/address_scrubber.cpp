#include "runner/address_scrubber.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <cstddef>

namespace ashyq::runner {

namespace {

bool is_address_char(char c, bool v6) {
  return std::isdigit(static_cast<unsigned char>(c)) ||
         (v6 && (std::isxdigit(static_cast<unsigned char>(c)) || c == ':'));
}

// Whether text[i] continues an address token on that side: an address character, or a '.'
// (or ':') followed, in the same direction, by one (so "10.0.0.1." ends a sentence, while
// "10.0.0.12" and "1.10.0.0.1" are other addresses).
bool continues(const std::string& text, std::ptrdiff_t i, int dir, bool v6) {
  if (i < 0 || i >= static_cast<std::ptrdiff_t>(text.size()))
    return false;
  char c = text[static_cast<std::size_t>(i)];
  if (is_address_char(c, v6))
    return true;
  if (c == '.' || (v6 && c == ':')) {
    std::ptrdiff_t j = i + dir;
    return j >= 0 && j < static_cast<std::ptrdiff_t>(text.size()) &&
           is_address_char(text[static_cast<std::size_t>(j)], v6);
  }
  return false;
}

}  // namespace

std::vector<std::string> probe_addresses(const std::vector<std::string>& extra) {
  std::vector<std::string> out = extra;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) == 0) {
    for (ifaddrs* i = list; i != nullptr; i = i->ifa_next) {
      if (!i->ifa_addr)
        continue;
      char text[INET6_ADDRSTRLEN] = {};
      if (i->ifa_addr->sa_family == AF_INET) {
        auto* a = reinterpret_cast<sockaddr_in*>(i->ifa_addr);
        if ((ntohl(a->sin_addr.s_addr) >> 24) == 127)
          continue;
        inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
      } else if (i->ifa_addr->sa_family == AF_INET6) {
        auto* a = reinterpret_cast<sockaddr_in6*>(i->ifa_addr);
        if (IN6_IS_ADDR_LOOPBACK(&a->sin6_addr))
          continue;
        inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
      } else {
        continue;
      }
      if (std::find(out.begin(), out.end(), text) == out.end())
        out.emplace_back(text);
    }
    freeifaddrs(list);
  }
  return out;
}

std::string scrub(std::string text, const std::vector<std::string>& addresses) {
  static const std::string kMark = "[scrubbed]";
  for (const auto& address : addresses) {
    if (address.empty())
      continue;
    bool v6 = address.find(':') != std::string::npos;
    std::size_t pos = 0;
    while ((pos = text.find(address, pos)) != std::string::npos) {
      std::size_t end = pos + address.size();
      bool starts = !continues(text, static_cast<std::ptrdiff_t>(pos) - 1, -1, v6);
      bool ends = !continues(text, static_cast<std::ptrdiff_t>(end), +1, v6);
      if (starts && ends) {
        text.replace(pos, address.size(), kMark);
        pos += kMark.size();
      } else {
        pos = end;
      }
    }
  }
  return text;
}

}  // namespace ashyq::runner
