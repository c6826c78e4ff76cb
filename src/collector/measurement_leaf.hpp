// The transparency-log leaf of an accepted measurement (tlog/leaf_record.hpp): what the collector
// commits to when it answers 200. The digest covers the submission body byte for byte as the
// store keeps it and /api/v1/raw_measurement… and evidence bundles give it back.
#pragma once

#include <string>

#include "collector/observatory_row.hpp"
#include "collector/ooni_time.hpp"
#include "core/result.hpp"
#include "tlog/leaf_record.hpp"

namespace ashyq::collector {

tlog::MeasurementLeaf measurement_leaf(const ObservatoryRow& row, const std::string& body,
                                       SysSeconds accepted);

// Its canonical bytes; an Error naming content.input when the record would be too long for a
// leaf (the submission is refused then).
core::Result<std::string> measurement_leaf_record(const ObservatoryRow& row,
                                                  const std::string& body, SysSeconds accepted);

}  // namespace ashyq::collector
