// STUN datagrams: a server's answer (probe side) and a client's request (the lab's server).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "net/stun_message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view datagram(reinterpret_cast<const char*>(data), size);
  ashyq::net::StunTransactionId id{};
  if (size >= 20) {
    for (std::size_t i = 0; i < id.size(); ++i)
      id[i] = data[8 + i];  // the datagram's own id, so the attribute walk is reached
  }
  ashyq::net::stun_mapped_address(datagram, id);
  ashyq::net::stun_binding_response(datagram, "203.0.113.7", 1);
  return 0;
}
