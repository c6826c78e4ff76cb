// The location database's range files: searched in place for a few addresses.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "geo/ip_range_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto file = ashyq::geo::IpRangeFile::over(text);
  for (const char* address : {"0.0.0.0", "1.0.0.1", "95.56.1.1", "255.255.255.255", "::",
                              "2a03:32c0::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"})
    file.find(*ashyq::geo::address_bytes(address));
  (void)ashyq::geo::split_csv_line(text);
  return 0;
}
