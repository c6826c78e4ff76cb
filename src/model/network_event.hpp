// df-008 network_events: the low-level I/O of a flow (connect, read, write, TLS handshake start
// and done, …), each with the bytes moved. The throttling analysis reads download speed from them.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "core/failure.hpp"
#include "core/result.hpp"
#include "model/event_timing.hpp"

namespace ashyq::model {

struct NetworkEvent : EventTiming {
  std::string operation;  // connect, read, write, tls_handshake_start, …
  std::string address;
  std::string proto = "tcp";
  std::optional<std::int64_t> num_bytes;
  core::MaybeFailure failure;
};

boost::json::value to_json(const NetworkEvent& e);
core::Result<NetworkEvent> network_event_from_json(const boost::json::value& v,
                                                   std::string path = {});
void read_network_event(JsonReader& r, NetworkEvent& e);

}  // namespace ashyq::model
