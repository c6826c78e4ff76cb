// A small RFC 4180 CSV reader: comma-separated fields, double-quoted fields that may hold commas,
// CR/LF line breaks and doubled quotes (""), LF or CRLF record ends. Enough for OONI's fingerprint
// files; not a general-purpose dialect detector.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ashyq::core {

using CsvRecord = std::vector<std::string>;

// A record and the line of the text it starts on (1-based; a quoted field may span lines).
struct CsvRow {
  std::size_t line = 0;
  CsvRecord fields;
};

// Every record, header included. A record made of one empty field (a blank line) is skipped. The
// error names the line where an unterminated quote or stray quote starts.
Result<std::vector<CsvRow>> parse_csv_rows(std::string_view text);

// The same records without their lines.
Result<std::vector<CsvRecord>> parse_csv(std::string_view text);

}  // namespace ashyq::core
