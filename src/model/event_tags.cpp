#include "model/event_tags.hpp"

#include <boost/json.hpp>
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

EventTags tags_of(const boost::json::value& record) {
  EventTags out;
  const auto* o = record.if_object();
  const auto* tags = o ? o->if_contains("tags") : nullptr;
  if (!tags || !tags->is_array())
    return out;
  for (const auto& t : tags->as_array()) {
    if (t.is_string())
      out.values.emplace_back(t.as_string());
  }
  return out;
}

}  // namespace ashyq::model
