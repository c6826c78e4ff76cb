#include "geo/asn_database.hpp"

#include <maxminddb.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/ascii.hpp"
#include "core/utf8.hpp"
#include "geo/ip_location_db.hpp"
#include "geo/ip_range_file.hpp"

namespace ashyq::geo {

namespace {

// Addresses as 16 bytes (geo::address_bytes: IPv4 mapped into ::ffff:0:0/96), so one table
// serves both families.
using Bytes = AddressBytes;

bool prefix_contains(const Bytes& net, int bits, const Bytes& ip) {
  for (int i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    uint8_t mask = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
    if ((net[i] & mask) != (ip[i] & mask))
      return false;
  }
  return true;
}

class PrefixTable final : public AsnDatabase {
 public:
  struct Row {
    Bytes net;
    int bits;
    AsnInfo info;
  };
  explicit PrefixTable(std::vector<Row> rows) : rows_(std::move(rows)) {
    std::sort(rows_.begin(), rows_.end(),
              [](const Row& a, const Row& b) { return a.bits > b.bits; });
  }
  std::optional<AsnInfo> lookup(std::string_view ip) const override {
    auto bytes = address_bytes(ip);
    if (!bytes)
      return std::nullopt;
    for (const auto& row : rows_) {  // longest prefix first
      if (prefix_contains(row.net, row.bits, *bytes))
        return row.info;
    }
    return std::nullopt;
  }

 private:
  std::vector<Row> rows_;
};

class MaxmindDatabase final : public AsnDatabase {
 public:
  explicit MaxmindDatabase(MMDB_s db) : db_(db) {}
  ~MaxmindDatabase() override { MMDB_close(&db_); }
  // The one owner of the mapping: a copy would close it twice.
  MaxmindDatabase(const MaxmindDatabase&) = delete;
  MaxmindDatabase& operator=(const MaxmindDatabase&) = delete;
  std::optional<AsnInfo> lookup(std::string_view ip) const override {
    int gai_error = 0, mmdb_error = 0;
    std::string text(ip);
    auto result = MMDB_lookup_string(&db_, text.c_str(), &gai_error, &mmdb_error);
    if (gai_error != 0 || mmdb_error != MMDB_SUCCESS || !result.found_entry)
      return std::nullopt;
    AsnInfo info;
    MMDB_entry_data_s data;
    if (MMDB_get_value(&result.entry, &data, "autonomous_system_number", nullptr) == MMDB_SUCCESS &&
        data.has_data && data.type == MMDB_DATA_TYPE_UINT32) {
      info.asn = data.uint32;
    }
    if (MMDB_get_value(&result.entry, &data, "autonomous_system_organization", nullptr) ==
            MMDB_SUCCESS &&
        data.has_data && data.type == MMDB_DATA_TYPE_UTF8_STRING) {
      info.organisation = core::to_valid_utf8({data.utf8_string, data.data_size});
    }
    // GeoLite2/DB-IP name the country under country.iso_code; ip-location-db's country
    // databases under a top-level country_code.
    if ((MMDB_get_value(&result.entry, &data, "country", "iso_code", nullptr) == MMDB_SUCCESS ||
         MMDB_get_value(&result.entry, &data, "country_code", nullptr) == MMDB_SUCCESS) &&
        data.has_data && data.type == MMDB_DATA_TYPE_UTF8_STRING) {
      info.country.assign(data.utf8_string, data.data_size);
    }
    return info;
  }

 private:
  mutable MMDB_s db_;
};

class EmptyDatabase final : public AsnDatabase {
 public:
  std::optional<AsnInfo> lookup(std::string_view) const override { return std::nullopt; }
};

}  // namespace

core::Result<std::shared_ptr<AsnDatabase>> parse_prefix_table(std::string_view text,
                                                              std::string_view origin) {
  std::vector<PrefixTable::Row> rows;
  std::istringstream in{std::string(text)};
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    auto where = std::string(origin) + ":" + std::to_string(number);
    if (auto hash = line.find('#'); hash != std::string::npos)
      line.resize(hash);
    std::istringstream fields(line);
    std::string cidr, asn_text;
    if (!(fields >> cidr))
      continue;  // blank or comment
    if (!(fields >> asn_text))
      return core::Error{where, "expected 'CIDR ASN [organisation]'"};
    auto slash = cidr.find('/');
    if (slash == std::string::npos)
      return core::Error{where, "'" + cidr + "' is not a CIDR prefix"};
    auto net = address_bytes(cidr.substr(0, slash));
    int bits = -1;
    auto bits_text = cidr.substr(slash + 1);
    auto [p, ec] = std::from_chars(bits_text.data(), bits_text.data() + bits_text.size(), bits);
    bool v4 = cidr.find(':') == std::string::npos;
    if (!net || ec != std::errc{} || bits < 0 || bits > (v4 ? 32 : 128)) {
      return core::Error{where, "'" + cidr + "' is not a CIDR prefix"};
    }
    if (asn_text.starts_with("AS"))
      asn_text = asn_text.substr(2);
    uint32_t asn = 0;
    auto [q, ec2] = std::from_chars(asn_text.data(), asn_text.data() + asn_text.size(), asn);
    if (ec2 != std::errc{} || q != asn_text.data() + asn_text.size()) {
      return core::Error{where, "'" + asn_text + "' is not an AS number"};
    }
    std::string org;
    std::getline(fields >> std::ws, org);
    org = core::to_valid_utf8(core::ascii_trim(org));
    rows.push_back({*net, v4 ? bits + 96 : bits, AsnInfo{asn, org, ""}});
  }
  return std::shared_ptr<AsnDatabase>(std::make_shared<PrefixTable>(std::move(rows)));
}

core::Result<std::shared_ptr<AsnDatabase>> open_asn_database(const std::string& path) {
  if (std::error_code ec; std::filesystem::is_directory(path, ec))
    return open_ip_location_db(path);
  if (path.ends_with(".mmdb")) {
    MMDB_s db;
    int status = MMDB_open(path.c_str(), MMDB_MODE_MMAP, &db);
    if (status != MMDB_SUCCESS)
      return core::Error{path, MMDB_strerror(status)};
    return std::shared_ptr<AsnDatabase>(std::make_shared<MaxmindDatabase>(db));
  }
  std::ifstream in(path);
  if (!in)
    return core::Error{path, "cannot read the file"};
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_prefix_table(ss.str(), path);
}

std::shared_ptr<AsnDatabase> empty_asn_database() {
  return std::make_shared<EmptyDatabase>();
}

}  // namespace ashyq::geo
