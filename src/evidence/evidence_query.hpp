// What an evidence bundle is about: one domain, measured from one country, optionally from some
// networks and within a time range. One definition of "a measurement of the query", used both to
// pick a bundle's measurements from the log and to check that a bundle left none out.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "tlog/leaf_record.hpp"

namespace ashyq::evidence {

struct EvidenceQuery {
  std::string domain;                   // the measured URL's host, lower case ("azattyq.org")
  std::string probe_cc;                 // "KZ"
  std::vector<std::string> probe_asns;  // empty: every network
  std::optional<std::string> since;     // measurement_start_time >= since ("YYYY-MM-DD hh:mm:ss")
  std::optional<std::string> until;     // measurement_start_time < until

  bool operator==(const EvidenceQuery&) const = default;
};

// Checks the fields' forms (the CLI's flags); since/until may be given as a date "YYYY-MM-DD".
core::Result<EvidenceQuery> make_query(std::string domain, std::string probe_cc,
                                       std::vector<std::string> probe_asns,
                                       std::optional<std::string> since,
                                       std::optional<std::string> until);

// Whether the measurement a leaf commits to is one of the query's.
bool matches(const EvidenceQuery& query, const tlog::MeasurementLeaf& leaf);

boost::json::object query_json(const EvidenceQuery& query);
core::Result<EvidenceQuery> parse_query_json(const boost::json::value& value);

}  // namespace ashyq::evidence
