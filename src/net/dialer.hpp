// Dialer: the injectable TCP connect. The real one (TcpDialer) connects with a deadline and
// records `tcp_connect` and a `connect` network event into the flow's trace; a test or the lab
// can substitute its own (fail on purpose, send every connection to a local server, …).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <optional>

#include "net/endpoint.hpp"
#include "net/observed_stream.hpp"
#include "net/trace.hpp"

namespace ashyq::net {

struct DialResult {
  std::optional<ObservedTcp> stream;  // set on success
  core::MaybeFailure failure;         // set on failure
};

class Dialer {
 public:
  virtual ~Dialer() = default;
  virtual boost::asio::awaitable<DialResult> dial(Endpoint endpoint,
                                                  std::chrono::milliseconds timeout,
                                                  Trace& trace) = 0;
};

class TcpDialer final : public Dialer {
 public:
  boost::asio::awaitable<DialResult> dial(Endpoint endpoint, std::chrono::milliseconds timeout,
                                          Trace& trace) override;
};

}  // namespace ashyq::net
