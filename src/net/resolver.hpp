// Resolvers: the injectable DNS step. Each lookup records OONI `queries` entries (answers,
// failure, engine, resolver address, t0/t) into the flow's trace and returns the addresses.
//
// Implementations: SystemResolver (getaddrinfo, engine "getaddrinfo"), DnsOverUdp ("udp",
// keeps listening after the first reply so injected duplicates are recorded), DnsOverTcp
// ("tcp"), DnsOverTls ("dot", RFC 7858), DnsOverHttps ("doh", RFC 8484). make_resolver() builds
// one from a spec string.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/limits.hpp"
#include "core/result.hpp"
#include "net/trace.hpp"

namespace ashyq::net {

struct LookupResult {
  std::vector<std::string> addresses;  // A answers first, then AAAA
  core::MaybeFailure failure;          // set when no address was found
};

class Resolver {
 public:
  virtual ~Resolver() = default;
  virtual boost::asio::awaitable<LookupResult> lookup(std::string host, Trace& trace) = 0;
  virtual std::string engine() const = 0;
  virtual std::string address() const = 0;  // "" for the system resolver
};

class TrustStore;

struct ResolverOptions {
  core::StepTimeouts timeouts;
  std::shared_ptr<TrustStore> trust;  // for DoH; the system store when null
  // For DoH: connect here instead of resolving the DoH server's name ("IP:port"), optional.
  std::string doh_address;
};

// "system", "udp://IP[:PORT]", "tcp://IP[:PORT]", "dot://HOST_OR_IP[:PORT]" (DoT, port 853 by
// default), "https://host/path" (DoH).
// Returns the resolver, or an Error whose `where` quotes the spec and whose `why` says what is
// wrong with it.
core::Result<std::shared_ptr<Resolver>> make_resolver(std::string_view spec,
                                                      const ResolverOptions& options);

}  // namespace ashyq::net
