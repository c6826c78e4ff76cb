// Reading a measurement's JSON by a dotted path ("test_keys.x_ashyq_verdict.method" =
// root["test_keys"]["x_ashyq_verdict"]["method"]), the one copy: what is absent, null or of
// another type reads as nothing, never as an exception, because measurements from other probes and
// older versions lack keys as a matter of course. Paths name object keys only (no array indexes),
// and a key holding a '.' cannot be named (OONI's keys hold none).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

namespace ashyq::core {

// The value at `path` below `root`; nullptr when a step is missing or not an object.
const boost::json::value* value_at(const boost::json::object& root, std::string_view path);

// The object or array at `path`; nullptr when absent or of another type.
const boost::json::object* object_at(const boost::json::object& root, std::string_view path);
const boost::json::array* array_at(const boost::json::object& root, std::string_view path);

// The string at `path`; "" when absent, null or not a string.
std::string string_at(const boost::json::object& root, std::string_view path);

}  // namespace ashyq::core
