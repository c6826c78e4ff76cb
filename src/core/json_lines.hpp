// Where each value of a JSON text begins: a map from the value's path, written as core::Error
// paths are ("orders[2].targets[0].kind"; a top-level key without a leading dot), to its line.
// Readers check JSON as a boost::json::value, which keeps no positions; this map turns the path of
// their Error into "file:line" for the person who must fix the file.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace ashyq::core {

class JsonLines {
 public:
  // Precondition: `text` is valid JSON (it was parsed already); for other text the map holds what
  // could be read.
  explicit JsonLines(std::string_view text);
  JsonLines() = default;

  // The line (1-based) of `path`, or of the nearest enclosing value the text has (a missing field
  // gives its object's line); 0 when nothing matches.
  int line_of(std::string_view path) const;

  // For readers of other formats (TOML) that build the same map.
  void set(std::string path, int line) { lines_.emplace(std::move(path), line); }

 private:
  std::map<std::string, int, std::less<>> lines_;
};

}  // namespace ashyq::core
