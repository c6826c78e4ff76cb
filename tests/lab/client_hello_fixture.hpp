// A minimal hand-made TLS ClientHello for the censor's tests: one cipher suite, the server_name
// extension only (tests that need a real one ask OpenSSL for it).
#pragma once

#include <string>

namespace ashyq::lab::testing {

inline std::string tiny_client_hello(const std::string& name) {
  auto u16 = [](std::size_t v) { return std::string{char(v >> 8), char(v & 0xff)}; };
  std::string sni_ext = u16(name.size() + 3) + std::string(1, '\0') + u16(name.size()) + name;
  std::string ext = u16(0) + u16(sni_ext.size()) + sni_ext;
  std::string body = std::string("\x03\x03", 2) + std::string(32, 'r') + std::string(1, '\0') +
                     u16(2) + std::string("\x13\x01", 2) + std::string("\x01\x00", 2) +
                     u16(ext.size()) + ext;
  std::string hs = std::string(1, '\x01') + std::string(1, '\0') + u16(body.size()) + body;
  return std::string("\x16\x03\x01", 3) + u16(hs.size()) + hs;
}

}  // namespace ashyq::lab::testing
