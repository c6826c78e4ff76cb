// JSON helpers shared by every module: OONI's "maybe binary" strings (a UTF-8 string, or
// {"format": "base64", "data": …}), failures as string-or-null, and compact serialisation.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/failure.hpp"

namespace ashyq::core {

namespace json = boost::json;

bool is_valid_utf8(std::string_view bytes);

// OONI's MaybeBinaryValue: the bytes as a string when they are valid UTF-8, else base64.
json::value maybe_binary(std::string_view bytes);

json::value failure_json(const MaybeFailure& failure);

inline json::value optional_string(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}

}  // namespace ashyq::core
