#include "collector/measurement_leaf.hpp"

namespace ashyq::collector {

tlog::MeasurementLeaf measurement_leaf(const ObservatoryRow& row, const std::string& body,
                                       SysSeconds accepted) {
  return tlog::MeasurementLeaf{row.measurement_uid,
                               tlog::sha256(body),
                               format_api_time(format_ooni_time(accepted)),
                               row.probe_cc,
                               row.probe_asn,
                               row.test_name,
                               row.input,
                               row.measurement_start_time};
}

core::Result<std::string> measurement_leaf_record(const ObservatoryRow& row,
                                                  const std::string& body, SysSeconds accepted) {
  auto record = tlog::encode_leaf(measurement_leaf(row, body, accepted));
  if (!record)
    return core::Error{"content.input",
                       "too long for the transparency log (" + record.error().why + ")"};
  return record;
}

}  // namespace ashyq::collector
