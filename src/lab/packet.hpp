// IPv4 packets as the censor sees them through NFQUEUE (starting at the IP header) and as it
// forges them (TCP resets, injected HTTP responses, DNS answers). Parsing is bounds-checked;
// building fills every length and checksum. Addresses are host-order uint32.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ashyq::lab {

namespace tcp_flags {
constexpr uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10;
}

struct Packet {
  uint32_t src = 0, dst = 0;
  uint8_t protocol = 0;  // 6 TCP, 17 UDP, other: only the addresses are meaningful
  uint8_t ttl = 0;
  uint16_t sport = 0, dport = 0;
  uint32_t seq = 0, ack = 0;  // TCP
  uint8_t flags = 0;          // TCP
  uint16_t window = 0;        // TCP
  std::string_view payload;   // transport payload (a view into the parsed bytes)
};

constexpr uint8_t kTcp = 6;
constexpr uint8_t kUdp = 17;

std::optional<Packet> parse_ipv4(std::string_view bytes);

std::string build_tcp(uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport, uint32_t seq,
                      uint32_t ack, uint8_t flags, std::string_view payload = {},
                      uint16_t window = 65535);
std::string build_udp(uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport,
                      std::string_view payload);

std::string ipv4_to_string(uint32_t address);
std::optional<uint32_t> ipv4_from_string(std::string_view text);

}  // namespace ashyq::lab
