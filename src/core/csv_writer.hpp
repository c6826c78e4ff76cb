// Writing CSV (RFC 4180), the counterpart of csv_reader.hpp: a field quoted only when it must be
// (it holds a comma, a double quote or a line break), its quotes doubled.
#pragma once

#include <string>
#include <string_view>

namespace ashyq::core {

std::string csv_quote(std::string_view field);

}  // namespace ashyq::core
