// The report's vocabulary for ashyq's verdict methods (analysis/verdict.hpp): each raw method name
// with the words a non-engineer reads, a short chart label, an explanation for the glossary, and
// whether it means interference. The report keeps its own table (rather than linking the
// analysis module) so that a summary read back from the store is rendered even when its method
// is one this build does not know: such a method is shown raw and counted as undecided.
#pragma once

#include <span>
#include <string_view>

namespace ashyq::report {

struct MethodInfo {
  std::string_view name;         // the raw method, as in MeasurementSummary::method: "tls"
  std::string_view label;        // a short label for charts: "TLS handshake blocked"
  std::string_view words;        // the headline a non-engineer reads
  std::string_view explanation;  // one or two sentences for the glossary
  bool blocking = false;         // true when the method means interference
  std::string_view colour;       // fill for charts; the blocking ones differ in lightness too
};

// Every known method in report order: the seven blocking methods (dns, tcp_ip, tls, http-failure,
// http-diff, blockpage, interception), then none, down, unknown.
std::span<const MethodInfo> all_methods();

// The seven blocking methods, in report order.
std::span<const MethodInfo> blocking_methods();

// nullptr when `name` is not a known method.
const MethodInfo* find_method(std::string_view name);

bool is_blocking_method(std::string_view name);

// Position in report order; unknown names sort after every known one.
std::size_t method_rank(std::string_view name);

}  // namespace ashyq::report
