// The v0.4 ("classic", test_version 0.4.x) web_connectivity verdict: dns_consistency, the HTTP
// match keys, blocking/accessible and the x_status bits, computed exactly as OONI's v0.4 did
// (docs/ooni-formats.md#the-v04-rules), so `ashyq analyze` reproduces recorded v0.4 values.
#pragma once

#include "analysis/classic_keys.hpp"
#include "analysis/dns_consistency.hpp"
#include "model/web_connectivity_test_keys.hpp"

namespace ashyq::analysis {

// `asns` resolves the helper's addresses to ASNs for the ASN-overlap rule; OONI used the probe's
// ASN database there, which a re-analysis can only approximate (AsnTable::from_input).
ClassicKeys analyze_classic_v04(const model::WebConnectivityMeasurement& in, const AsnTable& asns);
inline ClassicKeys analyze_classic_v04(const model::WebConnectivityMeasurement& in) {
  return analyze_classic_v04(in, AsnTable::from_input(in));
}

}  // namespace ashyq::analysis
