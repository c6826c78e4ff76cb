#include "runner/run.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/json.hpp>
#include <csignal>
#include <map>
#include <memory>
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
  // What the progress line and the log call input `index`: its URL, or the experiment's name.
  auto label_of = [&](std::size_t index) {
    const std::string& url = plan.todo[index].second.url;
    return url.empty() ? plan.test : url;
  };
  // Commits one measurement: its category, scrubbed, to the store and the stream, on the line.
  auto commit = [&](std::size_t index, json::object& m) -> core::Result<void> {
    const int64_t position = plan.todo[index].first;
    const store::PlannedInput& input = plan.todo[index].second;
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
        return added.error();
      if (settings.uploader)
        settings.uploader->wake();
    }
    if (settings.jsonl) {
      *settings.jsonl << text << "\n" << std::flush;
      if (!*settings.jsonl)
        return core::Error{"", "writing the measurements failed"};
    }
    ++outcome.measured;
    progress.done(label_of(index), method);
    return {};
  };

  // Measurements waiting for another attempt, by input index.
  std::map<std::size_t, json::object> held;
  const auto& confirmation = settings.confirmation;
  std::unique_ptr<Scheduler> scheduler;
  // A first attempt, or (for a held input) one more attempt, merged into what is held. An input
  // to measure again goes back to the end of the queue: after every input queued so far.
  auto job = [&](std::size_t index) -> asio::awaitable<core::Result<void>> {
    auto result = co_await measure(plan.todo[index].second.url);
    auto it = held.find(index);
    if (it == held.end()) {
      if (!result) {
        ++outcome.unmeasurable;
        log << "\nashyq run: " << label_of(index) << ": not measured: " << result.error().message()
            << "\n";
        co_return core::Result<void>{};
      }
      if (confirmation && held.size() < confirmation->max_held && confirmation->wanted(*result)) {
        held.emplace(index, std::move(*result));
        scheduler->requeue(index);
        co_return core::Result<void>{};
      }
      co_return commit(index, *result);
    }
    ++outcome.remeasured;
    bool more = false;
    if (!result) {
      log << "\nashyq run: " << label_of(index)
          << ": not measured again: " << result.error().message() << "\n";
    } else if (auto merged = confirmation->merge(it->second, std::move(*result)); !merged) {
      log << "\nashyq run: " << label_of(index)
          << ": the attempts could not be merged: " << merged.error().message() << "\n";
    } else {
      more = confirmation->wanted(it->second);
    }
    if (more) {
      scheduler->requeue(index);
      co_return core::Result<void>{};
    }
    auto committed = commit(index, it->second);
    held.erase(it);
    co_return committed;
  };
  // Whatever is still held is committed as it stands (Ctrl-C, the deadline, a failure).
  auto commit_held = [&]() -> std::optional<core::Error> {
    std::optional<core::Error> first;
    for (auto& [index, m] : held) {
      if (auto committed = commit(index, m); !committed && !first)
        first = committed.error();
    }
    held.clear();
    return first;
  };

  scheduler =
      std::make_unique<Scheduler>(io.get_executor(), settings.limits, std::move(hosts), job);
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
      scheduler->stop();
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
  scheduler->start([&](const ScheduleOutcome& o) {
    scheduled = o;
    if (auto failed = commit_held(); failed && !scheduled->error) {
      scheduled->reason = StopReason::failed;
      scheduled->error = failed;
    }
    if (uploading)
      settings.uploader->finish();
    end_if_done();
  });
  io.run();
  std::optional<core::Error> held_failure = commit_held();  // stopped (Ctrl-C) while holding
  progress.end();
  outcome.blocked = progress.blocked_count();
  if (scheduled)
    outcome.reason = scheduled->reason;

  std::optional<core::Error> failure;
  if (scheduled && scheduled->error)
    failure = scheduled->error;
  if (held_failure && !failure)
    failure = held_failure;
  if (uploaded) {
    if (*uploaded)
      outcome.upload = **uploaded;
    else if (!failure)
      failure = uploaded->error();
  }
  if (settings.db) {
    // Complete when nothing of the plan is left, however the run ended: Ctrl-C or the deadline
    // while inputs wait to be measured again commits what is held, so the plan can be whole.
    bool complete = false;
    if (outcome.reason != StopReason::failed) {
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
