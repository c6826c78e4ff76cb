// DNS over TLS (RFC 7858): each query goes over a fresh TLS connection to the server (port 853
// by default), framed with the two-byte length prefix of DNS over TCP. The server is an IP
// literal or a host name; a name is resolved with the system resolver (unless an address is
// given) and is also the default SNI. The TCP, TLS and read/write records land in the same trace
// as the `queries` entries (engine "dot", resolver_address "HOST:PORT" as given).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "net/dns_transport.hpp"
#include "net/endpoint.hpp"
#include "net/tls_handshaker.hpp"

namespace ashyq::net {

struct DotServer {
  std::string host;                 // MANDATORY: an IP literal or a host name
  uint16_t port = 853;              // OPTIONAL
  std::optional<Endpoint> address;  // OPTIONAL: connect here instead of resolving `host`
  std::string server_name;          // OPTIONAL: SNI and verified name; default `host` when it
                                    // is a name, none (the IP is verified) when it is an IP
};

// "HOST_OR_IP[:PORT]" or "[v6]:PORT" → a DotServer (port 853 when absent); nullopt when malformed.
std::optional<DotServer> parse_dot_server(std::string_view text);

class DnsOverTls final : public DnsTransportResolver {
 public:
  DnsOverTls(DotServer server, std::shared_ptr<TrustStore> trust, core::StepTimeouts timeouts)
      : DnsTransportResolver(timeouts), server_(std::move(server)), trust_(std::move(trust)) {}
  std::string engine() const override { return "dot"; }
  std::string address() const override;

 protected:
  boost::asio::awaitable<DnsExchange> exchange(std::string query, uint16_t id,
                                               Trace& trace) override;

 private:
  DotServer server_;
  std::shared_ptr<TrustStore> trust_;
};

}  // namespace ashyq::net
