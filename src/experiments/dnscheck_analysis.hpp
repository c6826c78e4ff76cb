// dnscheck's analysis: pure (no I/O, no clock), table-tested in tests/experiments/
// dnscheck_test.cpp. It takes what each resolver answered for one domain and decides whether
// the answers were tampered with.
//
// Signals, strongest first (each one alone is enough for method "dns"):
//   1. injection — a reply from a host that is NOT a resolver (an on-path injector answers any
//      UDP/53 query crossing it, whatever the destination), or several DIFFERENT replies to one
//      UDP query (a forged answer racing the true one; identical duplicates are ignored);
//   2. a plaintext answer (system, ISP or foreign resolver over UDP) holds a bogon, or an address
//      that a DNS blockpage fingerprint lists, while the encrypted resolvers (DoH, DoT) give none;
//   3. an address only the plaintext resolvers gave fails TLS verification for the domain
//      (another name, an unknown authority) while an address the encrypted resolvers gave
//      verifies: the plaintext answer points at someone else's server (a blockpage host);
//   4. a plaintext resolver says the name does not exist (NXDOMAIN, no answer) while the
//      encrypted resolvers resolve it;
//   5. every plaintext resolver timed out while the encrypted ones answered (queries dropped).
// A plaintext answer that merely differs from the encrypted one is NOT flagged: CDNs give each
// resolver (and each network) its own servers. It is explained when possible (an address that
// verifies for the domain, a shared ASN) and otherwise noted as unexplained, method "none" with a
// lower confidence. Without any encrypted answer there is nothing trustworthy to compare with:
// "unknown", unless a signal of kind 1 or a bogon was seen.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/bogon_list.hpp"
#include "analysis/fingerprint_db.hpp"
#include "analysis/verdict.hpp"
#include "core/failure.hpp"
#include "model/dns_query.hpp"

namespace ashyq::experiments {

// How a resolver is reached: in clear over UDP/53 (or getaddrinfo, which uses it), encrypted
// (DoH, DoT: an on-path censor can drop it but not forge it), or a host that is no resolver.
enum class DnscheckChannel { plaintext, encrypted, nonresolver };
std::string_view to_string(DnscheckChannel c);

// One reply to one query.
struct DnscheckReply {
  std::string query_type;              // "A", "AAAA", "ANY" (getaddrinfo)
  std::optional<int> rcode;            // absent for getaddrinfo
  core::MaybeFailure failure;          // what the reply means: nxdomain, no answer, …
  std::vector<std::string> addresses;  // its A/AAAA values, in order
};

// What one resolver answered for the domain.
struct DnscheckLookup {
  std::string role;  // "system", "isp", "foreign", "doh", "dot", "nonresolver"
  DnscheckChannel channel = DnscheckChannel::plaintext;
  std::string engine;                  // getaddrinfo, udp, doh, dot
  std::string address;                 // the resolver's address ("" for getaddrinfo)
  core::MaybeFailure failure;          // set when no address came back
  std::vector<std::string> addresses;  // A then AAAA, from the first replies
  std::vector<DnscheckReply> first;    // the first reply to each query that got one
  std::vector<DnscheckReply> late;     // further replies to the same queries (UDP)

  bool answered() const { return !first.empty() || !late.empty(); }
};

// Builds a lookup from the `queries` and `x_dns_duplicate_responses` records of one resolver's
// trace (entries for other names, e.g. a DoH server's bootstrap, are skipped). `failure` and
// `addresses` are the resolver's result.
DnscheckLookup dnscheck_lookup(std::string role, DnscheckChannel channel, std::string engine,
                               std::string address, const std::vector<std::string>& addresses,
                               const core::MaybeFailure& failure,
                               const std::vector<model::DnsQuery>& queries,
                               const std::vector<model::DnsQuery>& duplicates,
                               std::string_view domain);

// A TLS handshake with SNI = the domain to one answered address (port 443).
struct DnscheckTlsCheck {
  std::string address;
  core::MaybeFailure failure;  // null: the certificate verified for the domain
  bool connected = false;      // the TCP connect succeeded
};

struct DnscheckInput {
  std::string domain;
  std::vector<DnscheckLookup> lookups;
  std::vector<DnscheckTlsCheck> tls_checks;
};

struct DnscheckOptions {
  const analysis::BogonList* bogons = nullptr;            // nullptr: BogonList::defaults()
  const analysis::FingerprintDb* fingerprints = nullptr;  // nullptr: none
  std::string probe_cc = "ZZ";
  std::function<uint32_t(std::string_view ip)> asn;  // empty, or 0: unknown
};

// The per-resolver summary (x_ashyq_dnscheck.resolvers.<role>).
struct DnscheckResolverSummary {
  std::string role, channel, engine, address;
  std::vector<std::string> addresses;
  core::MaybeFailure failure;
  std::size_t late_replies = 0;
  std::vector<std::string> late_addresses;  // addresses only the late replies gave
  bool injected = false;                    // answered while not a resolver, or contradicted itself
  std::vector<std::string> bogons;          // its bogon addresses
  std::vector<std::string> fingerprinted;   // its addresses a DNS fingerprint lists
  // Compared with the encrypted answers: "consistent", "cdn" (differs, explained),
  // "different" (differs, unexplained), "tampered", "failed", "no_comparison", or "" for the
  // encrypted resolvers and the non-resolver.
  std::string consistency;
};

struct DnscheckResult {
  analysis::Verdict verdict;
  bool injection = false;     // signal 1
  bool inconsistent = false;  // signals 2–5
  std::vector<DnscheckResolverSummary> resolvers;
  std::vector<std::string> addresses_to_verify;  // see dnscheck_addresses_to_verify
};

// The addresses worth a TLS check: those only the plaintext resolvers (first or late replies)
// gave, then up to two the encrypted ones gave as a reference; bogons and loopback left out
// (never dialled). Empty when every plaintext answer shares an address with the encrypted ones
// or there is no encrypted answer. At most `cap`.
std::vector<std::string> dnscheck_addresses_to_verify(const DnscheckInput& in,
                                                      const DnscheckOptions& options,
                                                      std::size_t cap = 6);

DnscheckResult analyze_dnscheck(const DnscheckInput& in, const DnscheckOptions& options = {});

// {"resolvers": {"<role>": {...}, ...}, "tls_checks": [...], "injection": …, "inconsistent": …}
// (the roles are unique: one resolver of each kind).
boost::json::object dnscheck_summary_json(const DnscheckInput& in, const DnscheckResult& result);

}  // namespace ashyq::experiments
