#include "tlog/hash.hpp"

#include <openssl/sha.h>

#include <cstring>

#include "core/base64.hpp"

namespace ashyq::tlog {

Hash sha256(std::string_view bytes) {
  Hash h;
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), h.data());
  return h;
}

std::string hash_bytes(const Hash& h) {
  return std::string(reinterpret_cast<const char*>(h.data()), h.size());
}

std::optional<Hash> hash_from_bytes(std::string_view bytes) {
  if (bytes.size() != Hash{}.size())
    return std::nullopt;
  Hash h;
  std::memcpy(h.data(), bytes.data(), h.size());
  return h;
}

std::string hash_hex(const Hash& h) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * h.size());
  for (auto b : h) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

std::optional<Hash> hash_from_hex(std::string_view hex) {
  if (hex.size() != 2 * Hash{}.size())
    return std::nullopt;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9')
      return c - '0';
    if (c >= 'a' && c <= 'f')
      return c - 'a' + 10;
    return -1;  // upper case is not the canonical form
  };
  Hash h;
  for (std::size_t i = 0; i < h.size(); ++i) {
    int hi = digit(hex[2 * i]);
    int lo = digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0)
      return std::nullopt;
    h[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return h;
}

std::string hash_base64(const Hash& h) {
  return core::base64_encode(hash_bytes(h));
}

std::optional<Hash> hash_from_base64(std::string_view text) {
  auto bytes = core::base64_decode(text);
  if (!bytes)
    return std::nullopt;
  return hash_from_bytes(*bytes);
}

}  // namespace ashyq::tlog
