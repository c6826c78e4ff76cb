#include "helper/control_cache.hpp"

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "helper/control_measurer.hpp"

namespace ashyq::helper {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

// A field as "<length>:<bytes>", so no two different lists of fields make the same key.
void append_field(std::string& key, std::string_view field) {
  key += std::to_string(field.size());
  key += ':';
  key += field;
}

// What an entry costs besides its key and answer (map node, list node, bookkeeping).
constexpr std::size_t kEntryOverhead = 160;

}  // namespace

std::string control_key(const model::ThRequest& request) {
  std::string key;
  key.reserve(request.http_request.size() + 256);
  append_field(key, "url");
  append_field(key, request.http_request);
  append_field(key, "headers");
  for (const auto& [name, value] : forwarded_headers(request)) {
    append_field(key, name);
    append_field(key, value);
  }
  append_field(key, "addresses");
  for (const auto& ip : probe_addresses(request))
    append_field(key, ip);
  append_field(key, "quic");
  append_field(key, request.x_quic_enabled ? "1" : "0");
  return key;
}

// One measurement under way and the requests waiting for its answer. Guarded by the cache's
// mutex.
struct ControlCache::Flight {
  struct Waiter {
    asio::any_io_executor executor;
    std::function<void(Answer)> resume;
  };
  bool done = false;
  Answer answer;
  std::vector<Waiter> waiters;
};

ControlCache::ControlCache(ControlCacheConfig config) : config_(std::move(config)) {}

ControlCache::~ControlCache() = default;

Clock::time_point ControlCache::now() const {
  return config_.now ? config_.now() : Clock::now();
}

ControlCache::Stats ControlCache::stats() const {
  std::lock_guard lock(mutex_);
  Stats s = stats_;
  s.entries = entries_.size();
  return s;
}

ControlCache::Answer ControlCache::find_locked(const std::string& key) {
  auto it = entries_.find(key);
  if (it == entries_.end())
    return nullptr;
  if (now() >= it->second.expires) {
    stats_.bytes -= it->second.bytes;
    lru_.erase(it->second.lru);
    entries_.erase(it);
    return nullptr;
  }
  lru_.splice(lru_.begin(), lru_, it->second.lru);
  return it->second.answer;
}

void ControlCache::keep_locked(const std::string& key, const Measured& measured) {
  const std::size_t bytes = 2 * key.size() + measured.answer->size() + kEntryOverhead;
  if (bytes > config_.max_bytes || config_.max_entries == 0)
    return;
  if (auto it = entries_.find(key); it != entries_.end()) {
    stats_.bytes -= it->second.bytes;
    lru_.erase(it->second.lru);
    entries_.erase(it);
  }
  while (!lru_.empty() &&
         (entries_.size() >= config_.max_entries || stats_.bytes + bytes > config_.max_bytes)) {
    auto victim = entries_.find(lru_.back());
    stats_.bytes -= victim->second.bytes;
    entries_.erase(victim);
    lru_.pop_back();
    ++stats_.evictions;
  }
  auto ttl = config_.ttl;
  if (measured.failed)
    ttl = std::min(ttl, config_.failure_ttl);
  if (ttl.count() <= 0)
    return;
  lru_.push_front(key);
  entries_.emplace(key, Entry{measured.answer, now() + ttl, bytes, lru_.begin()});
  stats_.bytes += bytes;
}

void ControlCache::finish(const std::string& key, const std::shared_ptr<Flight>& flight,
                          Measured measured) {
  std::vector<Flight::Waiter> waiters;
  {
    std::lock_guard lock(mutex_);
    if (flight->done)
      return;
    flight->done = true;
    flight->answer = measured.answer;
    waiters.swap(flight->waiters);
    if (auto it = flights_.find(key); it != flights_.end() && it->second == flight)
      flights_.erase(it);
    if (measured.answer)
      keep_locked(key, measured);
  }
  for (auto& w : waiters) {
    asio::post(w.executor,
               [resume = std::move(w.resume), answer = measured.answer] { resume(answer); });
  }
}

asio::awaitable<ControlCache::Lookup> ControlCache::get(std::string key, Measure measure) {
  if (!enabled()) {
    auto measured = co_await measure();
    co_return Lookup{measured.answer, Source::miss};
  }
  std::shared_ptr<Flight> flight;
  bool leader = false;
  Answer kept;
  {
    std::lock_guard lock(mutex_);
    kept = find_locked(key);
    if (kept) {
      ++stats_.hits;
    } else if (auto it = flights_.find(key); it != flights_.end()) {
      flight = it->second;
    } else {
      flight = std::make_shared<Flight>();
      flights_.emplace(key, flight);
      leader = true;
      ++stats_.misses;
    }
  }
  if (kept)
    co_return Lookup{kept, Source::hit};

  if (!leader) {
    // A named initiation, not a temporary inside the co_await expression: GCC 12 destroys such a
    // capturing temporary twice, which released `flight` once too often (ASan: use after free).
    auto wait_for_leader = [this, flight](auto handler) {
      auto executor = asio::get_associated_executor(handler);
      auto shared = std::make_shared<decltype(handler)>(std::move(handler));
      auto resume = [shared](Answer a) { std::move (*shared)(std::move(a)); };
      std::unique_lock lock(mutex_);
      if (flight->done) {
        Answer a = flight->answer;
        lock.unlock();
        asio::post(executor, [resume, a] { resume(a); });
        return;
      }
      flight->waiters.push_back({executor, std::move(resume)});
    };
    Answer answer = co_await asio::async_initiate<decltype(asio::use_awaitable), void(Answer)>(
        wait_for_leader, asio::use_awaitable);
    if (answer) {
      std::lock_guard lock(mutex_);
      ++stats_.coalesced;
    } else {
      // The leader gave no answer (overloaded, or it was cancelled): measure on our own.
      auto measured = co_await measure();
      co_return Lookup{measured.answer, Source::miss};
    }
    co_return Lookup{answer, Source::coalesced};
  }

  // The leader: whatever happens to this coroutine (an answer, an exception, its frame
  // destroyed by a cancellation), the waiters are released.
  struct Release {
    ControlCache* cache;
    const std::string& key;
    std::shared_ptr<Flight> flight;
    ~Release() { cache->finish(key, flight, Measured{}); }
  } release{this, key, flight};
  auto measured = co_await measure();
  finish(key, flight, measured);
  co_return Lookup{measured.answer, Source::miss};
}

}  // namespace ashyq::helper
