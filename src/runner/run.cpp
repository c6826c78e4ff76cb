#include "runner/run.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/json.hpp>
#include <csignal>
#include <sstream>

#include "core/json.hpp"
#include "runner/address_scrubber.hpp"
#include "runner/progress.hpp"

namespace ashyq::runner {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

// x_ashyq_verdict.method, or "unknown" for a measurement without one.
std::string method_of(const json::object& m) {
  const auto* tk = m.if_contains("test_keys");
  const auto* verdict =
      tk && tk->is_object() ? tk->as_object().if_contains("x_ashyq_verdict") : nullptr;
  const auto* method =
      verdict && verdict->is_object() ? verdict->as_object().if_contains("method") : nullptr;
  return method && method->is_string() ? std::string(method->as_string()) : "unknown";
}

}  // namespace

core::Result<RunOutcome> run_plan(const RunPlan& plan, const Measure& measure,
                                  const RunSettings& settings) {
  std::ostringstream discard;
  std::ostream& log = settings.log ? *settings.log : discard;
  Progress progress(plan.todo.size(), settings.quiet || !settings.log, log, settings.tty);
  RunOutcome outcome;

  std::vector<std::string> hosts;
  for (const auto& [position, input] : plan.todo)
    hosts.push_back(host_key(input.url));

  asio::io_context io;
  auto job = [&](std::size_t index) -> asio::awaitable<core::Result<void>> {
    // No structured bindings here: GCC 12 mishandles them in coroutine frames.
    const int64_t position = plan.todo[index].first;
    const store::PlannedInput& input = plan.todo[index].second;
    const std::string label = input.url.empty() ? plan.test : input.url;
    auto result = co_await measure(input.url);
    if (!result) {
      ++outcome.unmeasurable;
      log << "\nashyq run: " << label << ": not measured: " << result.error().message() << "\n";
      co_return core::Result<void>{};
    }
    auto& m = *result;
    if (!input.category.empty()) {
      auto& annotations = m["annotations"];
      if (!annotations.is_object())
        annotations = json::object{};
      annotations.as_object()["category_code"] = input.category;
    }
    const std::string method = method_of(m);
    const std::string text = scrub(core::to_json_text(m), settings.scrubbed);
    if (settings.db) {
      if (auto added = settings.db->add_measurement(plan.run_id, position, input.category, text);
          !added)
        co_return added.error();
      if (settings.uploader)
        settings.uploader->wake();
    }
    if (settings.jsonl) {
      *settings.jsonl << text << "\n" << std::flush;
      if (!*settings.jsonl)
        co_return core::Error{"", "writing the measurements failed"};
    }
    ++outcome.measured;
    progress.done(label, method);
    co_return core::Result<void>{};
  };

  Scheduler scheduler(io.get_executor(), settings.limits, std::move(hosts), job);
  asio::signal_set signals(io);
  if (settings.handle_signals) {
    signals.add(SIGINT);
    signals.add(SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int) {
      if (ec)
        return;
      // Completed measurements are already committed; the ones in flight are dropped (a
      // measurement can take its full timeouts, and Ctrl-C must not wait for them).
      outcome.reason = StopReason::stopped;
      scheduler.stop();
      io.stop();
    });
  }
  // The run ends when the scheduler is done and, with an uploader, the uploads are too.
  std::optional<ScheduleOutcome> scheduled;
  std::optional<core::Result<UploadOutcome>> uploaded;
  const bool uploading = settings.uploader && settings.db;
  auto end_if_done = [&] {
    if (scheduled && (!uploading || uploaded))
      signals.cancel();
  };
  if (uploading) {
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          uploaded = co_await settings.uploader->follow();
          end_if_done();
        },
        [](std::exception_ptr e) {
          if (e)
            std::rethrow_exception(e);
        });
  }
  scheduler.start([&](const ScheduleOutcome& o) {
    scheduled = o;
    if (uploading)
      settings.uploader->finish();
    end_if_done();
  });
  io.run();
  progress.end();
  outcome.blocked = progress.blocked_count();
  if (scheduled)
    outcome.reason = scheduled->reason;

  std::optional<core::Error> failure;
  if (scheduled && scheduled->error)
    failure = scheduled->error;
  if (uploaded) {
    if (*uploaded)
      outcome.upload = **uploaded;
    else if (!failure)
      failure = uploaded->error();
  }
  if (settings.db) {
    bool complete = false;
    if (outcome.reason == StopReason::finished) {
      auto left = settings.db->remaining(plan.run_id);
      if (!left) {
        if (!failure)
          failure = left.error();
      } else {
        complete = left->empty();
      }
    }
    outcome.complete = complete;
    if (auto set = settings.db->set_status(plan.run_id, complete ? "finished" : "interrupted");
        !set) {
      if (!failure)
        failure = set.error();
    }
  } else {
    outcome.complete = outcome.reason == StopReason::finished;
  }
  if (failure)
    return *failure;
  return outcome;
}

}  // namespace ashyq::runner
