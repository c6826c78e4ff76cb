#include "experiments/measurement.hpp"

namespace ashyq::experiments {

namespace json = boost::json;

void describe_probe(EnvelopeInfo& info, const ProbeBasics& probe, std::string_view helper_url) {
  info.probe_cc = probe.probe_cc;
  info.probe_asn = probe.probe_asn;
  info.probe_network_name = probe.probe_network_name;
  if (!helper_url.empty()) {
    info.test_helpers = json::object{
        {"backend", json::object{{"address", helper_url},
                                 {"type", helper_url.starts_with("https") ? "https" : "http"}}}};
  }
}

json::object make_measurement(const EnvelopeInfo& info, const core::MeasurementClock& clock,
                              double test_runtime, json::object test_keys) {
  model::Measurement m = info;
  const std::string start = core::format_utc(clock.wall_start());
  m.annotations = json::object{{"architecture", "amd64"},
                               {"engine_name", "ashyq"},
                               {"engine_version", ASHYQ_VERSION},
                               {"platform", "linux"}};
  m.data_format_version = "0.2.0";
  m.extensions = json::object{{"dnst", 0},       {"httpt", 0},        {"netevents", 0},
                              {"tcpconnect", 0}, {"tlshandshake", 0}, {"tunnel", 0}};
  m.measurement_start_time = start;
  m.probe_ip = "127.0.0.1";
  m.report_id = "";
  m.resolver_asn = "AS0";
  m.resolver_network_name = "";
  m.software_name = "ashyq";
  m.software_version = ASHYQ_VERSION;
  m.test_keys = std::move(test_keys);
  m.test_runtime = test_runtime;
  if (m.test_start_time.empty())
    m.test_start_time = start;
  return model::to_json(m);
}

json::object finish_measurement(EnvelopeInfo info, std::string_view test_name,
                                std::string_view test_version, std::string input,
                                const ProbeBasics& probe, const core::MeasurementClock& clock,
                                json::object test_keys, std::string_view helper_url) {
  info.test_name = std::string(test_name);
  info.test_version = std::string(test_version);
  info.input = std::move(input);
  describe_probe(info, probe, helper_url);
  return make_measurement(info, clock, clock.now(), std::move(test_keys));
}

}  // namespace ashyq::experiments
