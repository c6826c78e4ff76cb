// HTTP comparison: the probe's final response against the test helper's (docs/ooni-formats.md) —
// body_proportion, body_length_match, status_code_match, headers_match, title_match — in the two
// flavours OONI has shipped (v0.4 and LTE), and OONI's "http-diff" decision built on them.
//
// Pure functions over the parsed input; `nullopt` is OONI's null.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/web_connectivity_test_keys.hpp"

namespace ashyq::analysis {

struct HttpComparison {
  double body_proportion = 0;  // 0 when not computed (never null, pitfall 10)
  std::optional<bool> body_length_match;
  std::optional<bool> status_code_match;
  std::optional<bool> headers_match;
  std::optional<bool> title_match;

  // OONI: no diff iff status matches and (body length or headers or title) matches. All-null is a
  // diff.
  bool is_diff() const;
};

// The first `(?i)<title>([^<]{1,512})</title>` of the body (512 characters, counted as UTF-8 code
// points like Go's regexp), or "" when there is none.
std::string extract_title(std::string_view body);

// The lower-case header names that say nothing about the page (date, server, set-cookie, …).
bool is_common_header(std::string_view lower_name);

// min/max of the two lengths when both are > 0 and the probe body is complete; else nullopt.
std::optional<double> body_proportion(std::int64_t probe_length, bool probe_truncated,
                                      std::int64_t control_length);

// Title words: split on single spaces, keep words of ≥5 bytes, lower-case; true iff every kept
// word of either title appears in both (two empty sets match).
bool title_words_match(std::string_view probe_title, std::string_view control_title);

// Both flavours compare only a request that succeeded: one that failed (a body cut mid-download,
// a response that began and then timed out) is not compared at all, every field left empty, as
// OONI leaves them; what was read before the cut stays in the request as evidence (decided
// 2026-12-07, issue 17: ashyq used to fill the comparisons from the partial response).
// v0.4: compares requests[0] (`probe` may be null when there was no request).
HttpComparison compare_http_v04(const model::HttpTransaction* probe,
                                const model::ControlHttpRequest& control);

// LTE: compares the final (2xx/4xx/5xx) response (`final_response` may be null).
HttpComparison compare_http_lte(const model::HttpTransaction* final_response,
                                const model::ControlHttpRequest& control);

}  // namespace ashyq::analysis
