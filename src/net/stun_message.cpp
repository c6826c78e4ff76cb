#include "net/stun_message.hpp"

#include <boost/asio/ip/address.hpp>

namespace ashyq::net {

namespace {

uint16_t read16(std::string_view s, std::size_t at) {
  return static_cast<uint16_t>((static_cast<uint8_t>(s[at]) << 8) |
                               static_cast<uint8_t>(s[at + 1]));
}

uint32_t read32(std::string_view s, std::size_t at) {
  return (uint32_t{read16(s, at)} << 16) | read16(s, at + 2);
}

void put16(std::string& s, uint16_t v) {
  s += static_cast<char>(v >> 8);
  s += static_cast<char>(v & 0xff);
}

void put32(std::string& s, uint32_t v) {
  put16(s, static_cast<uint16_t>(v >> 16));
  put16(s, static_cast<uint16_t>(v & 0xffff));
}

std::string header(uint16_t type, uint16_t length, const StunTransactionId& id) {
  std::string out;
  put16(out, type);
  put16(out, length);
  put32(out, kStunMagicCookie);
  out.append(reinterpret_cast<const char*>(id.data()), id.size());
  return out;
}

// The bytes XORed with an address: the magic cookie, then (IPv6) the transaction id.
std::array<uint8_t, 16> xor_key(const StunTransactionId& id) {
  std::array<uint8_t, 16> key{0x21, 0x12, 0xA4, 0x42};
  std::copy(id.begin(), id.end(), key.begin() + 4);
  return key;
}

// The address in a (XOR-)MAPPED-ADDRESS value: 0, family (1 = IPv4, 2 = IPv6), port, address.
std::optional<std::string> address_value(std::string_view value, bool xored,
                                         const StunTransactionId& id) {
  if (value.size() < 4)
    return std::nullopt;
  const uint8_t family = static_cast<uint8_t>(value[1]);
  const std::size_t size = family == 1 ? 4 : family == 2 ? 16 : 0;
  if (size == 0 || value.size() < 4 + size)
    return std::nullopt;
  const auto key = xor_key(id);
  std::array<uint8_t, 16> bytes{};
  for (std::size_t i = 0; i < size; ++i)
    bytes[i] = static_cast<uint8_t>(value[4 + i]) ^ (xored ? key[i] : 0);
  if (size == 4) {
    return boost::asio::ip::address_v4({bytes[0], bytes[1], bytes[2], bytes[3]}).to_string();
  }
  return boost::asio::ip::address_v6(bytes).to_string();
}

}  // namespace

std::string stun_binding_request(const StunTransactionId& id) {
  return header(kStunBindingRequest, 0, id);
}

std::optional<std::string> stun_mapped_address(std::string_view response,
                                               const StunTransactionId& id) {
  if (response.size() < 20 || read16(response, 0) != kStunBindingSuccess ||
      read32(response, 4) != kStunMagicCookie ||
      response.substr(8, 12) != std::string_view(reinterpret_cast<const char*>(id.data()), 12))
    return std::nullopt;
  const std::size_t length = read16(response, 2);
  if (length % 4 != 0 || 20 + length > response.size())
    return std::nullopt;
  std::optional<std::string> mapped, xor_mapped;
  for (std::size_t at = 20; at + 4 <= 20 + length;) {
    const uint16_t type = read16(response, at);
    const std::size_t size = read16(response, at + 2);
    if (at + 4 + size > 20 + length)
      return std::nullopt;  // an attribute running past the message
    const auto value = response.substr(at + 4, size);
    if (type == kStunXorMappedAddress && !xor_mapped)
      xor_mapped = address_value(value, true, id);
    else if (type == kStunMappedAddress && !mapped)
      mapped = address_value(value, false, id);
    at += 4 + (size + 3) / 4 * 4;  // values are padded to 4 bytes
  }
  return xor_mapped ? xor_mapped : mapped;
}

std::optional<std::string> stun_binding_response(std::string_view request, std::string_view address,
                                                 uint16_t port) {
  if (request.size() < 20 || read16(request, 0) != kStunBindingRequest ||
      read32(request, 4) != kStunMagicCookie)
    return std::nullopt;
  boost::system::error_code ec;
  const auto ip = boost::asio::ip::make_address(std::string(address), ec);
  if (ec)
    return std::nullopt;
  StunTransactionId id;
  std::copy(request.begin() + 8, request.begin() + 20, id.begin());
  const auto key = xor_key(id);
  std::string value;
  value += '\0';
  value += static_cast<char>(ip.is_v4() ? 1 : 2);
  put16(value, static_cast<uint16_t>(port ^ 0x2112));
  if (ip.is_v4()) {
    const auto bytes = ip.to_v4().to_bytes();
    for (std::size_t i = 0; i < 4; ++i)
      value += static_cast<char>(bytes[i] ^ key[i]);
  } else {
    const auto bytes = ip.to_v6().to_bytes();
    for (std::size_t i = 0; i < 16; ++i)
      value += static_cast<char>(bytes[i] ^ key[i]);
  }
  std::string out = header(kStunBindingSuccess, static_cast<uint16_t>(4 + value.size()), id);
  put16(out, kStunXorMappedAddress);
  put16(out, static_cast<uint16_t>(value.size()));
  return out + value;
}

}  // namespace ashyq::net
