// The OONI archival records that the net primitives produce (df-001 requests, df-002 queries,
// df-005 tcp_connect, df-006 tls_handshakes, df-008 network_events) as typed structs, and their
// JSON form. Experiments collect these from traces; nothing else builds these JSON shapes.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/failure.hpp"

namespace ashyq::net {

using core::MaybeFailure;
using Tags = std::vector<std::string>;
using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Fields every record carries.
struct EventTiming {
  double t0 = 0;  // seconds since measurement start, when the step began
  double t = 0;   // when it ended
  int64_t transaction_id = 0;
  Tags tags;
};

struct DnsAnswer {
  std::string answer_type;  // "A", "AAAA", "CNAME", …
  std::string value;        // the address (A/AAAA) or the host name (CNAME, NS, …)
  std::optional<uint32_t> ttl;
  int64_t asn = 0;
  std::string as_org_name;
};

struct DnsQuery : EventTiming {
  std::string engine;            // getaddrinfo, udp, tcp, doh, dot
  std::string resolver_address;  // "" for getaddrinfo, "IP:port" or the DoH URL otherwise
  std::string hostname;
  std::string query_type;  // "A", "AAAA", "ANY" (getaddrinfo)
  std::vector<DnsAnswer> answers;
  MaybeFailure failure;
  std::optional<int> getaddrinfo_error;
  std::optional<std::string> raw_response;  // the wire bytes of the reply
  std::optional<int> rcode;
};

struct TcpConnect : EventTiming {
  std::string ip;
  uint16_t port = 0;
  MaybeFailure failure;
  std::optional<bool> blocked;  // web_connectivity v0.4 only
};

struct TlsHandshake : EventTiming {
  std::string network = "tcp";
  std::string address;  // "IP:port"
  std::string server_name;
  std::string cipher_suite;
  std::string negotiated_protocol;
  std::string tls_version;
  bool no_tls_verify = false;
  std::vector<std::string> peer_certificates;  // DER bytes, leaf first
  MaybeFailure failure;
};

struct HttpRequestRecord {
  std::string method = "GET";
  std::string url;
  HeaderList headers;
  std::string body;
};

struct HttpResponseRecord {
  int code = 0;
  HeaderList headers;
  std::string body;
  bool body_is_truncated = false;
};

struct HttpTransaction : EventTiming {
  std::string network = "tcp";
  std::string address;
  std::string alpn;
  std::string transport = "tcp";  // x_transport
  HttpRequestRecord request;
  std::optional<HttpResponseRecord> response;
  MaybeFailure failure;
};

struct NetworkEvent : EventTiming {
  std::string operation;  // connect, read, write, tls_handshake_start, …
  std::string address;
  std::string proto = "tcp";
  std::optional<int64_t> num_bytes;
  MaybeFailure failure;
};

boost::json::value to_json(const DnsQuery& q);
boost::json::value to_json(const TcpConnect& c);
boost::json::value to_json(const TlsHandshake& h);
boost::json::value to_json(const HttpTransaction& r);
boost::json::value to_json(const NetworkEvent& e);

template <typename T>
boost::json::array to_json_array(const std::vector<T>& items) {
  boost::json::array out;
  out.reserve(items.size());
  for (const auto& item : items)
    out.push_back(to_json(item));
  return out;
}

}  // namespace ashyq::net
