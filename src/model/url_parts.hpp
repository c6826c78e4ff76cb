// The parts of a measured URL that the analysis compares against DNS answers and endpoints.
// Parsed with Boost.URL: only absolute http:// and https:// URLs with a host are accepted; an
// internationalised host is given as its A-label (model/idna.hpp), as the measurement names it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ashyq::model {

struct UrlParts {
  std::string scheme;  // lower case
  std::string host;    // lower case, no brackets
  std::string port;    // explicit port or the scheme's default ("80", "443")
  bool host_is_ip = false;
};

std::optional<UrlParts> split_url(std::string_view url);

}  // namespace ashyq::model
