// The probe's location database: a directory of sorted address-range CSV files in the layout of
// the openly licensed ip-location-db databases (installed from the npm registry by
// scripts/setup-ip-location-db.sh, credited in its SOURCE.md):
//
//   asn-ipv4.csv, asn-ipv6.csv          FIRST,LAST,ASN,ORGANISATION
//   country-ipv4.csv, country-ipv6.csv  FIRST,LAST,COUNTRY (ISO 3166-1 alpha-2)
//
// Any of the four may be missing (a lookup then knows less); at least one must be there. The lab
// writes the same layout for its own address plan.
#pragma once

#include <memory>
#include <string>

#include "core/result.hpp"
#include "geo/asn_database.hpp"

namespace ashyq::geo {

// An error names the directory and the files it looked for.
core::Result<std::shared_ptr<AsnDatabase>> open_ip_location_db(const std::string& directory);

// Where the shipped database lives: data_dir()/ip-location-db.
std::string default_ip_location_db();

}  // namespace ashyq::geo
