// The test helper's HTTP service: OONI's protocol on any path — POST a control request (JSON),
// get the control response; GET is a health check. A handler on net::HttpServer, plain HTTP as
// OONI's oohelperd (TLS is terminated in front of it in deployments).
//
// Limits: those of the HTTP layer (request headers 16 KiB, request body 1 MiB — a control
// request is a few hundred bytes —, 30 s to read a request, then 413 or a close), a deadline on
// every measurement step, at most `max_in_flight` measurements at once (then 503), and a rate
// limit per client (then 429), keyed by the layer's ClientKey: the helper never sees a client's
// address as text.
//
// Answers are kept for a short time by the request's key and shared by identical requests
// (control_cache.hpp); every answer says how it was made in `X-Ashyq-Cache: miss | hit |
// coalesced`.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>

#include "helper/control_cache.hpp"
#include "helper/control_measurer.hpp"
#include "net/http_server.hpp"

namespace ashyq::helper {

struct ControlServerConfig {
  ControlMeasurerConfig measurer;
  std::size_t max_in_flight = 256;
  double rate_per_client = 20;  // requests/s; <= 0: no limit
  double burst_per_client = 100;
  net::HttpServerLimits http;  // header 16 KiB, body 1 MiB, 30 s to read, 30 s to write
  ControlCacheConfig cache;    // 60 s; ttl 0 disables it
};

class ControlServer {
 public:
  // Binds `listen` (port 0 picks one); throws boost::system::system_error when it cannot.
  ControlServer(boost::asio::io_context& io, boost::asio::ip::tcp::endpoint listen,
                ControlServerConfig config);
  ~ControlServer();
  // The address actually bound.
  boost::asio::ip::tcp::endpoint local_endpoint() const;
  // Starts accepting; runs on the io_context's threads.
  void start();
  // Stops accepting; requests under way finish on their own deadlines.
  void stop();
  // The cache's counters (hits, coalesced, misses, evictions, entries, bytes).
  ControlCache::Stats cache_stats() const;

  struct State;  // implementation detail, shared with the handler

 private:
  std::shared_ptr<State> state_;
  std::unique_ptr<net::HttpServer> server_;
};

}  // namespace ashyq::helper
