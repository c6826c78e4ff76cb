// OONI's test-helper protocol (the "control"), both sides: the request a probe POSTs and the
// response a helper returns, in exactly OONI's JSON shapes (docs/ooni-formats.md). The response
// type is the analysis module's ControlResponse, so what a helper sends is what the analysis
// reads. Parsing is tolerant and never throws.
#pragma once

#include <boost/json.hpp>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "analysis/web_connectivity_input.hpp"

namespace ashyq::experiments {

struct ThRequest {
  std::string http_request;  // the URL
  std::map<std::string, std::vector<std::string>> http_request_headers;
  std::vector<std::string> tcp_connect;  // "IP:port"
  bool x_quic_enabled = false;
};

boost::json::object to_json(const ThRequest& request);
// The error names the field.
std::variant<ThRequest, std::string> parse_th_request(const boost::json::value& v);

// Serialises like OONI's helper: `tls_handshake` and `ip_info` are omitted when empty,
// `quic_handshake` is {} and `http3_request` null (QUIC is not measured).
boost::json::object to_json(const analysis::ControlResponse& response);

}  // namespace ashyq::experiments
