// Lists of archival records as JSON arrays: to_json_array writes any record vector, and
// read_records parses one, naming each element's path in errors.
#pragma once

#include <boost/json.hpp>
#include <vector>

#include "model/json_reader.hpp"

namespace ashyq::model {

template <typename T>
boost::json::array to_json_array(const std::vector<T>& items) {
  boost::json::array out;
  out.reserve(items.size());
  for (const auto& item : items)
    out.push_back(to_json(item));
  return out;
}

// Appends every object of the array member `key` to `out`, read with `read(JsonReader&, T&)`.
template <typename T, typename ReadFn>
void read_records(JsonReader& r, std::string_view key, std::vector<T>& out, ReadFn&& read) {
  r.each_object(key, [&](JsonReader& e) {
    T item;
    read(e, item);
    out.push_back(std::move(item));
  });
}

}  // namespace ashyq::model
