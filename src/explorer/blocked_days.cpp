#include "explorer/blocked_days.hpp"

namespace ashyq::explorer {

core::Result<BlockedDays> blocked_days(collector::ObservatoryStore& store,
                                       collector::MeasurementQuery query) {
  query.since.reset();
  query.until.reset();
  auto days = store.aggregation(query, collector::Axis::measurement_start_day, std::nullopt);
  if (!days)
    return days.error();
  BlockedDays out;
  for (const auto& c : *days) {  // in day order
    if (c.anomaly_count + c.confirmed_count == 0 || !c.x)
      continue;
    if (out.first.empty())
      out.first = *c.x;
    out.last = *c.x;
  }
  return out;
}

}  // namespace ashyq::explorer
