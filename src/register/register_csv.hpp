// The register as CSV, for editors who keep it in a spreadsheet: one row per entry, one column per
// field, in the shape of register_json.hpp (docs/register.md, "CSV").
//
//   entry,id,kind,name,country,publication,targets.0.kind,targets.0.value,sources.0.url,…
//   authority,court-1,court,Fictional District Court,KZ,published,,,https://…
//   order,order-1,,,,published,domain,example.kz,https://…
//
// - The first column, `entry`, says what a row is: authority, order, outlet, person or case.
// - Every other column is a field's path: `name`, `legal_basis.text`, `targets.0.value` (a list's
//   items are numbered from 0; a number may not be skipped), `domains.1`. Columns in any order;
//   an empty cell is a field left out. `true`/`false` for national and pseudonym.
// - A cell that begins with `'` loses that apostrophe. The export writes one before a value that
//   begins with = + - @ ' or a tab or carriage return, so a spreadsheet never runs it as a formula.
// - RFC 4180 quoting; UTF-8, a leading byte-order mark ignored.
// The rows become the register's JSON, which register_json.hpp then reads strictly, so a CSV
// file is checked exactly as JSON and TOML are; an error names the row's line.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "core/json_lines.hpp"
#include "core/result.hpp"
#include "register/records.hpp"
#include "register/register_json.hpp"

namespace ashyq::legal {

// The register JSON of a CSV text, with the line of every field in `lines`; an error names
// `name`, the line and the column.
core::Result<boost::json::value> register_json_from_csv(std::string_view text,
                                                        const std::string& name,
                                                        core::JsonLines& lines);

// The register as CSV: the entries the audience may see, every field a column, in the order
// authorities, orders, outlets, people, cases.
std::string register_to_csv(const Register& reg, Audience audience);

}  // namespace ashyq::legal
