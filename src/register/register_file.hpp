// Reads a register file an editor wrote: JSON, TOML or CSV (by its extension), all in the shape
// of register_json.hpp (CSV: one row per entry, register_csv.hpp). Everything is checked before
// anything is returned, and an error names the file, the line and the field ("orders.toml:14:
// orders[1].date_issued: '2021-02-30' is not a date YYYY-MM-DD"), so an import applies all of a
// file or nothing.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "register/records.hpp"
#include "register/register_json.hpp"

namespace ashyq::legal {

// The largest register file read (a national register with its sources is a few MiB).
inline constexpr std::size_t kMaxRegisterFileBytes = 64 * 1024 * 1024;

enum class RegisterFormat { json, toml, csv };

// `name` is what errors call the text (a file name).
// `references`: see register_json.hpp (an import may name entries already stored).
core::Result<Register> parse_register(std::string_view text, RegisterFormat format,
                                      const std::string& name,
                                      References references = References::must_resolve);

// By extension: .json, .toml or .csv; anything else is refused with the formats it could be.
core::Result<Register> read_register_file(const std::filesystem::path& path,
                                          References references = References::must_resolve);

}  // namespace ashyq::legal
