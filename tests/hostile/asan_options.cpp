// The hostile cases check this process's peak RSS (support/memory_bound.hpp): under
// AddressSanitizer its quarantine is kept at 16 MiB so that freed memory does not count.
#if defined(__SANITIZE_ADDRESS__)
extern "C" const char* __asan_default_options() {
  return "quarantine_size_mb=16";
}
#endif
