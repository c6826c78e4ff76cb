// The helper's cache of control answers: what makes two requests the same question, hits,
// expiry (an injected clock), the caps, and single flight.
#include "helper/control_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <future>
#include <thread>

#include "helper/control_server.hpp"
#include "net/http_client.hpp"
#include "support/local_helper.hpp"
#include "support/servers.hpp"

namespace ashyq::helper {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
using Source = ControlCache::Source;

model::ThRequest base_request() {
  model::ThRequest r;
  r.http_request = "https://example.org/";
  r.http_request_headers = {
      {"Accept", {"text/html"}}, {"Accept-Language", {"en-US"}}, {"User-Agent", {"Mozilla/5.0"}}};
  r.tcp_connect = {"93.184.216.34:443", "[2606:2800:220:1::1]:443"};
  return r;
}

// ---- The key ----

struct KeyCase {
  const char* name;
  void (*change)(model::ThRequest&);
  bool same;  // the measurement cannot tell the two requests apart
};

const KeyCase kKeyCases[] = {
    {"identical", [](model::ThRequest&) {}, true},
    // What the measurer reads.
    {"url path", [](model::ThRequest& r) { r.http_request = "https://example.org/a"; }, false},
    {"url scheme", [](model::ThRequest& r) { r.http_request = "http://example.org/"; }, false},
    {"url query", [](model::ThRequest& r) { r.http_request = "https://example.org/?x=1"; }, false},
    {"url host case", [](model::ThRequest& r) { r.http_request = "https://Example.org/"; }, false},
    {"user agent", [](model::ThRequest& r) { r.http_request_headers["User-Agent"] = {"curl/8"}; },
     false},
    {"accept", [](model::ThRequest& r) { r.http_request_headers["Accept"] = {"*/*"}; }, false},
    {"accept-language",
     [](model::ThRequest& r) { r.http_request_headers["Accept-Language"] = {"kk"}; }, false},
    {"a forwarded header dropped",
     [](model::ThRequest& r) { r.http_request_headers.erase("Accept"); }, false},
    {"no headers at all (the defaults are forwarded)",
     [](model::ThRequest& r) { r.http_request_headers.clear(); }, false},
    {"another probe address (ip_info's 1 probe flag)",
     [](model::ThRequest& r) { r.tcp_connect = {"93.184.216.35:443"}; }, false},
    {"one probe address fewer", [](model::ThRequest& r) { r.tcp_connect.pop_back(); }, false},
    {"one probe address more", [](model::ThRequest& r) { r.tcp_connect.push_back("1.1.1.1:443"); },
     false},
    {"quic", [](model::ThRequest& r) { r.x_quic_enabled = true; }, false},
    // What it does not read, or reads the same way.
    {"addresses in another order",
     [](model::ThRequest& r) { std::swap(r.tcp_connect[0], r.tcp_connect[1]); }, true},
    {"an address twice", [](model::ThRequest& r) { r.tcp_connect.push_back("93.184.216.34:443"); },
     true},
    {"an address on another port (ports follow from the URL)",
     [](model::ThRequest& r) { r.tcp_connect[0] = "93.184.216.34:80"; }, true},
    {"an IPv6 address written longhand",
     [](model::ThRequest& r) { r.tcp_connect[1] = "[2606:2800:0220:0001:0:0:0:1]:443"; }, true},
    {"an unparsable tcp_connect entry (ignored by the measurer)",
     [](model::ThRequest& r) { r.tcp_connect.push_back("not an endpoint"); }, true},
    {"a header the helper does not forward",
     [](model::ThRequest& r) { r.http_request_headers["Cookie"] = {"a=b"}; }, true},
    {"a header name in another case",
     [](model::ThRequest& r) {
       r.http_request_headers.erase("User-Agent");
       r.http_request_headers["user-agent"] = {"Mozilla/5.0"};
     },
     true},
    {"a second value of a forwarded header (only the first is sent)",
     [](model::ThRequest& r) { r.http_request_headers["Accept"].push_back("*/*"); }, true},
};

TEST(ControlKey, SameOnlyWhenTheMeasurementCannotTellTheRequestsApart) {
  const auto base = control_key(base_request());
  for (const auto& c : kKeyCases) {
    auto r = base_request();
    c.change(r);
    EXPECT_EQ(control_key(r) == base, c.same) << c.name;
  }
}

TEST(ControlKey, FieldsCannotRunIntoEachOther) {
  model::ThRequest a, b;
  a.http_request = "https://a.example/";
  a.tcp_connect = {"1.2.3.4:443"};
  b.http_request = "https://a.example/1.2.3.4";
  EXPECT_NE(control_key(a), control_key(b));
}

TEST(ControlKey, NoHeadersAndTheProbesDefaultsAreTheSameQuestion) {
  // The measurer forwards the probe's defaults when the request carries none.
  auto a = base_request();
  a.http_request_headers.clear();
  auto b = base_request();
  b.http_request_headers.clear();
  for (const auto& [name, value] : net::ooni_default_headers())
    b.http_request_headers[name] = {value};
  EXPECT_EQ(control_key(a), control_key(b));
}

// ---- The cache, on one thread ----

// A clock the test moves by hand.
struct FakeClock {
  Clock::time_point t = Clock::time_point{} + 1h;
  std::function<Clock::time_point()> fn() {
    return [this] { return t; };
  }
};

ControlCache::Answer text(const std::string& s) {
  return std::make_shared<const std::string>(s);
}

// Runs one get() to completion on its own io_context.
ControlCache::Lookup get_now(ControlCache& cache, const std::string& key, const std::string& answer,
                             int& measured, bool failed = false) {
  asio::io_context io;
  auto future = asio::co_spawn(io,
                               cache.get(key,
                                         [&]() -> asio::awaitable<ControlCache::Measured> {
                                           ++measured;
                                           co_return ControlCache::Measured{text(answer), failed};
                                         }),
                               asio::use_future);
  io.run();
  return future.get();
}

TEST(ControlCache, AHitIsTheFirstAnswerAndMeasuresNothing) {
  FakeClock clock;
  ControlCache cache({.now = clock.fn()});
  int measured = 0;
  auto first = get_now(cache, "k", "answer 1", measured);
  auto second = get_now(cache, "k", "answer 2", measured);
  EXPECT_EQ(measured, 1);
  EXPECT_EQ(first.source, Source::miss);
  EXPECT_EQ(second.source, Source::hit);
  EXPECT_EQ(*second.answer, "answer 1");
  auto other = get_now(cache, "other", "answer 3", measured);
  EXPECT_EQ(other.source, Source::miss);
  EXPECT_EQ(measured, 2);
  auto s = cache.stats();
  EXPECT_EQ(s.hits, 1u);
  EXPECT_EQ(s.misses, 2u);
  EXPECT_EQ(s.entries, 2u);
}

TEST(ControlCache, AnswersExpireAfterTheirTtl) {
  struct Row {
    const char* name;
    bool failed;
    std::chrono::milliseconds age;
    bool hit;
  };
  const Row rows[] = {
      {"fresh answer, just before its TTL", false, 59'999ms, true},
      {"fresh answer, at its TTL", false, 60s, false},
      {"failed answer, before the failure TTL", true, 9'999ms, true},
      {"failed answer, at the failure TTL", true, 10s, false},
  };
  for (const auto& row : rows) {
    FakeClock clock;
    ControlCache cache({.ttl = 60s, .failure_ttl = 10s, .now = clock.fn()});
    int measured = 0;
    get_now(cache, "k", "a", measured, row.failed);
    clock.t += row.age;
    auto again = get_now(cache, "k", "b", measured, row.failed);
    EXPECT_EQ(again.source == Source::hit, row.hit) << row.name;
    EXPECT_EQ(measured, row.hit ? 1 : 2) << row.name;
  }
}

TEST(ControlCache, TtlZeroMeasuresEveryRequest) {
  ControlCache cache({.ttl = 0ms});
  EXPECT_FALSE(cache.enabled());
  int measured = 0;
  get_now(cache, "k", "a", measured);
  auto again = get_now(cache, "k", "b", measured);
  EXPECT_EQ(measured, 2);
  EXPECT_EQ(*again.answer, "b");
  EXPECT_EQ(cache.stats().entries, 0u);
}

TEST(ControlCache, TheLeastRecentlyUsedGoesFirstWhenEntriesAreCapped) {
  FakeClock clock;
  ControlCache cache({.max_entries = 2, .now = clock.fn()});
  int measured = 0;
  get_now(cache, "a", "A", measured);
  get_now(cache, "b", "B", measured);
  get_now(cache, "a", "-", measured);  // a is now the most recent
  get_now(cache, "c", "C", measured);  // evicts b
  EXPECT_EQ(measured, 3);
  EXPECT_EQ(get_now(cache, "a", "-", measured).source, Source::hit);
  EXPECT_EQ(get_now(cache, "c", "-", measured).source, Source::hit);
  EXPECT_EQ(get_now(cache, "b", "B2", measured).source, Source::miss);
  auto s = cache.stats();
  EXPECT_EQ(s.entries, 2u);
  EXPECT_EQ(s.evictions, 2u);  // b, then a (c was more recent)
}

TEST(ControlCache, BytesAreCappedAndAnOversizedAnswerIsNotKept) {
  FakeClock clock;
  ControlCache cache({.max_bytes = 3000, .now = clock.fn()});
  int measured = 0;
  get_now(cache, "a", std::string(1000, 'a'), measured);
  get_now(cache, "b", std::string(1000, 'b'), measured);
  EXPECT_LE(cache.stats().bytes, 3000u);
  get_now(cache, "c", std::string(1000, 'c'), measured);  // a goes
  EXPECT_LE(cache.stats().bytes, 3000u);
  EXPECT_EQ(cache.stats().entries, 2u);
  EXPECT_EQ(get_now(cache, "a", "x", measured).source, Source::miss);
  auto big = get_now(cache, "big", std::string(5000, 'z'), measured);
  EXPECT_EQ(big.answer->size(), 5000u);  // answered, not kept
  EXPECT_EQ(get_now(cache, "big", "small", measured).source, Source::miss);
  EXPECT_LE(cache.stats().bytes, 3000u);
}

TEST(ControlCache, NoAnswerIsNeitherKeptNorShared) {
  ControlCache cache;
  asio::io_context io;
  int measured = 0;
  auto none = [&]() -> asio::awaitable<ControlCache::Measured> {
    ++measured;
    co_return ControlCache::Measured{};
  };
  auto f1 = asio::co_spawn(io, cache.get("k", none), asio::use_future);
  io.run();
  EXPECT_EQ(f1.get().answer, nullptr);
  EXPECT_EQ(get_now(cache, "k", "a", measured).source, Source::miss);
  EXPECT_EQ(measured, 2);
}

// ---- Single flight ----

TEST(ControlCache, IdenticalRequestsInFlightShareOneMeasurement) {
  ControlCache cache;
  asio::io_context io;
  std::atomic<int> measured{0};
  auto slow = [&]() -> asio::awaitable<ControlCache::Measured> {
    ++measured;
    asio::steady_timer timer(co_await asio::this_coro::executor, 50ms);
    co_await timer.async_wait(asio::use_awaitable);
    co_return ControlCache::Measured{text("measured once")};
  };
  std::vector<std::future<ControlCache::Lookup>> futures;
  for (int i = 0; i < 5; ++i)
    futures.push_back(asio::co_spawn(io, cache.get("k", slow), asio::use_future));
  futures.push_back(asio::co_spawn(io, cache.get("other", slow), asio::use_future));
  io.run();
  EXPECT_EQ(measured.load(), 2);
  int misses = 0, coalesced = 0;
  for (int i = 0; i < 5; ++i) {
    auto r = futures[i].get();
    EXPECT_EQ(*r.answer, "measured once");
    misses += r.source == Source::miss;
    coalesced += r.source == Source::coalesced;
  }
  EXPECT_EQ(misses, 1);
  EXPECT_EQ(coalesced, 4);
  EXPECT_EQ(cache.stats().coalesced, 4u);
}

TEST(ControlCache, WaitersOnOtherThreadsAndStrandsAreResumedThere) {
  ControlCache cache;
  asio::thread_pool pool(4);
  std::atomic<int> measured{0};
  auto slow = [&]() -> asio::awaitable<ControlCache::Measured> {
    ++measured;
    asio::steady_timer timer(co_await asio::this_coro::executor, 100ms);
    co_await timer.async_wait(asio::use_awaitable);
    co_return ControlCache::Measured{text("shared")};
  };
  std::vector<std::future<ControlCache::Lookup>> futures;
  for (int i = 0; i < 32; ++i) {
    futures.push_back(
        asio::co_spawn(asio::make_strand(pool), cache.get("k", slow), asio::use_future));
  }
  for (auto& f : futures)
    EXPECT_EQ(*f.get().answer, "shared");
  pool.join();
  EXPECT_EQ(measured.load(), 1);
}

TEST(ControlCache, WaitersMeasureOnTheirOwnWhenTheLeaderGivesNoAnswer) {
  ControlCache cache;
  asio::io_context io;
  int measured = 0;
  auto flaky = [&]() -> asio::awaitable<ControlCache::Measured> {
    const bool first = measured++ == 0;
    asio::steady_timer timer(co_await asio::this_coro::executor, 20ms);
    co_await timer.async_wait(asio::use_awaitable);
    if (first)
      co_return ControlCache::Measured{};  // e.g. overloaded
    co_return ControlCache::Measured{text("second try")};
  };
  auto leader = asio::co_spawn(io, cache.get("k", flaky), asio::use_future);
  auto waiter = asio::co_spawn(io, cache.get("k", flaky), asio::use_future);
  io.run();
  EXPECT_EQ(leader.get().answer, nullptr);
  auto w = waiter.get();
  ASSERT_NE(w.answer, nullptr);
  EXPECT_EQ(*w.answer, "second try");
  EXPECT_EQ(measured, 2);
}

TEST(ControlCache, ALeaderThatThrowsReleasesItsWaiters) {
  ControlCache cache;
  asio::io_context io;
  int measured = 0;
  auto throws_first = [&]() -> asio::awaitable<ControlCache::Measured> {
    const bool first = measured++ == 0;
    asio::steady_timer timer(co_await asio::this_coro::executor, 20ms);
    co_await timer.async_wait(asio::use_awaitable);
    if (first)
      throw std::runtime_error("a bug");
    co_return ControlCache::Measured{text("after the bug")};
  };
  auto leader = asio::co_spawn(io, cache.get("k", throws_first), asio::use_future);
  auto waiter = asio::co_spawn(io, cache.get("k", throws_first), asio::use_future);
  io.run();
  EXPECT_THROW(leader.get(), std::runtime_error);
  EXPECT_EQ(*waiter.get().answer, "after the bug");
}

// ---- Through the server ----

TEST(ControlCache, TheServerSaysHowEachAnswerWasMade) {
  testing::TcpServer site(testing::serve_page(200, "<title>Cached</title>"));
  testing::LocalHelper helper(testing::LocalHelper::loopback_config());
  auto post = [&](const std::string& tcp_connect) {
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    socket.connect({asio::ip::make_address("127.0.0.1"), helper.port()});
    namespace http = boost::beast::http;
    http::request<http::string_body> req{http::verb::post, "/", 11};
    req.set(http::field::host, "127.0.0.1");
    req.body() = R"({"http_request": ")" + site.url() + R"(", "http_request_headers": {},
                     "tcp_connect": [")" +
                 tcp_connect + R"("]})";
    req.prepare_payload();
    http::write(socket, req);
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(socket, buffer, res);
    return res;
  };
  auto first = post(site.endpoint());
  auto second = post(site.endpoint());
  auto other = post("127.0.0.2:1");
  ASSERT_EQ(first.result_int(), 200);
  EXPECT_EQ(first["X-Ashyq-Cache"], "miss");
  EXPECT_EQ(second["X-Ashyq-Cache"], "hit");
  EXPECT_EQ(first.body(), second.body());
  EXPECT_EQ(other["X-Ashyq-Cache"], "miss");
  EXPECT_NE(other.body(), first.body());  // 127.0.0.2 is in its ip_info
}

}  // namespace
}  // namespace ashyq::helper
