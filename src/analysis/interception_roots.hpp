// InterceptionRoots: certificate authorities known to have been used to intercept TLS (a state
// root pushed on users, as Kazakhstan's "Qaznet Trust Network" in 2019 and the ISCA roots of
// 2020-2024), loaded from data/interception-roots.csv, and the matching of a peer chain against
// them.
//
// Columns (found by name, header row required): name, subject_patterns, sha256, source, notes.
// `subject_patterns` holds one or more distinguished names separated by ';', each written as
// summarize_chain() prints names ("C=KZ, O=ISCA, CN=…"); a pattern matches a name that has every
// one of its attributes (order free, attribute types and ASCII letters case-insensitive), so
// "CN=X" matches "C=KZ, CN=X" but "C=KZ, CN=X" does not match "CN=X". `sha256` holds hex SHA-256
// fingerprints of the DER certificate, separated by ';' (may be empty when none is known).
//
// A chain matches when a certificate's DER has a listed fingerprint, or when the issuer of any
// certificate, or the subject of any certificate but the leaf, matches a pattern: the root itself
// is rarely sent, but the certificate it signed names it as issuer.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/certificate_chain.hpp"
#include "core/result.hpp"

namespace ashyq::analysis {

struct InterceptionRoot {
  std::string name;                           // "Qaznet Trust Network (KZ 2019)"
  std::vector<std::string> subject_patterns;  // "C=KZ, CN=Qaznet Trust Network"
  std::vector<std::string> sha256;            // upper-case hex
  std::string source;
  std::string notes;
};

struct InterceptionRootMatch {
  std::string name;  // the row's name
  std::string dn;    // the distinguished name that matched, as the certificate writes it
  std::string how;   // "issuer of certificate 2", "subject of certificate 2", "SHA-256 of …"
};

// "AB:CD…" or "abcd…" → "ABCD…"; empty when `der` is empty.
std::string sha256_hex(std::string_view der);

// Whether the name `dn` has every attribute of `pattern` (both as summarize_chain writes them).
bool dn_matches(std::string_view dn, std::string_view pattern);

class InterceptionRoots {
 public:
  static core::Result<InterceptionRoots> from_csv(std::string_view text);

  // The first row matched by the chain (leaf first, DER), or nullopt.
  std::optional<InterceptionRootMatch> match(const std::vector<std::string>& der_chain) const;

  const std::vector<InterceptionRoot>& rows() const { return rows_; }

 private:
  std::vector<InterceptionRoot> rows_;
};

}  // namespace ashyq::analysis
