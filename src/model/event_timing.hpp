// The fields every archival record carries: when the step began and ended (seconds since the
// measurement started), the flow's transaction id and its tags; and their JSON, shared by the
// record writers and readers of this module.
#pragma once

#include <boost/json.hpp>
#include <cstdint>

#include "model/event_tags.hpp"
#include "model/json_reader.hpp"

namespace ashyq::model {

struct EventTiming {
  double t0 = 0;  // when the step began
  double t = 0;   // when it ended
  std::int64_t transaction_id = 0;
  EventTags tags;
};

// Writes t0, t, tags and transaction_id into `o`.
void put_timing(boost::json::object& o, const EventTiming& e);
// Reads them (absent: defaults; non-string tags are skipped, as older probes wrote none).
void read_timing(JsonReader& r, EventTiming& e);

}  // namespace ashyq::model
