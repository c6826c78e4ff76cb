// DNS over HTTPS (RFC 8484): each query is POSTed as application/dns-message over a fresh TLS
// connection to the DoH server. The DoH server's own name is resolved with the system
// resolver unless an address is given. Its TCP, TLS and HTTP records land in the same trace.
#pragma once

#include "net/dns_transport.hpp"
#include "net/endpoint.hpp"
#include "net/tls_handshaker.hpp"
#include "net/url.hpp"

namespace ashyq::net {

class DnsOverHttps final : public DnsTransportResolver {
 public:
  DnsOverHttps(Url url, std::optional<Endpoint> address, std::shared_ptr<TrustStore> trust,
               core::StepTimeouts timeouts)
      : DnsTransportResolver(timeouts),
        url_(std::move(url)),
        address_(address),
        trust_(std::move(trust)) {}
  std::string engine() const override { return "doh"; }
  std::string address() const override { return url_.text; }

 protected:
  boost::asio::awaitable<DnsExchange> exchange(std::string query, uint16_t id,
                                               Trace& trace) override;

 private:
  Url url_;
  std::optional<Endpoint> address_;
  std::shared_ptr<TrustStore> trust_;
};

}  // namespace ashyq::net
