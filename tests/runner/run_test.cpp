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
#include <map>
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

// Confirmation before accusation, as the runner does it, with a stand-in for the analysis: a
// measurement whose method is "tls" wants another attempt while it has fewer than 3; merging
// counts the attempts and keeps "tls" only if the new attempt says "tls" too.
struct ScriptedConfirmation {
  std::map<std::string, std::vector<std::string>> methods;  // per input, per attempt
  std::vector<std::string> calls;                           // inputs in the order measured

  Measure measure() {
    return [this](const std::string& input) -> asio::awaitable<core::Result<json::object>> {
      const std::size_t attempt = std::count(calls.begin(), calls.end(), input);
      calls.push_back(input);
      asio::steady_timer timer(co_await asio::this_coro::executor, 1ms);
      co_await timer.async_wait(asio::use_awaitable);
      const auto& script = methods[input];
      co_return fake_measurement(
          input, script.empty() ? "none" : script[std::min(attempt, script.size() - 1)]);
    };
  }
  static std::string method(const json::object& m) {
    return std::string(m.at("test_keys").at("x_ashyq_verdict").at("method").as_string());
  }
  static int64_t attempts(const json::object& m) {
    const auto* n = m.at("test_keys").as_object().if_contains("attempts");
    return n ? n->as_int64() : 1;
  }
  Confirmation confirmation() {
    Confirmation c;
    c.wanted = [](const json::object& m) { return method(m) == "tls" && attempts(m) < 3; };
    c.merge = [](json::object& held, json::object again) -> core::Result<void> {
      auto& tk = held["test_keys"].as_object();
      tk["attempts"] = attempts(held) + 1;
      if (method(again) != "tls")
        tk["x_ashyq_verdict"].as_object()["method"] = "unknown";
      return {};
    };
    return c;
  }
};

json::object stored(TempDb& db, int64_t run, const std::string& input) {
  for (const auto& text : db.store->measurement_json(run)) {
    auto m = json::parse(text).as_object();
    if (m.at("input").as_string() == input)
      return m;
  }
  ADD_FAILURE() << "no measurement of " << input;
  return {};
}

TEST(Run, AFailureToConfirmIsMeasuredAgainAfterTheOtherInputs) {
  TempDb db;
  auto plan = new_plan(db.store.get(), "web_connectivity", "--input", inputs(4));
  ASSERT_TRUE(plan);
  ScriptedConfirmation script;
  script.methods["https://site1.example/"] = {"tls", "none"};       // did not repeat
  script.methods["https://site2.example/"] = {"tls"};               // repeats every time
  script.methods["https://site3.example/"] = {"tls", "tls", "ok"};  // not the third time
  RunSettings settings;
  settings.db = db.store.get();
  settings.limits = {.concurrency = 1, .per_host = 1};
  settings.handle_signals = false;
  settings.confirmation = script.confirmation();
  auto outcome = run_plan(*plan, script.measure(), settings);
  ASSERT_TRUE(outcome) << outcome.error().message();
  EXPECT_TRUE(outcome->complete);
  EXPECT_EQ(outcome->measured, 4u);
  EXPECT_EQ(outcome->remeasured, 5u);
  const std::vector<std::string> expected = {
      "https://site0.example/", "https://site1.example/", "https://site2.example/",
      "https://site3.example/",  // the plan, then the first confirmation round
      "https://site1.example/", "https://site2.example/", "https://site3.example/",
      "https://site2.example/", "https://site3.example/"};  // the second round
  EXPECT_EQ(script.calls, expected);
  auto site1 = stored(db, plan->run_id, "https://site1.example/");
  EXPECT_EQ(ScriptedConfirmation::method(site1), "unknown");
  EXPECT_EQ(ScriptedConfirmation::attempts(site1), 2);
  auto site2 = stored(db, plan->run_id, "https://site2.example/");
  EXPECT_EQ(ScriptedConfirmation::method(site2), "tls");
  EXPECT_EQ(ScriptedConfirmation::attempts(site2), 3);
  auto site3 = stored(db, plan->run_id, "https://site3.example/");
  EXPECT_EQ(ScriptedConfirmation::method(site3), "unknown");
  EXPECT_EQ(ScriptedConfirmation::attempts(site3), 3);
  EXPECT_EQ(db.store->measurements({.run_id = plan->run_id}).size(), 4u);
}

TEST(Run, CtrlCDuringConfirmationKeepsWhatIsHeld) {
  TempDb db;
  auto plan = new_plan(db.store.get(), "web_connectivity", "--input", inputs(3));
  ASSERT_TRUE(plan);
  ScriptedConfirmation script;
  script.methods["https://site0.example/"] = {"tls"};
  script.methods["https://site2.example/"] = {"tls"};
  RunSettings settings;
  settings.db = db.store.get();
  settings.limits = {.concurrency = 1, .per_host = 1};
  settings.confirmation = script.confirmation();
  auto inner = script.measure();
  Measure measure = [&](const std::string& input) {
    if (script.calls.size() == 4)  // the plan and one confirmation done: the volunteer stops
      std::raise(SIGINT);
    return inner(input);
  };
  auto outcome = run_plan(*plan, measure, settings);
  ASSERT_TRUE(outcome) << outcome.error().message();
  EXPECT_TRUE(outcome->interrupted());
  EXPECT_EQ(outcome->measured, 3u);
  EXPECT_EQ(db.store->measurements({.run_id = plan->run_id}).size(), 3u);
  EXPECT_EQ(ScriptedConfirmation::attempts(stored(db, plan->run_id, "https://site0.example/")), 2);
  EXPECT_EQ(ScriptedConfirmation::attempts(stored(db, plan->run_id, "https://site2.example/")), 1);
  // Every input of the plan is stored: the run is whole, nothing is left to resume.
  EXPECT_TRUE(outcome->complete);
  EXPECT_EQ(db.status(plan->run_id), "finished");
}

TEST(Run, BeyondWhatItMayHoldAMeasurementIsStoredUnconfirmed) {
  TempDb db;
  auto plan = new_plan(db.store.get(), "web_connectivity", "--input", inputs(3));
  ASSERT_TRUE(plan);
  ScriptedConfirmation script;
  for (int i = 0; i < 3; ++i)
    script.methods["https://site" + std::to_string(i) + ".example/"] = {"tls", "none"};
  RunSettings settings;
  settings.db = db.store.get();
  settings.limits = {.concurrency = 1, .per_host = 1};
  settings.handle_signals = false;
  settings.confirmation = script.confirmation();
  settings.confirmation->max_held = 1;
  auto outcome = run_plan(*plan, script.measure(), settings);
  ASSERT_TRUE(outcome) << outcome.error().message();
  EXPECT_EQ(outcome->measured, 3u);
  EXPECT_EQ(outcome->remeasured, 1u);
  EXPECT_EQ(ScriptedConfirmation::method(stored(db, plan->run_id, "https://site0.example/")),
            "unknown");
  EXPECT_EQ(ScriptedConfirmation::method(stored(db, plan->run_id, "https://site1.example/")),
            "tls");
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
