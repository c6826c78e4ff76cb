// DNS messages from the network (a resolver's reply, an injected answer): parsed, and a parsed
// query answered again, as the probe and the lab's DNS code do.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "net/dns_message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view wire(reinterpret_cast<const char*>(data), size);
  if (auto message = ashyq::net::parse_dns_message(wire)) {
    auto reply = ashyq::net::encode_dns_reply(*message, 0, message->answers);
    if (reply)
      ashyq::net::parse_dns_message(*reply);
  }
  return 0;
}
