// Shared logic of the resolvers that speak the DNS wire protocol (UDP, TCP, DoH): send an A
// and an AAAA query in parallel, record each as a `queries` entry, merge the addresses.
// A transport only implements `exchange`: one query out, the reply (and any late replies) in.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "net/dns_message.hpp"
#include "net/resolver.hpp"

namespace ashyq::net {

struct DnsExchange {
  std::optional<std::string> reply;       // the first acceptable reply, wire bytes
  core::MaybeFailure failure;             // when no acceptable reply arrived
  std::vector<std::string> late_replies;  // further replies to the same query (UDP)
  std::vector<double> late_times;         // when each late reply arrived
};

class DnsTransportResolver : public Resolver {
 public:
  boost::asio::awaitable<LookupResult> lookup(std::string host, Trace& trace) override;

 protected:
  explicit DnsTransportResolver(core::StepTimeouts timeouts) : timeouts_(timeouts) {}
  virtual boost::asio::awaitable<DnsExchange> exchange(std::string query, uint16_t id,
                                                       Trace& trace) = 0;
  core::StepTimeouts timeouts_;

 private:
  boost::asio::awaitable<std::pair<std::vector<std::string>, core::MaybeFailure>> query_one(
      const std::string& host, DnsType type, Trace& trace);
};

// A random query id (the kernel's random source; ids must not be guessable by an injector).
uint16_t random_dns_id();

}  // namespace ashyq::net
