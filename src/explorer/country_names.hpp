// Country names for the codes measurements carry (probe_cc, ISO 3166-1 alpha-2), in English for
// translation. Only the countries the observatory is most likely to hold are named; any other
// code is shown as the code itself.
#pragma once

#include <string_view>

namespace ashyq::explorer {

// The English name of `cc` ("KZ" → "Kazakhstan"), or "" when this table has none.
std::string_view country_name(std::string_view cc);

}  // namespace ashyq::explorer
