// A CSV file of address ranges sorted by their first address, one range per line, in the layout
// of the ip-location-db databases:
//
//   1.0.0.0,1.0.0.255,13335,"Cloudflare, Inc."     (asn-ipv4.csv: FIRST,LAST,ASN,ORGANISATION)
//   2001:2::,2001:2::ffff:ffff:ffff:ffff:ffff,JP   (country-ipv6.csv: FIRST,LAST,COUNTRY)
//
// The file is memory-mapped and searched in place (a binary search over its lines), so opening
// it costs nothing however large it is (tens of MB), a lookup reads a few pages, and nothing is
// copied onto the heap. Ranges may overlap (the published databases have a few thousand
// overlaps): the last range starting at or before an address that holds it wins, looking back
// at most 16 lines. Lines that cannot be parsed are never matched. Lookups are read-only and
// thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ashyq::geo {

// An address as 16 bytes, IPv4 mapped into ::ffff:0:0/96, so both families order alike.
using AddressBytes = std::array<uint8_t, 16>;
std::optional<AddressBytes> address_bytes(std::string_view text);

class IpRangeFile {
 public:
  // An error names the file (missing, unreadable, empty).
  static core::Result<IpRangeFile> open(const std::string& path);
  // The same search over text held elsewhere (tests); `text` must outlive the object.
  static IpRangeFile over(std::string_view text);

  // The fields after FIRST,LAST of the range holding `address`, unquoted; empty when no range
  // holds it.
  std::vector<std::string> find(const AddressBytes& address) const;

  const std::string& path() const { return path_; }

 private:
  struct Mapping;
  std::shared_ptr<const Mapping> mapping_;  // shared: copies of the object share one mapping
  std::string_view text_;
  std::string path_;
};

// The fields of one CSV line (RFC 4180 quoting, no line breaks inside quotes).
std::vector<std::string> split_csv_line(std::string_view line);

}  // namespace ashyq::geo
