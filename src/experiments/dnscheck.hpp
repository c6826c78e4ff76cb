// dnscheck: is DNS for this domain tampered with on the way? One domain (the input, or the host
// of a URL) is looked up at the same time through
//   - the system resolver (the probe's --resolver, getaddrinfo by default),
//   - the ISP's resolver over UDP (-O isp_resolver; default the first nameserver of
//     /etc/resolv.conf),
//   - a foreign resolver over UDP (-O foreign_resolver; default 8.8.8.8:53),
//   - DNS over HTTPS (-O doh; default https://dns.google/dns-query at 8.8.8.8:443),
//   - DNS over TLS (-O dot, -O dot_sni; default 1.1.1.1:853 named one.one.one.one),
//   - and UDP to a host that is NOT a resolver (-O nonresolver; default 192.0.2.1, TEST-NET-1
//     of RFC 5737: nothing real can ever answer from there, so any reply is forged by a box on
//     the path; an ISP that drops such packets before its DPI only makes the check silent,
//     never wrong),
// each with its own deadline (the DNS step's; DoH/DoT also the connect and TLS ones). UDP
// lookups keep listening after the first reply (net/dns_over_udp.hpp) so an injected reply
// racing the true one leaves both. When a plaintext answer shares no address with the encrypted
// ones, a TLS handshake with SNI = the domain to those addresses (and to two encrypted ones as a
// reference) tells a CDN's server (it verifies) from someone else's (it does not).
// -O tls_check=false turns that off; any resolver option set to "none" leaves it out.
//
// OONI's own dnscheck takes a RESOLVER URL as input and checks that resolver; this one takes a
// DOMAIN and checks the answers for it, so its keys differ (docs/experiments.md).
//
// Test keys: `domain`; OONI's archival `queries` (every lookup: resolver_address, engine
// getaddrinfo/udp/doh/dot, answers, failure, t0/t, raw_response, tags naming the resolver's
// role), `x_dns_duplicate_responses` (the late UDP replies, same shape), and the
// `network_events`, `tcp_connect`, `tls_handshakes` and `requests` of DoH, DoT and the TLS
// checks; `x_ashyq_dnscheck` (per resolver: role, channel, addresses, late replies, injected,
// bogons, consistency; the TLS checks; injection; inconsistent) and `x_ashyq_verdict`.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/bogon_list.hpp"
#include "analysis/fingerprint_db.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "experiments/dnscheck_analysis.hpp"
#include "experiments/experiment_settings.hpp"
#include "experiments/measurement.hpp"
#include "experiments/probe_basics.hpp"
#include "geo/asn_database.hpp"
#include "net/dns_over_tls.hpp"
#include "net/endpoint.hpp"
#include "net/resolver.hpp"

namespace ashyq::experiments {

inline constexpr const char* kDnscheckVersion = "0.1.0";

struct DnscheckResolver {
  std::string role;  // system, isp, foreign, doh, dot, nonresolver
  DnscheckChannel channel = DnscheckChannel::plaintext;
  std::shared_ptr<net::Resolver> resolver;
};

struct DnscheckConfig : ProbeBasics {
  std::vector<DnscheckResolver> resolvers;      // MANDATORY: all of them, the system one included
  std::shared_ptr<analysis::BogonList> bogons;  // OPTIONAL: the defaults
  std::shared_ptr<analysis::FingerprintDb> fingerprints;  // OPTIONAL: DNS blockpage addresses
  std::shared_ptr<geo::AsnDatabase> asn;                  // OPTIONAL: annotates, compares ASNs
  bool tls_check = true;
};

// Where each resolver is, from the -O options (every one may be "none": left out).
struct DnscheckTargets {
  std::optional<net::Endpoint> isp;
  std::optional<net::Endpoint> foreign;
  std::optional<std::string> doh_url;
  std::optional<net::Endpoint> doh_address;
  std::optional<net::DotServer> dot;
  std::optional<net::Endpoint> nonresolver;
  bool tls_check = true;
};

// The first `nameserver` of a resolv.conf text, port 53; nullopt when there is none.
std::optional<net::Endpoint> first_nameserver(std::string_view resolv_conf);

// The targets from -O options (isp_resolver, foreign_resolver, doh, doh_address, dot, dot_sni,
// nonresolver, tls_check) and the text of /etc/resolv.conf; an error names the bad option.
core::Result<DnscheckTargets> dnscheck_targets(const ExperimentOptions& options,
                                               std::string_view resolv_conf);

// The domain to check: the host of a URL, or the input itself when it is a host name.
std::optional<std::string> dnscheck_domain(const std::string& input);

// --- the measurement -------------------------------------------------------------------------

boost::asio::awaitable<core::Result<boost::json::object>> run_dnscheck(
    std::string input, const DnscheckConfig& config, const core::MeasurementClock& clock);

// The whole measurement (test_name dnscheck, input the domain).
boost::asio::awaitable<core::Result<boost::json::object>> measure_dnscheck(
    std::string input, const DnscheckConfig& config, EnvelopeInfo info);

// `ashyq run -t dnscheck`: the config from the run's settings and -O options.
boost::asio::awaitable<core::Result<boost::json::object>> measure_dnscheck_entry(
    std::string input, const ExperimentSettings& settings, EnvelopeInfo info);

}  // namespace ashyq::experiments
