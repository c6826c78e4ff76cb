// What a raw measurement in a bundle says, computed from its bytes alone: its uid (deterministic
// in the body), its digest, and the verdict ashyq's analysis gives it — the same analysis the
// collector ran when it accepted it (collector/observatory_row.hpp). Export and verify both call
// this, so a bundle's stated verdicts are checked by recomputing them.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "analysis/verdict.hpp"
#include "collector/observatory_row.hpp"
#include "core/result.hpp"
#include "tlog/hash.hpp"

namespace ashyq::evidence {

struct StatedVerdict {
  bool anomaly = false;
  bool confirmed = false;
  bool failure = false;
  std::string blocking;  // OONI's classic web_connectivity value ("" for other tests)
  std::string method;    // ashyq's verdict method
  double confidence = 0;

  bool operator==(const StatedVerdict&) const = default;
};

StatedVerdict stated_verdict(const collector::ObservatoryRow& row);
boost::json::object verdict_json(const StatedVerdict& v);
core::Result<StatedVerdict> parse_verdict_json(const boost::json::value& v);

struct RawMeasurement {
  std::string measurement_uid;
  tlog::Hash sha256{};
  collector::ObservatoryRow row;
};

// Validates `body` as the collector validated the submission (collector/submission.hpp) and
// analyses it with `options`.
core::Result<RawMeasurement> read_raw_measurement(const std::string& body,
                                                  const analysis::VerdictOptions& options);

}  // namespace ashyq::evidence
