// The LTE (0.5.x) way of computing the legacy web_connectivity keys (docs/ooni-formats.md, the
// LTE rules): flatten the measurement into observation rows, keep the "classic" ones (system
// resolver, fetch_body=true endpoints), then walk them deepest-first and stop at the first row a
// rule explains. The experimental x_* flags of step 7 are not computed here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/classic_keys.hpp"
#include "analysis/dns_consistency.hpp"
#include "model/web_connectivity_test_keys.hpp"

namespace ashyq::analysis {

// One observation row: a DNS lookup, or one endpoint transaction whose type is the last step it
// reached (TCP → TLS → HTTP) and whose failure is that step's failure.
struct ObservationRow {
  enum class Type { http = 0, tls = 1, tcp = 2, dns = 3 };  // the walk order
  Type type = Type::dns;
  int depth = 0;
  std::int64_t transaction_id = 0;
  std::string domain;  // the looked-up name (DNS rows) or the name whose lookup gave the IP
  std::string ip;
  std::string port;
  std::string server_name;  // TLS SNI
  bool fetch_body = true;
  bool classic = true;
  core::MaybeFailure failure;
  // DNS rows
  std::vector<std::string> addrs;
  // HTTP rows
  const model::HttpTransaction* http = nullptr;
  bool over_tls = false;
  bool is_final() const;  // an HTTP success with a 2xx, 4xx or 5xx status
};

// Steps 1–2: every row, with `classic` set; sorted in walk order (depth desc, type, failure
// string asc with successes first, transaction id desc).
std::vector<ObservationRow> observation_rows(const model::WebConnectivityMeasurement& in);

// The outcome helpers of step 6.
enum class LteOutcome { accessible, blocked, nil, down };
// Applies an outcome to `k` (blocking/accessible), honouring the DNS-inconsistent override.
void apply_lte_outcome(ClassicKeys& k, LteOutcome outcome, Blocking reason = Blocking::null);

ClassicKeys analyze_classic_lte(const model::WebConnectivityMeasurement& in, const AsnTable& asns);
inline ClassicKeys analyze_classic_lte(const model::WebConnectivityMeasurement& in) {
  return analyze_classic_lte(in, AsnTable::from_input(in));
}

}  // namespace ashyq::analysis
