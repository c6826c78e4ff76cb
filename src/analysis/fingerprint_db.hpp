// FingerprintDb: known blockpage fingerprints in OONI's CSV format (the columns of
// ooni/blocking-fingerprints), and the matching of response bodies, response headers and DNS
// answers against them.
//
// Columns: name, scope, other_names, location_found, pattern_type, pattern, confidence_no_fp,
// expected_countries, source, exp_url, notes. location_found is `body`, `dns` or `header.<name>`;
// pattern_type is `full` (equality), `prefix`, `contains` or `regexp`. Regexps are supported in
// the subset the published files use — literal text, `\`-escapes, `.` (one character) and `.*`
// (any run of characters on one line); a row using anything else is kept out of matching and
// listed in `skipped()`, never silently mismatched.
//
// A match is "confirmed" (OONI's rule) when the scope is `nat` or `isp`, or when the probe's
// country is one of expected_countries; rows of scope `fp` (known false positives) never match.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ashyq::analysis {

enum class PatternType { full, prefix, contains, regexp };

struct Fingerprint {
  std::string name;
  std::string scope;           // nat, isp, prod, inst, vbw, fp, …
  std::string location_found;  // "body", "dns" or "header.<lowercase name>"
  PatternType pattern_type = PatternType::contains;
  std::string pattern;
  int confidence_no_fp = 0;
  std::vector<std::string> expected_countries;  // upper-case ISO codes
  std::string source;
  std::string notes;

  bool is_body() const { return location_found == "body"; }
  bool is_dns() const { return location_found == "dns"; }
  // The lower-case header name for header.<name> rows, else empty.
  std::string_view header_name() const;
};

struct FingerprintMatch {
  std::string name;
  std::string scope;
  std::string location_found;
  bool confirmed = false;
  int confidence_no_fp = 0;
};

bool is_confirmed(const Fingerprint& fp, std::string_view probe_cc);

class FingerprintDb {
 public:
  // Parses one CSV file's content (header row required, columns found by name). Appends to the
  // rows already loaded, so an HTTP file, a DNS file and ashyq's own file can share one db.
  core::Result<std::size_t> add_csv(std::string_view text, std::string_view origin = "csv");
  static core::Result<FingerprintDb> from_csv(std::string_view text);

  std::vector<FingerprintMatch> match_body(std::string_view body, std::string_view probe_cc) const;
  // `name` is compared case-insensitively.
  std::vector<FingerprintMatch> match_header(std::string_view name, std::string_view value,
                                             std::string_view probe_cc) const;
  // `answer` is an IP address or a CNAME target from a DNS answer.
  std::vector<FingerprintMatch> match_dns(std::string_view answer, std::string_view probe_cc) const;
  // Rows of scope "fp": known pages that look like blocking but are not (an anti-bot challenge,
  // a CDN's error page). Their names, for a response body or header.
  std::vector<std::string> false_positives_in_body(std::string_view body) const;
  std::vector<std::string> false_positives_in_header(std::string_view name,
                                                     std::string_view value) const;

  const std::vector<Fingerprint>& rows() const { return rows_; }
  // Rows loaded but never matched: "<name>: <why>".
  const std::vector<std::string>& skipped() const { return skipped_; }
  std::size_t size() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }

 private:
  std::vector<Fingerprint> rows_;
  std::vector<std::string> skipped_;
};

// Whether `text` matches the pattern of `fp` (no location or scope check). Exposed for tests.
bool pattern_matches(const Fingerprint& fp, std::string_view text);
// Whether `pattern` is in the supported regexp subset.
bool is_supported_regexp(std::string_view pattern);

}  // namespace ashyq::analysis
