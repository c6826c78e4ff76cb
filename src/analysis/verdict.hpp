// Verdict: ashyq's own answer to "is this URL blocked here, and how?" for one web_connectivity
// measurement — a method, a confidence in [0, 1] and short evidence lines a person can check
// against the raw measurement.
//
// It reads the same observations as OONI's classic keys but decides differently where those are
// known to mislead (docs/analysis.md lists the cases): a TLS failure is `tls`, not http-failure;
// a certificate the control did not see is `interception`; a fingerprinted page is `blockpage`
// with the fingerprint's name; bogon or foreign-ASN DNS answers are not forgiven because a
// transparent proxy served *something*; a failed control gives `unknown`, never a guess.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/bogon_list.hpp"
#include "analysis/dns_consistency.hpp"
#include "analysis/fingerprint_db.hpp"
#include "analysis/method.hpp"
#include "core/failure.hpp"
#include "model/web_connectivity_test_keys.hpp"

namespace ashyq::analysis {

struct Verdict {
  Method method = Method::unknown;
  double confidence = 0;              // in [0, 1]
  std::vector<std::string> evidence;  // most important first
  std::vector<FingerprintMatch> fingerprints;
  // A blocking verdict that rests on timeouts alone, which an ordinary lossy network also
  // causes: the run measures such a URL again before it accuses (analysis/attempts.hpp). On an
  // `unknown` verdict over several attempts: undecided because they timed out at different steps.
  bool rests_on_timeouts = false;
  // How many measurements of the URL this verdict judges (1, or more after confirmation).
  unsigned attempts = 1;

  // true for every method that means interference (not none, down or unknown).
  bool blocked() const;
  // {"method", "confidence", "evidence", "fingerprints"} for the x_ashyq_verdict test key, with
  // "rests_on_timeouts": true and "attempts": N when they say something (true, more than 1).
  boost::json::object to_json() const;
};

// A verdict whose evidence is `headline`, then the `details` lines.
Verdict make_verdict(Method method, double confidence, std::string headline,
                     const std::vector<std::string>& details);

// The method a step's failure points to: dns for resolve and dns_round_trip, tcp_ip for connect,
// tls for tls_handshake, http-failure for http_round_trip, read and write; unknown otherwise
// (and for no step).
Method method_of_failure(std::optional<core::Operation> failed_operation);

struct VerdictOptions {
  const BogonList* bogons = nullptr;            // nullptr: BogonList::defaults()
  const FingerprintDb* fingerprints = nullptr;  // nullptr: no fingerprint matching
  std::string probe_cc;                         // empty: the measurement's probe_cc
  const AsnTable* asns = nullptr;               // nullptr: AsnTable::from_input(in)
};

Verdict analyze_verdict(const model::WebConnectivityMeasurement& in,
                        const VerdictOptions& options = {});

}  // namespace ashyq::analysis
