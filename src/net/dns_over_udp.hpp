// DNS over UDP to any IP:port. An unanswered query is sent again every `dns_retry` until the
// deadline (a lost datagram is not censorship), each send a write in the trace. Replies whose
// id or question does not match are ignored (an off-path guess or a stale reply); after the
// first good reply it keeps listening for
// `dns_linger` and records every further reply, so an injected answer racing the true one
// leaves both in the measurement (OONI's x_dns_duplicate_responses). An ICMP error (port
// unreachable: a host that runs no DNS) is reported by the kernel before datagrams already
// queued, so after one it still reads for `dns_linger`: a reply injected on the path wins.
#pragma once

#include "net/dns_transport.hpp"
#include "net/endpoint.hpp"

namespace ashyq::net {

class DnsOverUdp final : public DnsTransportResolver {
 public:
  DnsOverUdp(Endpoint server, core::StepTimeouts timeouts)
      : DnsTransportResolver(timeouts), server_(server) {}
  std::string engine() const override { return "udp"; }
  std::string address() const override { return server_.str(); }

 protected:
  boost::asio::awaitable<DnsExchange> exchange(std::string query, uint16_t id,
                                               Trace& trace) override;

 private:
  Endpoint server_;
};

class DnsOverTcp final : public DnsTransportResolver {
 public:
  DnsOverTcp(Endpoint server, core::StepTimeouts timeouts)
      : DnsTransportResolver(timeouts), server_(server) {}
  std::string engine() const override { return "tcp"; }
  std::string address() const override { return server_.str(); }

 protected:
  boost::asio::awaitable<DnsExchange> exchange(std::string query, uint16_t id,
                                               Trace& trace) override;

 private:
  Endpoint server_;
};

}  // namespace ashyq::net
