#include "analysis/ip_prefix.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace ashyq::analysis {
namespace {

constexpr std::array<std::uint8_t, 12> kMappedPrefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

}  // namespace

std::optional<IpAddress> parse_ip(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  if (auto pct = text.find('%'); pct != std::string_view::npos)
    text = text.substr(0, pct);
  if (text.empty() || text.size() > 45)
    return std::nullopt;
  const std::string s(text);
  IpAddress ip;
  if (inet_pton(AF_INET, s.c_str(), ip.bytes.data()) == 1) {
    ip.is_v4 = true;
    return ip;
  }
  if (inet_pton(AF_INET6, s.c_str(), ip.bytes.data()) == 1) {
    if (std::memcmp(ip.bytes.data(), kMappedPrefix.data(), kMappedPrefix.size()) == 0) {
      IpAddress v4;
      std::memcpy(v4.bytes.data(), ip.bytes.data() + 12, 4);
      return v4;
    }
    ip.is_v4 = false;
    return ip;
  }
  return std::nullopt;
}

std::string to_string(const IpAddress& ip) {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(ip.is_v4 ? AF_INET : AF_INET6, ip.bytes.data(), buf, sizeof buf);
  return buf;
}

bool IpPrefix::contains(const IpAddress& ip) const {
  if (ip.is_v4 != base.is_v4)
    return false;
  int bits = length;
  for (std::size_t i = 0; bits > 0; ++i, bits -= 8) {
    const std::uint8_t mask = bits >= 8 ? 0xff : static_cast<std::uint8_t>(0xff << (8 - bits));
    if ((ip.bytes[i] & mask) != base.bytes[i])
      return false;
  }
  return true;
}

std::optional<IpPrefix> parse_prefix(std::string_view text) {
  const auto slash = text.find('/');
  auto ip = parse_ip(text.substr(0, slash));
  if (!ip)
    return std::nullopt;
  const int max = ip->is_v4 ? 32 : 128;
  int length = max;
  if (slash != std::string_view::npos) {
    const auto digits = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty() || length < 0 ||
        length > max) {
      return std::nullopt;
    }
  }
  IpPrefix prefix{*ip, length};
  int bits = length;
  for (auto& byte : prefix.base.bytes) {
    const std::uint8_t mask =
        bits >= 8 ? 0xff : (bits <= 0 ? 0 : static_cast<std::uint8_t>(0xff << (8 - bits)));
    byte &= mask;
    bits -= 8;
  }
  return prefix;
}

std::string to_string(const IpPrefix& prefix) {
  return to_string(prefix.base) + "/" + std::to_string(prefix.length);
}

std::optional<Endpoint> split_endpoint(std::string_view text) {
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find("]:");
    if (close == std::string_view::npos)
      return std::nullopt;
    return Endpoint{std::string(text.substr(1, close - 1)), std::string(text.substr(close + 2))};
  }
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || text.find(':') != colon)
    return std::nullopt;
  return Endpoint{std::string(text.substr(0, colon)), std::string(text.substr(colon + 1))};
}

std::string join_endpoint(std::string_view ip, std::string_view port) {
  if (ip.find(':') != std::string_view::npos) {
    return "[" + std::string(ip) + "]:" + std::string(port);
  }
  return std::string(ip) + ":" + std::string(port);
}

}  // namespace ashyq::analysis
