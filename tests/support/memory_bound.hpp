// Peak-memory bounds in tests. A bound is a figure for an uninstrumented build: under
// AddressSanitizer (scripts/test.sh's build) a process's RSS is mostly the sanitizer's (the
// helper idles at about 410 MiB there against 16 MiB in release, decided 2026-12-07), so the
// bound is not checked and the figures are only printed. Run the tests of a release build
// (`cd build/release && ctest`) to check them.
#pragma once

#include <limits>

namespace ashyq::testing {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif

// The bound to check a peak RSS against in this build (none under ASan).
inline constexpr long rss_bound_kib(long uninstrumented_kib) {
  return kAddressSanitizer ? std::numeric_limits<long>::max() : uninstrumented_kib;
}

}  // namespace ashyq::testing
