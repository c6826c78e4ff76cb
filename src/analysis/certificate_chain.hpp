// What a TLS peer's certificate chain says, for evidence: each certificate's subject, issuer and
// validity, and whether it had expired when the measurement was made. Interception is judged
// elsewhere (a certificate failure the control did not see); this names who signed the chain
// the probe was shown — e.g. "C=KZ, CN=Qaznet Trust Network" — and flags an expired link, as
// with the ISCA intermediates Kazakhstan kept serving after their 75 days.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ashyq::analysis {

struct CertificateSummary {
  std::string subject;  // "C=KZ, O=ISCA, CN=Information Security Certification Authority"
  std::string issuer;
  std::time_t not_before = 0, not_after = 0;
  bool self_signed() const { return subject == issuer; }
};

// The chain as sent (leaf first); certificates that do not parse are skipped.
std::vector<CertificateSummary> summarize_chain(const std::vector<std::string>& der_chain);

// "2026-11-28 13:00:00" (OONI's measurement_start_time) as a UTC time; nullopt if malformed.
std::optional<std::time_t> parse_ooni_time(std::string_view text);

// One evidence line: who issued each certificate, and any certificate that was not valid at
// `when` (when given). Empty for an empty chain.
std::string describe_chain(const std::vector<CertificateSummary>& chain,
                           std::optional<std::time_t> when);

}  // namespace ashyq::analysis
