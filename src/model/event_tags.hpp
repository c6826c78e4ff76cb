// The tags OONI attaches to archival records: "classic", "depth=N", "fetch_body=true|false",
// "tcptls_experiment", … A trace stamps its tags onto every record it collects; the analysis
// reads the depth of a redirect chain and whether a body was fetched from them.
#pragma once

#include <boost/json/fwd.hpp>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace ashyq::model {

struct EventTags {
  std::vector<std::string> values;

  EventTags() = default;
  EventTags(std::initializer_list<std::string> tags) : values(tags) {}
  explicit EventTags(std::vector<std::string> tags) : values(std::move(tags)) {}

  bool has(std::string_view tag) const;
  int depth() const;        // "depth=N"; 0 when absent (v0.4 has no tags)
  bool fetch_body() const;  // false only when "fetch_body=false" is present

  friend bool operator==(const EventTags&, const EventTags&) = default;
};

// The tags of an archival record in JSON (its "tags" array; none when absent or malformed).
EventTags tags_of(const boost::json::value& record);

}  // namespace ashyq::model
