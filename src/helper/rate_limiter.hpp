// A token bucket per client: `rate` requests per second on average, bursts up to `burst`. A
// client is the HTTP layer's ClientKey (a keyed hash of its address, never the address itself).
// Buckets of clients idle for a minute are forgotten, so the table stays bounded by the number
// of active clients (and by kMaxClients). Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <unordered_map>

#include "net/http_server.hpp"

namespace ashyq::helper {

class RateLimiter {
 public:
  static constexpr std::size_t kMaxClients = 100000;
  // rate <= 0 disables limiting.
  RateLimiter(double rate, double burst) : rate_(rate), burst_(burst) {}
  bool allow(const net::ClientKey& client,
             std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point last;
  };
  double rate_, burst_;
  std::mutex mutex_;
  std::unordered_map<net::ClientKey, Bucket, net::ClientKeyHash> buckets_;
  std::chrono::steady_clock::time_point last_sweep_{};
};

}  // namespace ashyq::helper
