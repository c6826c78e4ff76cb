// A run through the runner with a fake measure function (a timer, no network) and a real
// results store: --max-runtime leaves a resumable run, Ctrl-C keeps what was measured, the
// progress count is the store's and the report's count of blocked measurements.
#include "runner/run.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <csignal>
#include <set>
#include <sstream>

#include "analysis/method.hpp"
#include "report/methods.hpp"
#include "runner/progress.hpp"

namespace ashyq::runner {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;

struct TempDb {
  std::string path = "/tmp/ashyq-runner-test-" + std::to_string(getpid()) + ".sqlite";
  std::unique_ptr<store::ResultsStore> store;
  TempDb() {
    auto opened = store::ResultsStore::open(path);
    EXPECT_TRUE(opened.ok());
    store = std::move(opened).value();
  }
  ~TempDb() {
    store.reset();
    for (const char* suffix : {"", "-wal", "-shm"})
      std::remove((path + suffix).c_str());
  }
  std::string status(int64_t run) {
    for (const auto& r : store->runs()) {
      if (r.id == run)
        return r.status;
    }
    return "";
  }
};

json::object fake_measurement(const std::string& input, const std::string& method) {
  return json::object{
      {"input", input},
      {"test_name", "web_connectivity"},
      {"test_keys", json::object{{"x_ashyq_verdict", json::object{{"method", method}}}}}};
}

// Takes `duration`, then gives a measurement whose method is the input's path ("none" if none).
Measure fake_measure(std::chrono::milliseconds duration,
                     std::function<void(const std::string&)> on_start = {}) {
  return [=](const std::string& input) -> asio::awaitable<core::Result<json::object>> {
    if (on_start)
      on_start(input);
    asio::steady_timer timer(co_await asio::this_coro::executor, duration);
    co_await timer.async_wait(asio::use_awaitable);
    const auto slash = input.find('/', 8);
    const std::string method = slash == std::string::npos ? "none" : input.substr(slash + 1);
    co_return fake_measurement(input, method.empty() ? "none" : method);
  };
}

std::vector<store::PlannedInput> inputs(int n) {
  std::vector<store::PlannedInput> out;
  for (int i = 0; i < n; ++i)
    out.push_back({"https://site" + std::to_string(i) + ".example/", ""});
  return out;
}

TEST(Run, MaxRuntimeLeavesAnInterruptedRunThatResumes) {
  TempDb db;
  auto plan = new_plan(db.store.get(), "web_connectivity", "--input", inputs(8));
  ASSERT_TRUE(plan) << plan.error().message();
  RunSettings settings;
  settings.db = db.store.get();
  settings.limits = {.concurrency = 1, .per_host = 1, .max_runtime = 70ms};
  settings.handle_signals = false;
  auto first = run_plan(*plan, fake_measure(30ms), settings);
  ASSERT_TRUE(first) << first.error().message();
  EXPECT_EQ(first->reason, StopReason::deadline);
  EXPECT_FALSE(first->complete);
  EXPECT_GE(first->measured, 1u);
  EXPECT_LT(first->measured, 8u);
  EXPECT_EQ(db.status(plan->run_id), "interrupted");

  auto resumed = resume_plan(*db.store);
  ASSERT_TRUE(resumed) << resumed.error().message();
  EXPECT_EQ(resumed->run_id, plan->run_id);
  EXPECT_EQ(resumed->todo.size(), 8u - first->measured);
  settings.limits.max_runtime = 0ms;
  auto second = run_plan(*resumed, fake_measure(1ms), settings);
  ASSERT_TRUE(second) << second.error().message();
  EXPECT_TRUE(second->complete);
  EXPECT_EQ(first->measured + second->measured, 8u);
  EXPECT_EQ(db.status(plan->run_id), "finished");
  EXPECT_EQ(db.store->measurements({.run_id = plan->run_id}).size(), 8u);
  EXPECT_FALSE(resume_plan(*db.store));  // nothing left to resume
}

TEST(Run, CtrlCKeepsWhatWasMeasured) {
  TempDb db;
  auto plan = new_plan(db.store.get(), "web_connectivity", "--input", inputs(6));
  ASSERT_TRUE(plan) << plan.error().message();
  RunSettings settings;
  settings.db = db.store.get();
  settings.limits = {.concurrency = 1, .per_host = 1};
  // The fourth input's measurement is in flight when the volunteer presses Ctrl-C.
  auto measure = fake_measure(5ms, [](const std::string& input) {
    if (input == "https://site3.example/")
      std::raise(SIGINT);
  });
  auto outcome = run_plan(*plan, measure, settings);
  ASSERT_TRUE(outcome) << outcome.error().message();
  EXPECT_TRUE(outcome->interrupted());
  EXPECT_FALSE(outcome->complete);
  EXPECT_EQ(outcome->measured, 3u);
  EXPECT_EQ(db.store->measurements({.run_id = plan->run_id}).size(), 3u);
  EXPECT_EQ(db.status(plan->run_id), "interrupted");
}

TEST(Run, UnmeasurableInputsAreCountedAndTheRunGoesOn) {
  auto plan = new_plan(nullptr, "web_connectivity", "--input", inputs(3));
  ASSERT_TRUE(plan);
  std::ostringstream jsonl, log;
  RunSettings settings;
  settings.jsonl = &jsonl;
  settings.log = &log;
  settings.quiet = true;
  settings.handle_signals = false;
  settings.scrubbed = {"192.0.2.9"};
  Measure measure = [](const std::string& input) -> asio::awaitable<core::Result<json::object>> {
    if (input == "https://site1.example/")
      co_return core::Error{"", "no address"};
    auto m = fake_measurement(input, "none");
    m["probe_ip"] = "192.0.2.9";
    co_return m;
  };
  auto outcome = run_plan(*plan, measure, settings);
  ASSERT_TRUE(outcome) << outcome.error().message();
  EXPECT_TRUE(outcome->complete);
  EXPECT_EQ(outcome->measured, 2u);
  EXPECT_EQ(outcome->unmeasurable, 1u);
  EXPECT_NE(log.str().find("https://site1.example/: not measured: no address"), std::string::npos);
  EXPECT_EQ(jsonl.str().find("192.0.2.9"), std::string::npos) << jsonl.str();
  EXPECT_NE(jsonl.str().find("[scrubbed]"), std::string::npos);
}

// Issue 12: one vocabulary. For every method (and one this build does not know), the report,
// the store's --blocked filter and the run's progress count agree on whether it is blocked.
TEST(Run, ReportStoreAndProgressAgreeOnEveryMethod) {
  std::vector<std::string> methods;
  for (auto m : analysis::all_methods())
    methods.emplace_back(analysis::to_string(m));
  methods.push_back("slowness");  // unknown to this build: not blocking anywhere
  ASSERT_TRUE(std::find(methods.begin(), methods.end(), "throttling") != methods.end());

  TempDb db;
  std::vector<store::PlannedInput> planned;
  for (const auto& m : methods)
    planned.push_back({"https://" + m + ".example/" + m, ""});
  auto plan = new_plan(db.store.get(), "web_connectivity", "--input", planned);
  ASSERT_TRUE(plan);
  RunSettings settings;
  settings.db = db.store.get();
  settings.handle_signals = false;
  auto outcome = run_plan(*plan, fake_measure(1ms), settings);
  ASSERT_TRUE(outcome) << outcome.error().message();
  ASSERT_EQ(outcome->measured, methods.size());

  std::set<std::string> store_blocked;
  for (const auto& s : db.store->measurements({.run_id = plan->run_id, .blocked_only = true}))
    store_blocked.insert(s.method);
  std::size_t report_blocked = 0;
  for (const auto& m : methods) {
    const bool report = report::is_blocking_method(m);
    const bool store = store_blocked.count(m) > 0;
    std::ostringstream line;
    Progress progress(1, false, line, false);
    progress.done("x", m);
    const bool counted = progress.blocked_count() == 1;
    EXPECT_EQ(report, store) << m;
    EXPECT_EQ(report, counted) << m;
    if (const auto* info = report::find_method(m)) {
      EXPECT_EQ(info->blocking, report) << m;
    }
    report_blocked += report ? 1 : 0;
  }
  EXPECT_TRUE(report::is_blocking_method("throttling"));
  EXPECT_EQ(outcome->blocked, report_blocked);
  EXPECT_EQ(store_blocked.size(), report_blocked);
  EXPECT_EQ(report_blocked, analysis::blocking_methods().size());
}

}  // namespace
}  // namespace ashyq::runner
