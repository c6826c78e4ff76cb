// DNS consistency: whether the probe's system-resolver answers for the URL's host agree with the
// test helper's (docs/ooni-formats.md#dns-consistency, v0.4 and LTE), and the primitives both build
// on — the probe's "classic" lookup, ASN and IP overlap, TLS-verified addresses.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/web_connectivity_test_keys.hpp"

namespace ashyq::analysis {

enum class DnsConsistency { consistent, inconsistent };
std::string_view to_string(DnsConsistency c);

// IP → ASN as known to the analysis (0 = unknown). from_input() takes the ASNs the probe recorded
// in its DNS answers and, for addresses it did not see, the test helper's ip_info; a caller with
// an ASN database may add to it or override it.
class AsnTable {
 public:
  static AsnTable from_input(const model::WebConnectivityMeasurement& in);
  void set(std::string ip, std::uint32_t asn) { table_[std::move(ip)] = asn; }
  std::uint32_t lookup(std::string_view ip) const;

 private:
  std::map<std::string, std::uint32_t, std::less<>> table_;
};

// The probe's system-resolver lookup of the input URL's host at depth 0, all its query records
// (v0.4 splits one getaddrinfo call into A and AAAA records) merged into one.
struct ClassicLookup {
  bool present = false;        // some record exists (or the recorded dns_experiment_failure is set)
  core::MaybeFailure failure;  // set only when no address came back
  std::vector<std::string> addrs;
};
ClassicLookup classic_lookup(const model::WebConnectivityMeasurement& in);

// True when the two address lists share an address.
bool share_ip(const std::vector<std::string>& a, const std::vector<std::string>& b);
// True when some ASN other than 0 appears on both sides.
bool share_asn(const std::vector<std::string>& a, const std::vector<std::string>& b,
               const AsnTable& asns);

// Addresses proven valid for the host: a certificate-verified TLS handshake with SNI = host
// succeeded to IP:port on the probe, or the helper's ip_info flags them "valid for domain" (8).
std::set<std::string> tls_verified_addresses(const model::WebConnectivityMeasurement& in,
                                             std::string_view host);

// A failure meaning "this name does not exist" on the probe (NXDOMAIN or Android's no-data).
bool is_nxdomain_like(const core::MaybeFailure& f);

// v0.4 (docs/ooni-formats.md#dns-consistency): null when the control failed.
std::optional<DnsConsistency> dns_consistency_v04(const model::WebConnectivityMeasurement& in,
                                                  const AsnTable& asns);

// LTE per-lookup verdict (docs/ooni-formats.md#dns-consistency).
enum class LookupVerdict { valid, invalid, expected_failure, unexpected_failure, no_control };
std::string_view to_string(LookupVerdict v);

// A non-empty `tls_verified` applies the non-classic "TLS-verified address" upgrade.
LookupVerdict classify_lookup(const ClassicLookup& probe, const model::ControlDns* control,
                              const AsnTable& asns, const std::set<std::string>& tls_verified = {});

// LTE, from the classic lookup (docs/ooni-formats.md#dns-consistency); null without control/lookup.
std::optional<DnsConsistency> dns_consistency_lte(const model::WebConnectivityMeasurement& in,
                                                  const AsnTable& asns);

}  // namespace ashyq::analysis
