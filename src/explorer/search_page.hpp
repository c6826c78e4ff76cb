// /search?q=… : a measurement ID goes to its measurement, "AS9198" or "9198" to the networks of
// that number, anything else to the measured domains containing it.
#pragma once

#include <string>
#include <vector>

#include "collector/observatory_store.hpp"
#include "core/result.hpp"
#include "explorer/page.hpp"

namespace ashyq::explorer {

struct SearchHit {
  std::string href;  // without lang=
  QueryParams params;
  std::string text;
  std::string kind;  // "domain", "network", "measurement"
};

inline constexpr std::size_t kSearchResults = 50;

core::Result<std::vector<SearchHit>> search(collector::ObservatoryStore& store,
                                            std::string_view query);
std::string render_search(const PageRequest& request, std::string_view query,
                          const std::vector<SearchHit>& hits, std::string_view error);

}  // namespace ashyq::explorer
