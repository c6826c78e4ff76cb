#include "analysis/bogon_list.hpp"

#include <initializer_list>
#include <string>

#include "core/ascii.hpp"

namespace ashyq::analysis {
namespace {

constexpr std::string_view kIpv4Bogons[] = {
    "0.0.0.0/8",       "10.0.0.0/8",     "100.64.0.0/10", "127.0.0.0/8",    "169.254.0.0/16",
    "172.16.0.0/12",   "192.0.0.0/24",   "192.0.2.0/24",  "192.168.0.0/16", "198.18.0.0/15",
    "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4",   "240.0.0.0/4",    "255.255.255.255/32",
};

constexpr std::string_view kIpv6Bogons[] = {
    "::/96",           // unspecified, loopback and the deprecated IPv4-compatible ::a.b.c.d
    "64:ff9b:1::/48",  // local-use IPv4/IPv6 translation (RFC 8215)
    "100::/64",        // discard-only
    "2001:2::/48",     // benchmarking
    "2001:10::/28",    // ORCHID
    "2001:db8::/32",   // documentation
    "fc00::/7",        // unique local
    "fe80::/10",       // link-local
    "fec0::/10",       // site-local (deprecated)
    "ff00::/8",        // multicast
    "3fff::/20",       // documentation (RFC 9637)
    "5f00::/16",       // SRv6 SIDs (RFC 9602)
};

// 2002:AABB:CCDD::/(16+n) for 6to4, 2001:0:AABB:CCDD::/(32+n) for Teredo and
// 64:ff9b::AABB:CCDD/(96+n) for NAT64's well-known prefix, where AABB:CCDD encodes an IPv4 bogon
// range of length n. (IPv4-mapped ::ffff:a.b.c.d needs no entry: parse_ip reads it as IPv4.)
IpPrefix embed_v4(const IpPrefix& v4, std::initializer_list<std::uint8_t> head, int offset) {
  IpPrefix p;
  p.base.is_v4 = false;
  int i = 0;
  for (auto b : head)
    p.base.bytes[i++] = b;
  for (i = 0; i < 4; ++i)
    p.base.bytes[offset + i] = v4.base.bytes[i];
  p.length = offset * 8 + v4.length;
  return p;
}

BogonList make_defaults() {
  BogonList list;
  for (auto text : kIpv4Bogons) {
    const auto p = *parse_prefix(text);
    list.add_bogon(p);
    list.add_bogon(embed_v4(p, {0x20, 0x02}, 2));               // 6to4
    list.add_bogon(embed_v4(p, {0x20, 0x01}, 4));               // Teredo (server field)
    list.add_bogon(embed_v4(p, {0x00, 0x64, 0xff, 0x9b}, 12));  // NAT64 (RFC 6052)
  }
  for (auto text : kIpv6Bogons)
    list.add_bogon(*parse_prefix(text));
  return list;
}

}  // namespace

const BogonList& BogonList::defaults() {
  static const BogonList kDefaults = make_defaults();
  return kDefaults;
}

core::Result<BogonList> BogonList::parse(std::string_view text, const BogonList& base) {
  BogonList list = base;
  std::size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const auto nl = text.find('\n');
    auto line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (auto hash = line.find('#'); hash != std::string_view::npos)
      line = line.substr(0, hash);
    line = core::ascii_trim(line);
    if (line.empty())
      continue;
    if (line == "clear") {
      list = BogonList{};
      continue;
    }
    const bool is_public = line.front() == '-';
    if (is_public || line.front() == '+')
      line = core::ascii_trim(line.substr(1));
    auto prefix = parse_prefix(line);
    if (!prefix) {
      return core::Error{"line " + std::to_string(line_no),
                         "'" + std::string(line) + "' is not an IP prefix such as 10.0.0.0/8"};
    }
    if (is_public) {
      list.add_public(*prefix);
    } else {
      list.add_bogon(*prefix);
    }
  }
  return list;
}

bool BogonList::is_bogon(const IpAddress& ip) const {
  for (const auto& p : publics_) {
    if (p.contains(ip))
      return false;
  }
  for (const auto& p : bogons_) {
    if (p.contains(ip))
      return true;
  }
  return false;
}

bool BogonList::is_bogon(std::string_view ip) const {
  auto parsed = parse_ip(ip);
  return parsed && is_bogon(*parsed);
}

bool is_loopback(std::string_view ip) {
  static const IpPrefix v4 = *parse_prefix("127.0.0.0/8");
  static const IpPrefix v6 = *parse_prefix("::1/128");
  auto parsed = parse_ip(ip);
  return parsed && (v4.contains(*parsed) || v6.contains(*parsed));
}

}  // namespace ashyq::analysis
