// df-002 DNS queries: one lookup of one name and type by one engine, with its answers. Written by
// net's resolvers, read by the analysis (OONI v0.4, LTE 0.5, MeasurementKit and ashyq's share
// these names).
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/failure.hpp"
#include "core/result.hpp"
#include "model/event_timing.hpp"

namespace ashyq::model {

// One answer. OONI stores the datum under a key named by the type: "ipv4" for A, "ipv6" for
// AAAA, "hostname" for CNAME, NS and the rest; here it is `value` whatever the type.
struct DnsAnswer {
  std::string answer_type;  // "A", "AAAA", "CNAME", …
  std::string value;        // the address (A/AAAA) or the host name (CNAME, NS, …)
  std::optional<std::uint32_t> ttl;
  std::uint32_t asn = 0;  // 0 = unknown
  std::string as_org_name;

  bool is_address() const { return answer_type == "A" || answer_type == "AAAA"; }
  // The address of an A/AAAA answer; empty for CNAME and other answers.
  const std::string& ip() const;

  friend bool operator==(const DnsAnswer&, const DnsAnswer&) = default;
};

struct DnsQuery : EventTiming {
  std::string engine;            // getaddrinfo, golang_net_resolver, system, udp, tcp, doh, dot
  std::string resolver_address;  // "" for getaddrinfo, "IP:port" or the DoH URL otherwise
  std::string hostname;
  std::string query_type;  // "A", "AAAA", "ANY" (getaddrinfo)
  std::vector<DnsAnswer> answers;
  core::MaybeFailure failure;
  std::optional<int> getaddrinfo_error;
  std::optional<std::string> raw_response;  // the wire bytes of the reply
  std::optional<int> rcode;

  // getaddrinfo / golang_net_resolver / system (or no engine recorded), or any lookup tagged
  // "classic": the probe's system resolver.
  bool is_system_resolver() const;
  // Every A/AAAA address in answer order, without duplicates.
  std::vector<std::string> addresses() const;
};

boost::json::value to_json(const DnsQuery& q);
// `path` names the record in error messages ("test_keys.queries[0]").
core::Result<DnsQuery> dns_query_from_json(const boost::json::value& v, std::string path = {});
void read_dns_query(JsonReader& r, DnsQuery& q);

}  // namespace ashyq::model
