// Re-analysis of one stored web_connectivity measurement (ashyq's or OONI's): the verdict that
// was recorded in it, next to the one ashyq computes now — OONI's classic keys with the
// algorithm matching the measurement's test_version (v0.4 for 0.4.x and for ashyq's, LTE for
// 0.5.x) and ashyq's method. Pure: the caller reads the files.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

#include "analysis/classic_keys.hpp"
#include "core/result.hpp"
#include "analysis/verdict.hpp"

namespace ashyq::analysis {

struct Reanalysis {
  std::string input;
  std::string test_version;
  std::string recorded_blocking;            // as written: "false", "dns", …, "null"
  std::optional<bool> recorded_accessible;  // nullopt: null or absent
  ClassicKeys classic;                      // ours, with OONI's algorithm
  Verdict verdict;                          // ours, ashyq's method
  bool agrees = false;                      // same blocking and accessible as recorded

  // {"input", "recorded_blocking", "recorded_accessible", "blocking", "accessible", "method",
  //  "confidence", "agrees", "explanation"}
  boost::json::object to_json() const;
  // Why ours differs from the record (empty when they agree): the evidence behind our answer.
  std::vector<std::string> explanation() const;
};

// Nullopt when the measurement is not a web_connectivity one (the caller counts and skips it).
std::optional<core::Result<Reanalysis>> reanalyze(const boost::json::value& measurement,
                                                 const VerdictOptions& options);

}  // namespace ashyq::analysis
