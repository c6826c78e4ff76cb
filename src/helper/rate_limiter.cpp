#include "helper/rate_limiter.hpp"

#include <algorithm>

namespace ashyq::helper {

bool RateLimiter::allow(const net::ClientKey& client, std::chrono::steady_clock::time_point now) {
  if (rate_ <= 0)
    return true;
  std::lock_guard lock(mutex_);
  if (now - last_sweep_ > std::chrono::minutes(1) || buckets_.size() >= kMaxClients) {
    std::erase_if(buckets_,
                  [&](const auto& kv) { return now - kv.second.last > std::chrono::minutes(1); });
    last_sweep_ = now;
    if (buckets_.size() >= kMaxClients)
      return false;  // under attack from many addresses
  }
  auto [it, fresh] = buckets_.try_emplace(client, Bucket{burst_, now});
  Bucket& b = it->second;
  double elapsed = std::chrono::duration<double>(now - b.last).count();
  b.tokens = std::min(burst_, b.tokens + elapsed * rate_);
  b.last = now;
  if (b.tokens < 1)
    return false;
  b.tokens -= 1;
  return true;
}

}  // namespace ashyq::helper
