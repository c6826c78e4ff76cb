// The system resolver: getaddrinfo(3), run on its own detached thread because it blocks and
// cannot be cancelled. The lookup gives up at its deadline; the thread then finishes in the
// background and its late answer is discarded. At most kMaxThreads lookups run at once. Records one
// `queries` entry with engine "getaddrinfo" and query_type "ANY", and the raw EAI code as
// getaddrinfo_error on failure, as OONI does.
#pragma once

#include "net/resolver.hpp"

namespace ashyq::net {

// Asks glibc's stub resolver, through RES_OPTIONS (read when a thread first resolves), to send an
// unanswered query again after 1 s, 4 times at most, unless the environment already sets
// RES_OPTIONS. resolv.conf's default wait is 5 s, longer than a lookup's deadline (4 s), so a
// single datagram lost on a lossy link would otherwise end as a DNS timeout — and read as DNS
// blocking. To be called before any thread starts (setenv is not thread-safe). Returns the value
// in force.
std::string prefer_quick_dns_retransmission();

class SystemResolver final : public Resolver {
 public:
  static constexpr int kMaxThreads = 256;
  explicit SystemResolver(std::chrono::milliseconds timeout) : timeout_(timeout) {}

  boost::asio::awaitable<LookupResult> lookup(std::string host, Trace& trace) override;
  std::string engine() const override { return "getaddrinfo"; }
  std::string address() const override { return ""; }

 private:
  std::chrono::milliseconds timeout_;
};

}  // namespace ashyq::net
