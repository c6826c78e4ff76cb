#include "model/event_tags.hpp"

#include <charconv>

namespace ashyq::model {

bool EventTags::has(std::string_view tag) const {
  for (const auto& v : values) {
    if (v == tag)
      return true;
  }
  return false;
}

int EventTags::depth() const {
  constexpr std::string_view kPrefix = "depth=";
  for (const auto& v : values) {
    if (v.rfind(kPrefix, 0) == 0) {
      int d = 0;
      std::from_chars(v.data() + kPrefix.size(), v.data() + v.size(), d);
      return d;
    }
  }
  return 0;
}

bool EventTags::fetch_body() const {
  return !has("fetch_body=false");
}

}  // namespace ashyq::model
