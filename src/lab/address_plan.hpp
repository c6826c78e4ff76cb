// The lab's address plan. Every address lives in 10.77.0.0/16 and exists only inside the lab's
// own namespaces; nothing is routed on the host. The plan file written for each run lists the
// prefixes the lab declares "public", so that analysis and the helper treat them as such.
//
//   10.77.1.0/24   client link: client 10.77.1.2, censor 10.77.1.1 (scenarios with several
//                  ISPs: 10.77.4.0/24, 10.77.5.0/24, 10.77.6.0/24 for the 2nd to 4th)
//   10.77.2.0/24   censor - internet link: censor 10.77.2.1, internet 10.77.2.2
//   10.77.3.0/24   helper ("abroad") - internet link, bypassing the censor: internet 10.77.3.1,
//                  helper 10.77.3.2
//   10.77.10.0 - 10.77.31.255   web sites (one address per site unless a scenario shares one)
//   10.77.53.1     ISP resolver (the client's system resolver), 10.77.53.8 public resolver
//                  (also DoT on :853 and DoH at https://dns.lab.example/dns-query on :443)
//   10.77.53.53    authoritative server for the lab's domains
//   10.77.99.1     blockpage server
//   10.77.2.2:3478 the lab's STUN server (UDP), in the internet namespace: the probe learns the
//                  address it is seen from (behind a scenario's client_nat: 10.77.2.1)
//   10.77.3.2:8080 the test helper (`ashyq helper`, the control), in the helper namespace
//   10.77.3.2:8090 the observatory's collector (`ashyq collector`), beside it, when asked for
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lab/scenario.hpp"

namespace ashyq::lab::addr {

inline constexpr const char* kWorld = "10.77.0.0/16";
inline constexpr const char* kClientNet = "10.77.1.0/24";
inline constexpr const char* kClient = "10.77.1.2";
inline constexpr const char* kCensorClientSide = "10.77.1.1";
inline constexpr const char* kCensorInternetSide = "10.77.2.1";
inline constexpr const char* kInternet = "10.77.2.2";
inline constexpr const char* kInternetHelperSide = "10.77.3.1";
inline constexpr const char* kHelper = "10.77.3.2";
inline constexpr const char* kIspResolver = "10.77.53.1";
inline constexpr const char* kPublicResolver = "10.77.53.8";
inline constexpr const char* kAuthoritative = "10.77.53.53";
inline constexpr const char* kBlockpage = "10.77.99.1";
// The public resolver's encrypted faces: DoT (unbound's tls-port) and DoH (nginx, which passes
// the queries to unbound's HTTP/2 endpoint on the internet namespace's loopback, since unbound
// speaks DoH over HTTP/2 only), with a certificate of the lab CA naming kPublicResolverName and
// kPublicResolver (an IP SAN). The authoritative server answers kPublicResolverName too.
inline constexpr const char* kPublicResolverName = "dns.lab.example";
inline constexpr uint16_t kDotPort = 853;
inline constexpr uint16_t kDohPort = 443;
inline constexpr const char* kDohPath = "/dns-query";
inline constexpr const char* kDohBackend = "127.0.0.1";  // unbound's h2c endpoint, internal
inline constexpr uint16_t kDohBackendPort = 8053;
inline constexpr uint16_t kHelperPort = 8080;
inline constexpr uint16_t kStunPort = 3478;       // the STUN server, on kInternet
inline constexpr uint16_t kCollectorPort = 8090;  // the observatory's collector, beside the helper
// The TLS interceptor (tls_intercept rules) listens on the censor's client-side address.
// (8443, then 8444, … for each further chain model). The transparent HTTP proxy of http_proxy
// rules listens there too, on this port:
inline constexpr uint16_t kInterceptorPort = 8443;
inline constexpr uint16_t kHttpProxyPort = 8081;

// The client side of ISP number `index` (0 ≤ index < kMaxIsps): its /24, the client's address
// in it and the censor's (the client's gateway). ISP 0 is 10.77.1.0/24; the others are
// 10.77.4.0/24, 10.77.5.0/24 and 10.77.6.0/24.
struct IspSubnet {
  std::string cidr, client, gateway;
  uint32_t network = 0;
};
IspSubnet isp_subnet(std::size_t index);
// The subnets of a scenario's ISPs (one when it declares none).
std::vector<IspSubnet> isp_subnets(const Scenario& scenario);

// "10.77.3.2:8080" and "http://10.77.3.2:8080/".
std::string helper_endpoint();
std::string helper_url();
std::string collector_url();  // "http://10.77.3.2:8090"
std::string stun_endpoint();  // "10.77.2.2:3478"

// Gives every site without an address the next free one from 10.77.10.1 on, then replaces site
// domains in rules' `ip` lists by their addresses. Throws ScenarioError for a rule naming an
// unknown site or for too many sites. Deterministic: the censor and the orchestrator agree.
void assign_addresses(Scenario& scenario);
// Replaces the site domains of one rule's `ip` list by their (assigned) addresses; throws
// ScenarioError for a name that is neither an IPv4 address nor a site.
void resolve_rule_ips(const Scenario& scenario, Rule& rule);

// The plan file's text, in the bogon-override syntax `ashyq run --bogons` reads
// (analysis/bogon_list.hpp): comments, then one "-CIDR" line per prefix declared public.
std::string plan_file_text();

}  // namespace ashyq::lab::addr
