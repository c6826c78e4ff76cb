// Method: the vocabulary of ashyq's verdicts — how a URL was found blocked (or not). The one
// place that names the methods, says which of them mean interference, and parses and formats
// them; the report's labels, the results store's `--blocked` filter and the runner's progress
// count all ask this file, so they cannot disagree on a method (as they once did on throttling).
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace ashyq::analysis {

enum class Method {
  none,          // reachable, nothing wrong seen
  dns,           // the system resolver lied or failed where the control's did not
  tcp_ip,        // connects failed where the control connected
  tls,           // the TLS handshake failed (timeout, reset, close) where the control's worked
  http_failure,  // connected (and handshook) fine, then the HTTP exchange failed
  http_diff,     // got a page, not the page the control got
  blockpage,     // got a page (or DNS answer) matching a known blockpage fingerprint
  interception,  // a certificate the control did not see: a middlebox answered the handshake
  throttling,    // reachable, but much slower than a control over the same path (throttling)
  unknown,       // not enough to decide (typically no control)
  down,          // failed the same way from the control: the site is down or broken everywhere
};

// "none", "dns", "tcp_ip", "tls", "http-failure", "http-diff", "blockpage", "interception",
// "throttling", "unknown", "down": the names stored in x_ashyq_verdict.method.
std::string_view to_string(Method m);
std::optional<Method> method_from_string(std::string_view s);

// Every method, the blocking ones first (dns, tcp_ip, tls, http-failure, http-diff, blockpage,
// interception, throttling), then none, down, unknown: the order reports list them in.
std::span<const Method> all_methods();
// The methods that mean interference: every one but none, down and unknown.
std::span<const Method> blocking_methods();

bool is_blocking(Method m);
// By stored name; a name this build does not know is not blocking (it is shown as undecided).
bool is_blocking(std::string_view method_name);

}  // namespace ashyq::analysis
