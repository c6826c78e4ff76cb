// Peak-memory bounds in tests. A bound is a figure for an uninstrumented build; under
// AddressSanitizer (scripts/test.sh's build) shadow memory and redzones roughly double or triple
// a process's RSS and its quarantine keeps freed memory resident, so the bound is scaled ×3 and
// the processes measured run with a small quarantine (16 MiB instead of 256 MiB). Unbounded
// growth (a body or a bomb read whole, a list kept without a cap) still fails either way.
#pragma once

#include <cstdlib>
#include <string>

namespace ashyq::testing {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif

// The bound to check a peak RSS against in this build.
inline constexpr long rss_bound_kib(long uninstrumented_kib) {
  return kAddressSanitizer ? 3 * uninstrumented_kib : uninstrumented_kib;
}

// For child processes started after this call: ASan's quarantine at 16 MiB.
inline void small_asan_quarantine_for_children() {
  if (!kAddressSanitizer)
    return;
  const char* current = std::getenv("ASAN_OPTIONS");
  std::string options = current ? current : "";
  if (options.find("quarantine_size_mb") == std::string::npos) {
    options += options.empty() ? "" : ":";
    options += "quarantine_size_mb=16";
    setenv("ASAN_OPTIONS", options.c_str(), 1);
  }
}

}  // namespace ashyq::testing
