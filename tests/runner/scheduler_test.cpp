// The scheduler with a fake job (a timer, no network): the per-host limit, the concurrency
// limit, --max-runtime, stop() (Ctrl-C) and a failing job.
#include "runner/scheduler.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <map>

namespace ashyq::runner {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// Runs `hosts.size()` fake jobs of `duration` each and records what ran at once.
struct FakeRun {
  asio::io_context io;
  std::vector<std::string> hosts;
  std::chrono::milliseconds duration{5};
  std::map<std::string, unsigned> running_per_host, max_per_host;
  unsigned running = 0, max_running = 0;
  std::vector<std::size_t> completed;
  std::function<void(std::size_t)> on_start;  // optional, before the job waits
  std::optional<std::size_t> failing;         // this index returns an error

  ScheduleOutcome run(SchedulerLimits limits, Scheduler** out = nullptr) {
    auto job = [this](std::size_t i) -> asio::awaitable<core::Result<void>> {
      const auto& host = hosts[i];
      max_per_host[host] = std::max(max_per_host[host], ++running_per_host[host]);
      max_running = std::max(max_running, ++running);
      if (on_start)
        on_start(i);
      asio::steady_timer timer(co_await asio::this_coro::executor, duration);
      co_await timer.async_wait(asio::use_awaitable);
      --running_per_host[host];
      --running;
      completed.push_back(i);
      if (failing && *failing == i)
        co_return core::Error{"job " + std::to_string(i), "failed"};
      co_return core::Result<void>{};
    };
    Scheduler scheduler(io.get_executor(), limits, hosts, job);
    if (out)
      *out = &scheduler;
    std::optional<ScheduleOutcome> outcome;
    scheduler.start([&](const ScheduleOutcome& o) { outcome = o; });
    io.run();
    EXPECT_TRUE(outcome.has_value());
    return outcome.value_or(ScheduleOutcome{});
  }
};

TEST(Scheduler, PerHostOneNeverRunsTwoInputsOfOneHostAtOnce) {
  FakeRun f;
  f.hosts = {"a", "a", "a", "b", "b", "c", "a"};
  auto outcome = f.run({.concurrency = 4, .per_host = 1});
  EXPECT_EQ(outcome.reason, StopReason::finished);
  EXPECT_EQ(outcome.completed, f.hosts.size());
  EXPECT_EQ(f.completed.size(), f.hosts.size());
  for (const auto& [host, max] : f.max_per_host)
    EXPECT_EQ(max, 1u) << host;
  // Another host's inputs went alongside: the busy host did not hold up the queue.
  EXPECT_EQ(f.max_running, 3u);
}

TEST(Scheduler, PerHostTwoAndTheConcurrencyLimit) {
  FakeRun f;
  f.hosts = {"a", "a", "a", "a", "b", "b", "b", "c"};
  auto outcome = f.run({.concurrency = 3, .per_host = 2});
  EXPECT_EQ(outcome.reason, StopReason::finished);
  EXPECT_EQ(f.completed.size(), f.hosts.size());
  for (const auto& [host, max] : f.max_per_host)
    EXPECT_LE(max, 2u) << host;
  EXPECT_EQ(f.max_running, 3u);
}

TEST(Scheduler, MaxRuntimeStopsStartingNewInputs) {
  FakeRun f;
  for (int i = 0; i < 20; ++i)
    f.hosts.push_back("h" + std::to_string(i));
  f.duration = 30ms;
  auto outcome = f.run({.concurrency = 1, .per_host = 1, .max_runtime = 70ms});
  EXPECT_EQ(outcome.reason, StopReason::deadline);
  EXPECT_GE(outcome.started, 2u);
  EXPECT_LT(outcome.started, 20u);
  // What was started ran to its end: nothing in flight is dropped by the deadline.
  EXPECT_EQ(outcome.completed, outcome.started);
  EXPECT_EQ(f.completed.size(), outcome.started);
}

TEST(Scheduler, StopStartsNothingMoreAndKeepsWhatRan) {
  FakeRun f;
  for (int i = 0; i < 10; ++i)
    f.hosts.push_back("h" + std::to_string(i));
  Scheduler* scheduler = nullptr;
  f.on_start = [&](std::size_t i) {
    if (i == 3)
      scheduler->stop();
  };
  auto outcome = f.run({.concurrency = 2, .per_host = 1}, &scheduler);
  EXPECT_EQ(outcome.reason, StopReason::stopped);
  EXPECT_EQ(outcome.started, 4u);
  EXPECT_EQ(outcome.completed, 4u);
  EXPECT_EQ(f.completed.size(), 4u);
}

TEST(Scheduler, AFailingJobStopsTheScheduling) {
  FakeRun f;
  f.hosts = {"a", "b", "c", "d", "e"};
  f.failing = 1;
  auto outcome = f.run({.concurrency = 1, .per_host = 1});
  EXPECT_EQ(outcome.reason, StopReason::failed);
  ASSERT_TRUE(outcome.error.has_value());
  EXPECT_EQ(outcome.error->message(), "job 1: failed");
  EXPECT_EQ(outcome.started, 2u);
}

TEST(Scheduler, NothingToRunIsDoneAtOnce) {
  FakeRun f;
  auto outcome = f.run({});
  EXPECT_EQ(outcome.reason, StopReason::finished);
  EXPECT_EQ(outcome.started, 0u);
}

TEST(Scheduler, HostKeyIsTheUrlsHostOrTheInput) {
  EXPECT_EQ(host_key("https://example.org/a?b"), "example.org");
  EXPECT_EQ(host_key("example.org"), "example.org");
  EXPECT_EQ(host_key(""), "");
}

}  // namespace
}  // namespace ashyq::runner
