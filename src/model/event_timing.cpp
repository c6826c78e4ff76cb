#include "model/event_timing.hpp"

namespace ashyq::model {
namespace json = boost::json;

void put_timing(json::object& o, const EventTiming& e) {
  o["t0"] = e.t0;
  o["t"] = e.t;
  json::array tags;
  for (const auto& tag : e.tags.values)
    tags.emplace_back(tag);
  o["tags"] = std::move(tags);
  o["transaction_id"] = e.transaction_id;
}

void read_timing(JsonReader& r, EventTiming& e) {
  r.number("t0", e.t0);
  r.number("t", e.t);
  r.integer("transaction_id", e.transaction_id);
  if (const auto* arr = r.array("tags")) {
    for (const auto& tag : *arr) {
      if (tag.is_string())
        e.tags.values.emplace_back(tag.as_string());
    }
  }
}

}  // namespace ashyq::model
