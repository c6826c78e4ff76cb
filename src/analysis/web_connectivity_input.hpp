// WebConnectivityInput: the typed subset of a web_connectivity measurement that the analysis
// reads — the probe's DNS queries, TCP connects, TLS handshakes and HTTP transactions, the test
// helper's control response (docs/ooni-formats.md), some envelope fields — plus the tolerant parser
// that builds it from a whole OONI measurement (v0.4.x, LTE 0.5.x, or ashyq's, which share names).
//
// Tolerance: unknown fields are ignored, missing optional fields take the defaults below, and a
// present field of the wrong JSON type is an error naming the field. Failures are kept as
// core::Failure (unlisted strings are preserved verbatim). Bodies are decoded to raw bytes
// whether they were stored as a string or as {"format": "base64", "data": …}.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "core/failure.hpp"

namespace ashyq::analysis {

using core::MaybeFailure;

// The tags OONI attaches to events: "classic", "depth=N", "fetch_body=true|false", …
struct EventTags {
  std::vector<std::string> values;

  bool has(std::string_view tag) const;
  int depth() const;        // "depth=N"; 0 when absent (v0.4 has no tags)
  bool fetch_body() const;  // false only when "fetch_body=false" is present
};

struct DnsAnswer {
  std::string answer_type;  // "A", "AAAA", "CNAME", …
  std::string ipv4;
  std::string ipv6;
  std::string hostname;   // CNAME target
  std::uint32_t asn = 0;  // 0 = unknown

  // ipv4 or ipv6, whichever is set; empty for CNAME answers.
  const std::string& ip() const { return ipv4.empty() ? ipv6 : ipv4; }
};

struct DnsQuery {
  std::string engine;  // getaddrinfo, golang_net_resolver, system, udp, doh, …
  std::string hostname;
  std::string query_type;
  std::string resolver_address;
  std::vector<DnsAnswer> answers;
  MaybeFailure failure;
  EventTags tags;
  std::int64_t transaction_id = 0;

  // getaddrinfo / golang_net_resolver / system (or no engine recorded), or any lookup tagged
  // "classic": the probe's system resolver.
  bool is_system_resolver() const;
  // Every A/AAAA address in answer order, without duplicates.
  std::vector<std::string> addresses() const;
};

struct TcpConnect {
  std::string ip;
  std::int64_t port = 0;
  bool success = false;
  MaybeFailure failure;
  EventTags tags;
  std::int64_t transaction_id = 0;

  std::string endpoint() const;  // "IP:port" / "[IPv6]:port"
};

struct TlsHandshake {
  std::string address;  // "IP:port"
  std::string server_name;
  MaybeFailure failure;
  bool no_tls_verify = false;
  std::vector<std::string> peer_certificates;  // DER bytes, leaf first
  EventTags tags;
  std::int64_t transaction_id = 0;
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpTransaction {
  std::string url;      // request.url
  std::string method;   // request.method
  std::string address;  // "IP:port" (LTE only)
  MaybeFailure failure;
  std::int64_t status_code = 0;  // response.code; 0 when there is no response
  HeaderList headers;            // response headers in order (from headers_list, else headers)
  std::string body;              // raw bytes
  bool body_is_truncated = false;
  EventTags tags;
  std::int64_t transaction_id = 0;

  // The first value of a response header (case-insensitive name), or nullopt.
  std::optional<std::string> header(std::string_view name) const;
};

// --- the control (test helper) response, docs/ooni-formats.md#the-control-response -------------

struct ControlTcpConnect {
  bool status = false;
  MaybeFailure failure;
};

struct ControlTlsHandshake {
  std::string server_name;
  bool status = false;
  MaybeFailure failure;
};

struct ControlHttpRequest {
  std::int64_t body_length = -1;
  MaybeFailure failure;
  std::string title;
  std::map<std::string, std::string> headers;
  std::int64_t status_code = -1;
};

struct ControlDns {
  MaybeFailure failure;
  std::vector<std::string> addrs;
};

struct ControlIpInfo {
  std::uint32_t asn = 0;
  std::int64_t flags = 0;  // 1 probe, 2 th, 4 bogon, 8 valid for domain
};

struct ControlResponse {
  std::map<std::string, ControlTcpConnect> tcp_connect;      // "IP:port" →
  std::map<std::string, ControlTlsHandshake> tls_handshake;  // "IP:port" → (may be empty)
  ControlHttpRequest http_request;
  ControlDns dns;
  std::map<std::string, ControlIpInfo> ip_info;  // IP → (may be empty)
};

// What the recorded measurement itself concluded, kept so `ashyq analyze` can compare.
struct RecordedKeys {
  std::optional<std::string> dns_consistency;
  std::optional<std::string> blocking;  // "false", "dns", "tcp_ip", …; nullopt = null
  std::optional<bool> accessible;
  std::optional<std::int64_t> x_status;
  MaybeFailure dns_experiment_failure;
  MaybeFailure http_experiment_failure;
};

struct WebConnectivityInput {
  std::string input_url;
  std::string test_version;            // "0.4.3", "0.5.28", …
  std::string probe_cc;                // "KZ"; "ZZ" when unknown
  std::string probe_asn;               // "AS9198"
  std::string measurement_start_time;  // "2026-11-28 13:00:00" (UTC), "" when absent

  std::vector<DnsQuery> queries;
  std::vector<TcpConnect> tcp_connect;
  std::vector<TlsHandshake> tls_handshakes;
  std::vector<HttpTransaction> requests;  // newest first, as recorded

  // nullopt when the control is absent or null (LTE on failure). v0.4 stores an empty-ish object
  // on failure; `control_failure` then says it is not to be trusted.
  std::optional<ControlResponse> control;
  MaybeFailure control_failure;

  RecordedKeys recorded;

  // The control is usable: present and control_failure is null.
  bool has_control() const { return control.has_value() && !control_failure.has_value(); }
};

// Parses a whole measurement (envelope with "test_keys"). An object without "test_keys" is read as
// bare test keys (then only "input", if present, gives the URL).
core::Result<WebConnectivityInput> parse_web_connectivity(const boost::json::value& measurement);
core::Result<WebConnectivityInput> parse_web_connectivity_text(std::string_view json_text);

// Parses only a control response object (docs/ooni-formats.md#the-control-response).
core::Result<ControlResponse> parse_control_response(const boost::json::value& control);

// The parts of the input URL the analysis needs.
struct UrlParts {
  std::string scheme;  // lower case
  std::string host;    // lower case, no brackets
  std::string port;    // explicit port or the scheme's default ("80", "443")
  bool host_is_ip = false;
};
std::optional<UrlParts> split_url(std::string_view url);

}  // namespace ashyq::analysis
