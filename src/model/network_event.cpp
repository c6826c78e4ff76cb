#include "model/network_event.hpp"

#include "core/json.hpp"

namespace ashyq::model {
namespace json = boost::json;

json::value to_json(const NetworkEvent& e) {
  json::object o;
  o["address"] = e.address;
  o["failure"] = core::failure_json(e.failure);
  if (e.num_bytes)
    o["num_bytes"] = *e.num_bytes;
  o["operation"] = e.operation;
  o["proto"] = e.proto;
  put_timing(o, e);
  return o;
}

void read_network_event(JsonReader& r, NetworkEvent& e) {
  read_timing(r, e);
  r.string("operation", e.operation);
  r.string("address", e.address);
  r.string("proto", e.proto);
  r.optional_integer("num_bytes", e.num_bytes);
  r.failure("failure", e.failure);
}

core::Result<NetworkEvent> network_event_from_json(const json::value& v, std::string path) {
  return read_record<NetworkEvent>(v, std::move(path), read_network_event);
}

}  // namespace ashyq::model
