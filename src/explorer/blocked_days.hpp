// The first and last day a query's measurements were seen blocked (anomalous or confirmed), over
// all time: the country page's most blocked domains and the domain page ask the same question.
#pragma once

#include <string>

#include "collector/observatory_store.hpp"
#include "core/result.hpp"

namespace ashyq::explorer {

struct BlockedDays {
  std::string first, last;  // "YYYY-MM-DD"; "" when never seen blocked
};

// `query`'s since/until are ignored: the answer is all time.
core::Result<BlockedDays> blocked_days(collector::ObservatoryStore& store,
                                       collector::MeasurementQuery query);

}  // namespace ashyq::explorer
