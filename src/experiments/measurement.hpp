// Building the df-000 envelope (model/measurement.hpp) every measurement goes out in.
// Experiments produce test_keys; this wraps them with the fields OONI's pipeline expects and
// ashyq's own (software, annotations). The probe's own address is never written: probe_ip is
// always "127.0.0.1", as in anything OONI publishes.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "experiments/probe_basics.hpp"
#include "model/measurement.hpp"

namespace ashyq::experiments {

// What an experiment knows of its envelope before it measures (test name and version, input,
// probe, resolver, helpers); make_measurement completes it. The same type as the envelope, so
// no field is described twice.
using EnvelopeInfo = model::Measurement;

// Fills what every experiment's envelope says about the probe (country, network) and, when
// `helper_url` is not empty, test_helpers naming the helper used (OONI's "backend" entry).
void describe_probe(EnvelopeInfo& info, const ProbeBasics& probe, std::string_view helper_url = {});

boost::json::object make_measurement(const EnvelopeInfo& info, const core::MeasurementClock& clock,
                                     double test_runtime, boost::json::object test_keys);

// The end of every experiment's measure_*: names the run (`test_name`, `test_version`, `input`,
// empty for none), describes the probe (describe_probe) and wraps `test_keys` in the envelope,
// with the time since `clock` started as test_runtime.
boost::json::object finish_measurement(EnvelopeInfo info, std::string_view test_name,
                                       std::string_view test_version, std::string input,
                                       const ProbeBasics& probe,
                                       const core::MeasurementClock& clock,
                                       boost::json::object test_keys,
                                       std::string_view helper_url = {});

}  // namespace ashyq::experiments
