// Connecting to one of a host's addresses under one deadline, as Go's dialer does: the addresses
// are tried in order, each with an equal part of what is left of the deadline but at least 2 s
// (or what is left), at most `max_addresses` of them. A name with 100 addresses that all
// blackhole costs one deadline, not 100. Used by the probe's fetches (urlgetter) and by the
// calls to ashyq's own services (service_call).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstddef>
#include <optional>
#include <vector>

#include "net/dialer.hpp"
#include "net/endpoint.hpp"
#include "net/trace.hpp"

namespace ashyq::net {

struct DialFirstResult {
  std::optional<ObservedTcp> stream;  // the first connection made
  core::MaybeFailure failure;         // the last address's failure, when none connected
  std::size_t tried = 0;              // addresses dialled
  std::size_t reachable = 0;          // addresses it could have tried: min(size, max_addresses)
};

boost::asio::awaitable<DialFirstResult> dial_first(Dialer& dialer,
                                                   const std::vector<Endpoint>& endpoints,
                                                   std::chrono::milliseconds budget,
                                                   std::size_t max_addresses, Trace& trace);

}  // namespace ashyq::net
