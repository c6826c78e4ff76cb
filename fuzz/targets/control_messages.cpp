// The test helper's protocol: a control request as the helper reads it, and a control response
// as the probe reads it.
#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/th_request.hpp"
#include "model/th_response.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  boost::system::error_code ec;
  auto value = boost::json::parse(std::string_view(reinterpret_cast<const char*>(data), size), ec);
  if (ec)
    return 0;
  (void)ashyq::model::parse_th_request(value);
  (void)ashyq::model::parse_control_response(value);
  return 0;
}
