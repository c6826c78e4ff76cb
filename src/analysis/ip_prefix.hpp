// IP addresses and CIDR prefixes as plain values, for classifying the addresses found in a
// measurement (bogons, loopback, overlap between probe and control answers).
//
// An IpAddress is always stored as 16 bytes; IPv4 addresses are kept apart by `is_v4` and an
// IPv4-mapped IPv6 address (::ffff:a.b.c.d) is read as the IPv4 address it carries. Parsing never
// throws: a string that is not an address gives std::nullopt.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ashyq::analysis {

struct IpAddress {
  bool is_v4 = true;
  // IPv4 uses bytes[0..3]; IPv6 uses all 16.
  std::array<std::uint8_t, 16> bytes{};

  friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

// Accepts "1.2.3.4", "2001:db8::1", "[2001:db8::1]" and a zone suffix ("fe80::1%eth0").
std::optional<IpAddress> parse_ip(std::string_view text);

// Canonical text form ("1.2.3.4", "2001:db8::1").
std::string to_string(const IpAddress& ip);

struct IpPrefix {
  IpAddress base;  // host bits are cleared on construction
  int length = 0;  // 0..32 for IPv4, 0..128 for IPv6

  bool contains(const IpAddress& ip) const;
  friend bool operator==(const IpPrefix&, const IpPrefix&) = default;
};

// "10.0.0.0/8", "fc00::/7"; a bare address is a host prefix (/32 or /128).
std::optional<IpPrefix> parse_prefix(std::string_view text);
std::string to_string(const IpPrefix& prefix);

// Splits "IP:port" / "[IPv6]:port" into its parts; nullopt when it is not an endpoint.
struct Endpoint {
  std::string ip;  // no brackets
  std::string port;
};
std::optional<Endpoint> split_endpoint(std::string_view text);
// The inverse: "1.2.3.4:80", "[::1]:443".
std::string join_endpoint(std::string_view ip, std::string_view port);

}  // namespace ashyq::analysis
