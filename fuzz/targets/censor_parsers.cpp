// What the lab's censor reads from forwarded packets: IPv4 headers, a TLS ClientHello's SNI, an
// HTTP request's Host, a DNS question.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lab/dns_question.hpp"
#include "lab/http_host.hpp"
#include "lab/packet.hpp"
#include "lab/tls_client_hello.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)ashyq::lab::parse_ipv4(bytes);
  (void)ashyq::lab::parse_client_hello(bytes);
  (void)ashyq::lab::parse_http_host(bytes);
  (void)ashyq::lab::parse_dns_question(bytes);
  return 0;
}
