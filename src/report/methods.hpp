// The report's words for ashyq's verdict methods: each method of analysis/method.hpp (which
// owns the names and which of them mean interference) with the words a non-engineer reads, a
// short chart label, an explanation for the glossary and a colour. A summary read back from the
// store whose method this build does not know has no row: it is shown raw and counted as
// undecided.
#pragma once

#include <span>
#include <string_view>

namespace ashyq::report {

struct MethodInfo {
  std::string_view name;         // the raw method, as in MeasurementSummary::method: "tls"
  std::string_view label;        // a short label for charts: "TLS handshake blocked"
  std::string_view words;        // the headline a non-engineer reads
  std::string_view explanation;  // one or two sentences for the glossary
  bool blocking = false;         // analysis::is_blocking: the method means interference
  std::string_view colour;       // fill for charts; the blocking ones differ in lightness too
};

// Every known method in report order (analysis::all_methods()): the blocking methods (dns,
// tcp_ip, tls, http-failure, http-diff, blockpage, interception, throttling), then none, down,
// unknown.
std::span<const MethodInfo> all_methods();

// The blocking methods, in report order.
std::span<const MethodInfo> blocking_methods();

// nullptr when `name` is not a known method.
const MethodInfo* find_method(std::string_view name);

bool is_blocking_method(std::string_view name);

// Position in report order; unknown names sort after every known one.
std::size_t method_rank(std::string_view name);

}  // namespace ashyq::report
