// The test helper's response (the "control"), in OONI's JSON shape: what the helper saw for the
// same URL from an uncensored network. The helper writes it, the probe stores it in its test keys
// and the analysis compares against it.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/failure.hpp"
#include "core/result.hpp"
#include "model/json_reader.hpp"

namespace ashyq::model {

struct ControlTcpConnect {
  bool status = false;
  core::MaybeFailure failure;

  friend bool operator==(const ControlTcpConnect&, const ControlTcpConnect&) = default;
};

struct ControlTlsHandshake {
  std::string server_name;
  bool status = false;
  core::MaybeFailure failure;

  friend bool operator==(const ControlTlsHandshake&, const ControlTlsHandshake&) = default;
};

struct ControlHttpRequest {
  std::int64_t body_length = -1;
  core::MaybeFailure failure;
  std::string title;
  std::map<std::string, std::string> headers;
  std::int64_t status_code = -1;

  friend bool operator==(const ControlHttpRequest&, const ControlHttpRequest&) = default;
};

struct ControlDns {
  core::MaybeFailure failure;
  std::vector<std::string> addrs;

  friend bool operator==(const ControlDns&, const ControlDns&) = default;
};

struct ControlIpInfo {
  std::uint32_t asn = 0;
  std::int64_t flags = 0;  // 1 probe, 2 th, 4 bogon, 8 valid for domain

  friend bool operator==(const ControlIpInfo&, const ControlIpInfo&) = default;
};

struct ControlResponse {
  std::map<std::string, ControlTcpConnect> tcp_connect;      // "IP:port" →
  std::map<std::string, ControlTlsHandshake> tls_handshake;  // "IP:port" → (may be empty)
  ControlHttpRequest http_request;
  ControlDns dns;
  std::map<std::string, ControlIpInfo> ip_info;  // IP → (may be empty)

  friend bool operator==(const ControlResponse&, const ControlResponse&) = default;
};

// Serialises like OONI's helper: `tls_handshake` and `ip_info` are omitted when empty,
// `quic_handshake` is {} and `http3_request` null (QUIC is not measured).
boost::json::object to_json(const ControlResponse& response);
// Errors are named from "control" ("control.dns.addrs: …").
core::Result<ControlResponse> parse_control_response(const boost::json::value& control);
void read_control_response(JsonReader& r, ControlResponse& c);

}  // namespace ashyq::model
