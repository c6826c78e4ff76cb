// The request a probe POSTs to a test helper (the "control"), in OONI's JSON shape: the URL, the
// headers to send, the endpoints to connect to. The probe writes it, the helper reads it.
#pragma once

#include <boost/json.hpp>
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace ashyq::model {

struct ThRequest {
  std::string http_request;  // the URL
  std::map<std::string, std::vector<std::string>> http_request_headers;
  std::vector<std::string> tcp_connect;  // "IP:port"
  bool x_quic_enabled = false;

  friend bool operator==(const ThRequest&, const ThRequest&) = default;
};

boost::json::object to_json(const ThRequest& request);
// Tolerant like the record parsers; the URL is required.
core::Result<ThRequest> parse_th_request(const boost::json::value& v);

}  // namespace ashyq::model
