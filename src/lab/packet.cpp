// IPv4/TCP/UDP header parsing and forging (RFC 791, 793, 768).
#include "lab/packet.hpp"

#include <arpa/inet.h>

namespace ashyq::lab {

namespace {

uint16_t rd16(std::string_view b, std::size_t at) {
  return static_cast<uint16_t>((static_cast<uint8_t>(b[at]) << 8) |
                               static_cast<uint8_t>(b[at + 1]));
}
uint32_t rd32(std::string_view b, std::size_t at) {
  return (static_cast<uint32_t>(rd16(b, at)) << 16) | rd16(b, at + 2);
}
void wr16(std::string& b, std::size_t at, uint16_t v) {
  b[at] = static_cast<char>(v >> 8);
  b[at + 1] = static_cast<char>(v & 0xff);
}
void wr32(std::string& b, std::size_t at, uint32_t v) {
  wr16(b, at, static_cast<uint16_t>(v >> 16));
  wr16(b, at + 2, static_cast<uint16_t>(v & 0xffff));
}

uint32_t sum_words(std::string_view b, uint32_t sum = 0) {
  for (std::size_t i = 0; i + 1 < b.size(); i += 2)
    sum += rd16(b, i);
  if (b.size() % 2)
    sum += static_cast<uint8_t>(b.back()) << 8;
  return sum;
}
uint16_t fold(uint32_t sum) {
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum);
}

std::string ip_header(uint32_t src, uint32_t dst, uint8_t protocol, std::size_t l4_len) {
  std::string h(20, '\0');
  h[0] = 0x45;
  wr16(h, 2, static_cast<uint16_t>(20 + l4_len));
  wr16(h, 6, 0x4000);  // don't fragment
  h[8] = 64;
  h[9] = static_cast<char>(protocol);
  wr32(h, 12, src);
  wr32(h, 16, dst);
  wr16(h, 10, fold(sum_words(h)));
  return h;
}

uint32_t pseudo_sum(uint32_t src, uint32_t dst, uint8_t protocol, std::size_t len) {
  return (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + protocol +
         static_cast<uint32_t>(len);
}

}  // namespace

std::optional<Packet> parse_ipv4(std::string_view b) {
  if (b.size() < 20 || (static_cast<uint8_t>(b[0]) >> 4) != 4)
    return std::nullopt;
  std::size_t ihl = (static_cast<uint8_t>(b[0]) & 0x0f) * 4u;
  std::size_t total = rd16(b, 2);
  if (ihl < 20 || total < ihl || total > b.size())
    return std::nullopt;
  Packet p;
  p.ttl = static_cast<uint8_t>(b[8]);
  p.protocol = static_cast<uint8_t>(b[9]);
  p.src = rd32(b, 12);
  p.dst = rd32(b, 16);
  bool first_fragment = (rd16(b, 6) & 0x1fff) == 0;
  std::string_view l4 = b.substr(ihl, total - ihl);
  if (!first_fragment)
    return p;
  if (p.protocol == kTcp) {
    if (l4.size() < 20)
      return std::nullopt;
    std::size_t off = (static_cast<uint8_t>(l4[12]) >> 4) * 4u;
    if (off < 20 || off > l4.size())
      return std::nullopt;
    p.sport = rd16(l4, 0);
    p.dport = rd16(l4, 2);
    p.seq = rd32(l4, 4);
    p.ack = rd32(l4, 8);
    p.flags = static_cast<uint8_t>(l4[13]);
    p.window = rd16(l4, 14);
    p.payload = l4.substr(off);
  } else if (p.protocol == kUdp) {
    if (l4.size() < 8)
      return std::nullopt;
    p.sport = rd16(l4, 0);
    p.dport = rd16(l4, 2);
    std::size_t len = rd16(l4, 4);
    if (len < 8 || len > l4.size())
      return std::nullopt;
    p.payload = l4.substr(8, len - 8);
  }
  return p;
}

std::string build_tcp(uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport, uint32_t seq,
                      uint32_t ack, uint8_t flags, std::string_view payload, uint16_t window) {
  std::string t(20, '\0');
  wr16(t, 0, sport);
  wr16(t, 2, dport);
  wr32(t, 4, seq);
  wr32(t, 8, ack);
  t[12] = 0x50;
  t[13] = static_cast<char>(flags);
  wr16(t, 14, window);
  t.append(payload);
  wr16(t, 16, fold(sum_words(t, pseudo_sum(src, dst, kTcp, t.size()))));
  return ip_header(src, dst, kTcp, t.size()) + t;
}

std::string build_udp(uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport,
                      std::string_view payload) {
  std::string u(8, '\0');
  wr16(u, 0, sport);
  wr16(u, 2, dport);
  wr16(u, 4, static_cast<uint16_t>(8 + payload.size()));
  u.append(payload);
  uint16_t sum = fold(sum_words(u, pseudo_sum(src, dst, kUdp, u.size())));
  wr16(u, 6, sum == 0 ? 0xffff : sum);
  return ip_header(src, dst, kUdp, u.size()) + u;
}

std::string ipv4_to_string(uint32_t address) {
  in_addr a{htonl(address)};
  char buf[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &a, buf, sizeof buf);
  return buf;
}

std::optional<uint32_t> ipv4_from_string(std::string_view text) {
  std::string s(text);
  in_addr a{};
  if (inet_pton(AF_INET, s.c_str(), &a) != 1)
    return std::nullopt;
  return ntohl(a.s_addr);
}

}  // namespace ashyq::lab
