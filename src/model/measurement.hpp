// The df-000 envelope every measurement goes out in: who measured (probe_cc, probe_asn, the
// software), what (test_name, input), when, and the experiment's test_keys, which stay JSON here
// because each experiment has its own (web_connectivity's read view is
// web_connectivity_test_keys.hpp). The probe writes it (experiments/measurement.hpp fills
// ashyq's constants), `ashyq analyze` and the store read it.
#pragma once

#include <boost/json.hpp>
#include <string>

#include "core/result.hpp"

namespace ashyq::model {

struct Measurement {
  boost::json::object annotations;
  std::string data_format_version = "0.2.0";
  boost::json::object extensions;
  std::string input;                   // empty: null (experiments without input)
  std::string measurement_start_time;  // "2026-11-28 13:00:00" (UTC)
  std::string probe_asn = "AS0";
  std::string probe_cc = "ZZ";
  // ashyq never writes the probe's address (experiments/measurement.hpp keeps this default).
  std::string probe_ip = "127.0.0.1";
  std::string probe_network_name;
  std::string report_id;
  std::string resolver_asn = "AS0";
  std::string resolver_ip;
  std::string resolver_network_name;
  std::string software_name;
  std::string software_version;
  boost::json::object test_helpers;
  boost::json::object test_keys;
  std::string test_name;
  double test_runtime = 0;
  std::string test_start_time;
  std::string test_version;
};

boost::json::object to_json(const Measurement& m);
// Tolerant: unknown fields ignored, missing ones defaulted, a wrong type is an error naming the
// field. An object without "test_keys" leaves them empty.
core::Result<Measurement> parse_measurement(const boost::json::value& v);

}  // namespace ashyq::model
