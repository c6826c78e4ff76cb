// One connect deadline for all of a host's addresses: 100 addresses that all blackhole cost one
// deadline, at most 16 are considered, and each dial gets a fair part of what is left.
#include "net/dial_first.hpp"

#include <gtest/gtest.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/clock.hpp"
#include "support/run.hpp"

namespace ashyq::net {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// Every address blackholes: the dial waits out its timeout and fails.
class BlackholeDialer final : public Dialer {
 public:
  asio::awaitable<DialResult> dial(Endpoint, std::chrono::milliseconds timeout, Trace&) override {
    timeouts.push_back(timeout);
    asio::steady_timer timer(co_await asio::this_coro::executor, timeout);
    co_await timer.async_wait(asio::use_awaitable);
    DialResult r;
    r.failure = core::FailureKind::generic_timeout_error;
    co_return r;
  }
  std::vector<std::chrono::milliseconds> timeouts;
};

std::vector<Endpoint> addresses(int n) {
  std::vector<Endpoint> out;
  for (int i = 0; i < n; ++i)
    out.push_back({*parse_ip("192.0.2." + std::to_string(i % 250 + 1)), 443});
  return out;
}

TEST(DialFirst, AHundredBlackholedAddressesCostOneDeadline) {
  BlackholeDialer dialer;
  core::MeasurementClock clock;
  Trace trace(clock, 0);
  auto result = testing::run_coro(dial_first(dialer, addresses(100), 300ms, 16, trace));
  EXPECT_FALSE(result.stream);
  EXPECT_EQ(result.failure->str(), "generic_timeout_error");
  EXPECT_EQ(result.reachable, 16u);
  // Below the 2 s minimum share, the first address gets the whole budget and no other is tried.
  EXPECT_EQ(result.tried, 1u);
  ASSERT_EQ(dialer.timeouts.size(), 1u);
  EXPECT_LE(dialer.timeouts[0], 300ms);
}

TEST(DialFirst, ALargeBudgetIsSharedAmongTheAddresses) {
  BlackholeDialer dialer;
  core::MeasurementClock clock;
  Trace trace(clock, 0);
  // 3 addresses, 6 s: 2 s each (a third of what is left each time); the deadline is shared, so
  // the sum never exceeds the budget.
  std::chrono::milliseconds sum{0};
  auto result = testing::run_coro(dial_first(dialer, addresses(3), 60ms * 100, 16, trace));
  for (auto t : dialer.timeouts)
    sum += t;
  EXPECT_EQ(result.tried, 3u);
  EXPECT_LE(sum, 6000ms);
  EXPECT_GE(dialer.timeouts[0], 1900ms);
}

}  // namespace
}  // namespace ashyq::net
