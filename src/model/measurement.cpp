#include "model/measurement.hpp"

#include "model/json_reader.hpp"

namespace ashyq::model {
namespace json = boost::json;

json::object to_json(const Measurement& m) {
  json::object o;
  o["annotations"] = m.annotations;
  o["data_format_version"] = m.data_format_version;
  o["extensions"] = m.extensions;
  o["input"] = m.input.empty() ? json::value(nullptr) : json::value(m.input);
  o["measurement_start_time"] = m.measurement_start_time;
  o["probe_asn"] = m.probe_asn;
  o["probe_cc"] = m.probe_cc;
  o["probe_ip"] = m.probe_ip;
  o["probe_network_name"] = m.probe_network_name;
  o["report_id"] = m.report_id;
  o["resolver_asn"] = m.resolver_asn;
  o["resolver_ip"] = m.resolver_ip;
  o["resolver_network_name"] = m.resolver_network_name;
  o["software_name"] = m.software_name;
  o["software_version"] = m.software_version;
  o["test_helpers"] = m.test_helpers;
  o["test_keys"] = m.test_keys;
  o["test_name"] = m.test_name;
  o["test_runtime"] = m.test_runtime;
  o["test_start_time"] = m.test_start_time;
  o["test_version"] = m.test_version;
  return o;
}

namespace {

void read_object(JsonReader& r, std::string_view key, json::object& out) {
  if (const auto* o = r.object(key))
    out = *o;
}

void read_measurement(JsonReader& r, Measurement& m) {
  read_object(r, "annotations", m.annotations);
  r.string("data_format_version", m.data_format_version);
  read_object(r, "extensions", m.extensions);
  r.string("input", m.input);
  r.string("measurement_start_time", m.measurement_start_time);
  r.string("probe_asn", m.probe_asn);
  r.string("probe_cc", m.probe_cc);
  r.string("probe_ip", m.probe_ip);
  r.string("probe_network_name", m.probe_network_name);
  r.string("report_id", m.report_id);
  r.string("resolver_asn", m.resolver_asn);
  r.string("resolver_ip", m.resolver_ip);
  r.string("resolver_network_name", m.resolver_network_name);
  r.string("software_name", m.software_name);
  r.string("software_version", m.software_version);
  read_object(r, "test_helpers", m.test_helpers);
  read_object(r, "test_keys", m.test_keys);
  r.string("test_name", m.test_name);
  r.number("test_runtime", m.test_runtime);
  r.string("test_start_time", m.test_start_time);
  r.string("test_version", m.test_version);
}

}  // namespace

core::Result<Measurement> parse_measurement(const json::value& v) {
  if (!v.is_object()) {
    return core::Error{
        "", std::string("a measurement must be a JSON object, got ") + json_kind_name(v.kind())};
  }
  return read_record<Measurement>(v, "", read_measurement);
}

}  // namespace ashyq::model
