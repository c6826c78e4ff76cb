// STUN (RFC 5389) as the probe uses it: a Binding request, and the address a Binding success
// response says the request came from (XOR-MAPPED-ADDRESS, or the older MAPPED-ADDRESS). That
// is the probe's public address as the internet sees it, behind any NAT. Pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ashyq::net {

using StunTransactionId = std::array<uint8_t, 12>;

inline constexpr uint16_t kStunBindingRequest = 0x0001;
inline constexpr uint16_t kStunBindingSuccess = 0x0101;
inline constexpr uint32_t kStunMagicCookie = 0x2112A442;
inline constexpr uint16_t kStunMappedAddress = 0x0001;
inline constexpr uint16_t kStunXorMappedAddress = 0x0020;

// A Binding request with no attributes (20 bytes).
std::string stun_binding_request(const StunTransactionId& id);

// The mapped address ("192.0.2.7" or "2001:db8::7") of a Binding success response to `id`;
// nullopt for anything else (another transaction, another message type, a malformed message,
// a response with no mapped address).
std::optional<std::string> stun_mapped_address(std::string_view response,
                                               const StunTransactionId& id);

// A Binding success response to `request` saying it came from `address` (a STUN server: the
// lab's, and the tests'); nullopt when `request` is not a Binding request or `address` is not
// an IP literal.
std::optional<std::string> stun_binding_response(std::string_view request, std::string_view address,
                                                 uint16_t port);

}  // namespace ashyq::net
