// Citizen Lab test lists (CSV): the CSV reader and the list's rows, categories, URLs.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/csv_reader.hpp"
#include "experiments/test_list.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)ashyq::core::parse_csv_rows(text);
  (void)ashyq::experiments::parse_test_list(text);
  (void)ashyq::experiments::parse_test_list(text, {"NEWS", "HUMR"});
  return 0;
}
