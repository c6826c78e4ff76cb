// One OONI measurement as `ashyq analyze` and the collector read it: JSON, then the analysis
// of a web_connectivity measurement (the verdict re-derived from its records).
#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "analysis/reanalysis.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  boost::system::error_code ec;
  auto value = boost::json::parse(std::string_view(reinterpret_cast<const char*>(data), size), ec);
  if (ec)
    return 0;
  ashyq::analysis::VerdictOptions options;
  (void)ashyq::analysis::reanalyze(value, options);
  return 0;
}
