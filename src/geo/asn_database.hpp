// Where an address belongs: its autonomous system (number and organisation) and country, from
// a MaxMind-format database (GeoLite2/DB-IP ASN or country .mmdb, read with libmaxminddb) or a
// plain prefix table (what the lab uses):
//
//   # CIDR        ASN     organisation (optional, rest of the line)
//   10.77.1.0/24  64500   Lab Telecom
//
// The longest matching prefix wins. Lookups are read-only and thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ashyq::geo {

struct AsnInfo {
  uint32_t asn = 0;  // 0 = unknown
  std::string organisation;
  std::string country;  // ISO alpha-2, "" when the database has none
};

class AsnDatabase {
 public:
  virtual ~AsnDatabase() = default;
  virtual std::optional<AsnInfo> lookup(std::string_view ip) const = 0;
};

// Opens `path`: a directory of address-range CSV files (geo/ip_location_db.hpp), a .mmdb file,
// or otherwise a prefix table. The error names the file and line.
core::Result<std::shared_ptr<AsnDatabase>> open_asn_database(const std::string& path);

// A prefix table from text (the format above); `origin` names the source in errors.
core::Result<std::shared_ptr<AsnDatabase>> parse_prefix_table(std::string_view text,
                                                              std::string_view origin);

// Knows nothing: every lookup is unknown.
std::shared_ptr<AsnDatabase> empty_asn_database();

}  // namespace ashyq::geo
