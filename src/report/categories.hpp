// Citizen Lab category codes (data/test-lists/00-LEGEND-new_category_codes.csv) and the names a
// reader sees next to them.
#pragma once

#include <string_view>

namespace ashyq::report {

// "News Media" for "NEWS"; "Uncategorised" for ""; "" for a code that is not in the legend (the
// report then shows the code alone).
std::string_view category_name(std::string_view code);

}  // namespace ashyq::report
