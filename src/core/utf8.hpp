// UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates (U+D800–U+DFFF), nothing above
// U+10FFFF. Everything ashyq writes as JSON must be valid UTF-8 (RFC 8259 §8.1), whatever bytes
// the network or an input file held, so every writer goes through these functions (and
// core::to_json_text in core/json.hpp).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ashyq::core {

// The length of the well-formed UTF-8 sequence at the start of `s` (1 to 4), storing its code
// point in *code_point; 0 when `s` is empty or does not start with one.
std::size_t utf8_sequence(std::string_view s, char32_t* code_point);

bool is_valid_utf8(std::string_view bytes);

// `bytes` with every byte that is not part of a well-formed sequence replaced by U+FFFD (one
// replacement per byte, so the output's length says how much was lost); valid input is returned
// unchanged.
std::string to_valid_utf8(std::string_view bytes);

}  // namespace ashyq::core
