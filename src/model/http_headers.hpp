// HTTP headers in OONI's df-001 form: "headers_list" keeps every [name, value] in order and
// "headers" maps each name to its first value. Values are MaybeBinaryValue (a string, or base64
// when not valid UTF-8).
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/json_reader.hpp"

namespace ashyq::model {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Writes "headers" and "headers_list" into `o`.
void put_headers(boost::json::object& o, const HeaderList& headers);
// Reads "headers_list" when present, else the "headers" map (whose values may also be arrays, as
// MeasurementKit wrote them: the first element is kept).
void read_headers(JsonReader& r, HeaderList& out);
// The first value of a header, by case-insensitive name.
std::optional<std::string> find_header(const HeaderList& headers, std::string_view name);

}  // namespace ashyq::model
