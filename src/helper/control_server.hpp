// The test helper's HTTP server: OONI's protocol on any path — POST a control request (JSON),
// get the control response; GET is a health check. Plain HTTP, as OONI's oohelperd (TLS is
// terminated in front of it in deployments).
//
// Limits: request headers 16 KiB, request body 1 MiB (a control request is a few hundred bytes),
// 30 s to read a request, a deadline on every measurement step, at most `max_in_flight`
// measurements at once (then 503), and a per-client-address rate limit (then 429).
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <string>

#include "helper/control_measurer.hpp"
#include "helper/rate_limiter.hpp"

namespace ashyq::helper {

struct ControlServerConfig {
  ControlMeasurerConfig measurer;
  std::size_t max_in_flight = 256;
  double rate_per_client = 20;  // requests/s; <= 0: no limit
  double burst_per_client = 100;
};

class ControlServer {
 public:
  ControlServer(boost::asio::io_context& io, boost::asio::ip::tcp::endpoint listen,
                ControlServerConfig config);
  // The address actually bound (port 0 picks one).
  boost::asio::ip::tcp::endpoint local_endpoint() const;
  // Starts accepting; runs on the io_context's threads.
  void start();
  // Stops accepting; requests under way finish on their own deadlines.
  void stop();

  struct State;  // implementation detail, shared with the connection coroutines

 private:
  std::shared_ptr<State> state_;
};

}  // namespace ashyq::helper
