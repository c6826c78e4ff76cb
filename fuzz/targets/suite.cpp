// A suite file (data/suites/NAME.toml, or any path given to `ashyq run --suite`): the TOML
// reader and its checks, then the command line's options merged into its steps. An Error is
// the expected way out.
#include "runner/suite.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto suite = ashyq::runner::parse_suite(
      std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.toml");
  if (suite) {
    (void)ashyq::runner::with_command_line_options(*suite, {});
    (void)ashyq::runner::with_command_line_options(*suite,
                                                   {"control=https://fuzz.example/", "nosuch=1"});
  }
  return 0;
}
