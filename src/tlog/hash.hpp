// The one hash type of the transparency log: a SHA-256 digest (RFC 6962/9162 tree hashes, the
// digests of raw measurements in leaf records), and its text forms.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ashyq::tlog {

using Hash = std::array<std::uint8_t, 32>;

// SHA-256 of `bytes`.
Hash sha256(std::string_view bytes);

// The digest as bytes in a std::string (32 characters), and back (nullopt unless 32 bytes).
std::string hash_bytes(const Hash& h);
std::optional<Hash> hash_from_bytes(std::string_view bytes);

// Lower-case hex (64 characters) and standard base64 with padding (44 characters), and back.
std::string hash_hex(const Hash& h);
std::optional<Hash> hash_from_hex(std::string_view hex);
std::string hash_base64(const Hash& h);
std::optional<Hash> hash_from_base64(std::string_view text);

}  // namespace ashyq::tlog
