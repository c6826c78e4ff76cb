// A token bucket per client address: `rate` requests per second on average, bursts up to
// `burst`. Buckets of clients idle for a minute are forgotten, so the table stays bounded by
// the number of active clients (and by kMaxClients). Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace ashyq::helper {

class RateLimiter {
 public:
  static constexpr std::size_t kMaxClients = 100000;
  // rate <= 0 disables limiting.
  RateLimiter(double rate, double burst) : rate_(rate), burst_(burst) {}
  bool allow(const std::string& client,
             std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point last;
  };
  double rate_, burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  std::chrono::steady_clock::time_point last_sweep_{};
};

}  // namespace ashyq::helper
