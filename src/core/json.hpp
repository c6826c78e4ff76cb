// JSON helpers shared by every module: OONI's "maybe binary" strings (a UTF-8 string, or
// {"format": "base64", "data": …}), failures as string-or-null, and compact serialisation that
// always yields valid UTF-8.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/failure.hpp"
#include "core/utf8.hpp"

namespace ashyq::core {

namespace json = boost::json;

// OONI's MaybeBinaryValue: the bytes as a string when they are valid UTF-8, else base64.
json::value maybe_binary(std::string_view bytes);

json::value failure_json(const MaybeFailure& failure);

// Replaces, in place, every string and object key that is not valid UTF-8 by core::to_valid_utf8
// of it (U+FFFD for each bad byte). Binary that must survive belongs in maybe_binary instead.
void make_valid_utf8(json::value& value);

// THE way ashyq turns JSON into text (measurements, results, exports, the helper's answers,
// `ashyq analyze`): compact, like json::serialize, and always valid UTF-8 — Boost.JSON writes a
// string's bytes as they are, so bytes the network sent (a hostname, an error message, evidence
// quoting a header) would otherwise make the whole line unreadable to a strict JSON reader.
std::string to_json_text(const json::value& value);
std::string to_json_text(const json::object& object);
std::string to_json_text(const json::array& array);

inline json::value optional_string(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}

}  // namespace ashyq::core
