// df-005 tcp_connect: one TCP connect to one endpoint. OONI writes the outcome as
// "status": {"success", "failure", "blocked"}; success is always `failure == null`, so only the
// failure is kept and success() derives from it.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "core/failure.hpp"
#include "core/result.hpp"
#include "model/event_timing.hpp"

namespace ashyq::model {

struct TcpConnect : EventTiming {
  std::string ip;
  std::uint16_t port = 0;
  core::MaybeFailure failure;
  std::optional<bool> blocked;  // web_connectivity v0.4 only

  bool success() const { return !failure.has_value(); }
  std::string endpoint() const;  // "IP:port" / "[IPv6]:port"
};

boost::json::value to_json(const TcpConnect& c);
core::Result<TcpConnect> tcp_connect_from_json(const boost::json::value& v, std::string path = {});
void read_tcp_connect(JsonReader& r, TcpConnect& c);

}  // namespace ashyq::model
