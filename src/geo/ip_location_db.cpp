#include "geo/ip_location_db.hpp"

#include <charconv>
#include <filesystem>
#include <optional>

#include "core/data_dir.hpp"
#include "core/utf8.hpp"
#include "geo/ip_range_file.hpp"

namespace ashyq::geo {

namespace {

// ASN,ORGANISATION of the range holding `address`, into `info`.
bool read_asn(const std::optional<IpRangeFile>& file, const AddressBytes& address, AsnInfo& info) {
  if (!file)
    return false;
  const auto fields = file->find(address);
  if (fields.empty())
    return false;
  const auto& number = fields.front();
  uint32_t asn = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), asn);
  if (ec != std::errc{} || end != number.data() + number.size())
    return false;
  info.asn = asn;
  // The name is written into measurements: valid UTF-8 whatever the file holds.
  info.organisation = fields.size() > 1 ? core::to_valid_utf8(fields[1]) : "";
  return true;
}

// COUNTRY of the range holding `address` (two letters, or it is ignored), into `info`.
bool read_country(const std::optional<IpRangeFile>& file, const AddressBytes& address,
                  AsnInfo& info) {
  if (!file)
    return false;
  const auto fields = file->find(address);
  if (fields.empty() || fields.front().size() != 2)
    return false;
  info.country = fields.front();
  return true;
}

class IpLocationDb final : public AsnDatabase {
 public:
  struct Files {
    std::optional<IpRangeFile> asn_v4, asn_v6, country_v4, country_v6;
  };
  explicit IpLocationDb(Files files) : files_(std::move(files)) {}

  std::optional<AsnInfo> lookup(std::string_view ip) const override {
    auto bytes = address_bytes(ip);
    if (!bytes)
      return std::nullopt;
    const bool v4 = ip.find(':') == std::string_view::npos;
    AsnInfo info;
    const bool known_asn = read_asn(v4 ? files_.asn_v4 : files_.asn_v6, *bytes, info);
    const bool known_country =
        read_country(v4 ? files_.country_v4 : files_.country_v6, *bytes, info);
    if (!known_asn && !known_country)
      return std::nullopt;
    return info;
  }

 private:
  Files files_;
};

}  // namespace

core::Result<std::shared_ptr<AsnDatabase>> open_ip_location_db(const std::string& directory) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(directory, ec))
    return core::Error{directory, "not a directory"};
  IpLocationDb::Files files;
  bool any = false;
  for (auto [name, slot] :
       {std::pair{"asn-ipv4.csv", &files.asn_v4}, std::pair{"asn-ipv6.csv", &files.asn_v6},
        std::pair{"country-ipv4.csv", &files.country_v4},
        std::pair{"country-ipv6.csv", &files.country_v6}}) {
    const auto path = (fs::path(directory) / name).string();
    if (!fs::exists(path, ec))
      continue;
    auto opened = IpRangeFile::open(path);
    if (!opened)
      return opened.error();
    *slot = std::move(opened).value();
    any = true;
  }
  if (!any) {
    return core::Error{directory,
                       "no location database here (asn-ipv4.csv, asn-ipv6.csv, country-ipv4.csv, "
                       "country-ipv6.csv)"};
  }
  return std::shared_ptr<AsnDatabase>(std::make_shared<IpLocationDb>(std::move(files)));
}

std::string default_ip_location_db() {
  return core::data_path("ip-location-db");
}

}  // namespace ashyq::geo
