// Lab scenario files (TOML): every error is a ScenarioError naming file, key and line.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lab/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    (void)ashyq::lab::parse_scenario(std::string_view(reinterpret_cast<const char*>(data), size),
                                     "fuzz.toml");
  } catch (const ashyq::lab::ScenarioError&) {
  }
  return 0;
}
