// A short-lived cache of control answers, keyed by the request (docs/helper.md, "Cache", decided
// 2026-12-07). Probes in one country measure the same list within minutes, so a helper is asked
// the same question many times a minute; within the TTL the answer measured for the first is the
// answer for the others.
//
// The key holds every field the measurement depends on (control_key): the URL as sent, the
// headers the helper forwards to the site (Accept, Accept-Language, User-Agent, after the
// defaults are applied), the set of addresses in tcp_connect (normalised, sorted, once each: the
// measurer reads only their addresses and measures them in that order, and ip_info's "1 probe"
// flag depends on them) and x_quic_enabled. Two requests with the same key get byte-identical
// answers from the measurer's point of view; any other difference makes another key.
//
// Answers live `ttl` (answers whose DNS or fetch failed at most `failure_ttl`, so a passing
// failure of the helper's own network is not repeated for a minute), within caps on entries and
// bytes (the least recently used go first). Identical requests that arrive while one is measured
// wait for its answer (single flight) instead of measuring again.
//
// Thread safety: every member may be called from any thread; waiters are resumed on their own
// executor. The clock is injectable for tests.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/th_request.hpp"

namespace ashyq::helper {

struct ControlCacheConfig {
  std::chrono::milliseconds ttl{60'000};          // 0 disables the cache (and single flight)
  std::chrono::milliseconds failure_ttl{10'000};  // for answers with a DNS or fetch failure
  std::size_t max_entries = 20'000;
  std::size_t max_bytes = 64u << 20;  // keys + answers + a fixed overhead per entry
  std::function<std::chrono::steady_clock::time_point()> now;  // OPTIONAL: steady_clock
};

// The cache key of a request: every field the measurement depends on, length-prefixed.
std::string control_key(const model::ThRequest& request);

class ControlCache {
 public:
  // A serialized control answer, shared by every request that gets it.
  using Answer = std::shared_ptr<const std::string>;
  // Measures and says whether the answer may be kept (false: a failure of the helper's own
  // network); a null answer (e.g. 503 overloaded) is neither kept nor shared.
  struct Measured {
    Answer answer;
    bool failed = false;
  };
  using Measure = std::function<boost::asio::awaitable<Measured>()>;
  enum class Source { hit, coalesced, miss };
  struct Lookup {
    Answer answer;  // null when the measurement gave none
    Source source = Source::miss;
  };
  struct Stats {
    std::size_t hits = 0, coalesced = 0, misses = 0, evictions = 0, entries = 0, bytes = 0;
  };

  explicit ControlCache(ControlCacheConfig config = {});
  ~ControlCache();
  ControlCache(const ControlCache&) = delete;
  ControlCache& operator=(const ControlCache&) = delete;

  bool enabled() const { return config_.ttl.count() > 0; }
  // The answer for `key`: a kept one, the one being measured for an identical request, or a new
  // measurement by `measure` (kept if not null). A waiter whose leader gave no answer measures
  // on its own.
  boost::asio::awaitable<Lookup> get(std::string key, Measure measure);
  Stats stats() const;

  struct Flight;  // implementation detail

 private:
  struct Entry {
    Answer answer;
    std::chrono::steady_clock::time_point expires;
    std::size_t bytes = 0;
    std::list<std::string>::iterator lru;  // position in lru_ (front: most recent)
  };
  std::chrono::steady_clock::time_point now() const;
  Answer find_locked(const std::string& key);
  void keep_locked(const std::string& key, const Measured& measured);
  void finish(const std::string& key, const std::shared_ptr<Flight>& flight, Measured measured);

  ControlCacheConfig config_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> lru_;
  std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
  Stats stats_;
};

}  // namespace ashyq::helper
