// ClientHello parsing (RFC 8446 §4.1.2, RFC 6066 §3), tolerant of handshakes fragmented over
// several TLS records and of a stream cut anywhere.
#include "lab/tls_client_hello.hpp"

#include <algorithm>
#include <cstdint>

#include "core/ascii.hpp"

namespace ashyq::lab {

namespace {

constexpr uint8_t kHandshakeRecord = 0x16;
constexpr uint8_t kClientHello = 0x01;
constexpr std::size_t kMaxHandshake = 1 << 16;

// A forward-only reader; every read reports whether the bytes were there.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool u8(uint32_t& out) { return read(1, out); }
  bool u16(uint32_t& out) { return read(2, out); }
  bool u24(uint32_t& out) { return read(3, out); }
  bool skip(std::size_t n) {
    if (data_.size() - pos_ < n)
      return false;
    pos_ += n;
    return true;
  }
  bool bytes(std::size_t n, std::string_view& out) {
    if (data_.size() - pos_ < n)
      return false;
    out = data_.substr(pos_, n);
    pos_ += n;
    return true;
  }

 private:
  bool read(std::size_t n, uint32_t& out) {
    if (data_.size() - pos_ < n)
      return false;
    out = 0;
    for (std::size_t i = 0; i < n; ++i)
      out = (out << 8) | static_cast<uint8_t>(data_[pos_ + i]);
    pos_ += n;
    return true;
  }
  std::string_view data_;
  std::size_t pos_ = 0;
};

std::string_view strip_dot(std::string_view s) {
  if (!s.empty() && s.back() == '.')
    s.remove_suffix(1);
  return s;
}

// Parses a complete ClientHello body (after the 4-byte handshake header).
ClientHelloInfo parse_hello_body(std::string_view body) {
  ClientHelloInfo info;
  Reader r(body);
  uint32_t len = 0;
  std::string_view ignored;
  if (!r.skip(2 + 32))
    return info;  // legacy_version, random
  if (!r.u8(len) || !r.skip(len))
    return info;  // session id
  if (!r.u16(len) || !r.skip(len))
    return info;  // cipher suites
  if (!r.u8(len) || !r.skip(len))
    return info;  // compression methods
  info.status = ParseStatus::kDone;
  uint32_t ext_total = 0;
  if (!r.u16(ext_total))
    return info;  // no extensions at all: a valid hello without SNI
  std::string_view extensions;
  if (!r.bytes(ext_total, extensions)) {
    info.status = ParseStatus::kNotMatched;
    return info;
  }
  Reader e(extensions);
  uint32_t type = 0, ext_len = 0;
  while (e.u16(type) && e.u16(ext_len)) {
    std::string_view ext;
    if (!e.bytes(ext_len, ext))
      break;
    if (type != 0)
      continue;  // server_name
    Reader s(ext);
    uint32_t list_len = 0, name_type = 0, name_len = 0;
    std::string_view list;
    if (!s.u16(list_len) || !s.bytes(list_len, list))
      break;
    Reader l(list);
    while (l.u8(name_type) && l.u16(name_len)) {
      std::string_view name;
      if (!l.bytes(name_len, name))
        break;
      if (name_type == 0) {
        info.sni = core::ascii_lower(strip_dot(name));
        return info;
      }
    }
    break;
  }
  (void)ignored;
  return info;
}

}  // namespace

ClientHelloInfo parse_client_hello(std::string_view stream) {
  ClientHelloInfo info;
  // Gather the handshake bytes from consecutive handshake records.
  std::string handshake;
  std::size_t pos = 0;
  bool truncated = false;
  while (true) {
    if (stream.size() - pos < 5) {
      truncated = true;
      break;
    }
    auto type = static_cast<uint8_t>(stream[pos]);
    auto major = static_cast<uint8_t>(stream[pos + 1]);
    if (type != kHandshakeRecord || major != 3) {
      if (pos == 0)
        return info;  // not TLS
      break;
    }
    std::size_t rec_len =
        (static_cast<uint8_t>(stream[pos + 3]) << 8) | static_cast<uint8_t>(stream[pos + 4]);
    if (rec_len == 0 || rec_len > (1 << 14) + 2048)
      return info;
    std::size_t available = std::min(rec_len, stream.size() - pos - 5);
    handshake.append(stream.substr(pos + 5, available));
    if (available < rec_len) {
      truncated = true;
      break;
    }
    pos += 5 + rec_len;
    if (handshake.size() >= 4) {
      std::size_t need =
          4 + ((static_cast<uint8_t>(handshake[1]) << 16) |
               (static_cast<uint8_t>(handshake[2]) << 8) | static_cast<uint8_t>(handshake[3]));
      if (handshake.size() >= need)
        break;
    }
    if (pos == stream.size()) {
      truncated = true;
      break;
    }
  }
  if (handshake.empty()) {
    info.status = truncated ? ParseStatus::kNeedMore : ParseStatus::kNotMatched;
    return info;
  }
  if (static_cast<uint8_t>(handshake[0]) != kClientHello)
    return info;
  if (handshake.size() < 4) {
    info.status = ParseStatus::kNeedMore;
    return info;
  }
  std::size_t body_len = (static_cast<uint8_t>(handshake[1]) << 16) |
                         (static_cast<uint8_t>(handshake[2]) << 8) |
                         static_cast<uint8_t>(handshake[3]);
  if (body_len > kMaxHandshake)
    return info;
  if (handshake.size() < 4 + body_len) {
    info.status = truncated ? ParseStatus::kNeedMore : ParseStatus::kNotMatched;
    return info;
  }
  return parse_hello_body(std::string_view(handshake).substr(4, body_len));
}

bool name_matches(std::string_view name, std::string_view pattern) {
  std::string n = core::ascii_lower(strip_dot(name));
  std::string p = core::ascii_lower(strip_dot(pattern));
  if (p.empty() || n.size() < p.size())
    return false;
  if (n == p)
    return true;
  return n.size() > p.size() && n.compare(n.size() - p.size(), p.size(), p) == 0 &&
         n[n.size() - p.size() - 1] == '.';
}

}  // namespace ashyq::lab
