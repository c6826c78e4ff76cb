// Text from hostile networks, made safe for each output. Domains, URLs, failure strings, evidence
// lines, fingerprint names and certificate issuers all come (directly or not) from what a
// network sent, so nothing reaches the HTML, CSV or JSONL without passing through here.
#pragma once

#include <string>
#include <string_view>

namespace ashyq::report {

// Every function here makes its output valid UTF-8 with core::to_valid_utf8 (core/utf8.hpp).

// Text for HTML element content or a double- or single-quoted attribute value: valid UTF-8, with
// & < > " ' as character references, and the characters that could hide or reorder what a reader
// sees replaced by U+FFFD: C0 controls other than tab, LF and CR, DEL, and the Unicode
// bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069).
std::string html_escape(std::string_view text);

// One CSV field (RFC 4180): valid UTF-8; a leading = + - @ (and tab or CR, which some
// spreadsheets also treat as a formula start) prefixed with a single quote so that no
// spreadsheet evaluates it; then double-quoted, with quotes doubled, when it holds a comma, a
// quote, CR or LF.
std::string csv_field(std::string_view text);

// A double in the shortest form that reads back exactly ("0.9", "12", "1e-07"); NaN and
// infinities, which JSON cannot hold, as "null".
std::string format_number(double value);

}  // namespace ashyq::report
