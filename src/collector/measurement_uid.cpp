#include "collector/measurement_uid.hpp"

#include <openssl/sha.h>

namespace ashyq::collector {

std::string body_digest16(std::string_view body) {
  unsigned char digest[SHA512_DIGEST_LENGTH];
  SHA512(reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 8; ++i) {  // 8 bytes = 16 hex digits
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

std::string make_measurement_uid(SysSeconds measurement_start, std::string_view probe_cc,
                                 std::string_view test_name, std::string_view body) {
  return format_uid_time(measurement_start) + "_" + std::string(probe_cc) + "_" +
         std::string(test_name) + "_" + body_digest16(body);
}

}  // namespace ashyq::collector
