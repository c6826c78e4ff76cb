// The scheduler: runs one job per input with at most `concurrency` at once, at most `per_host`
// of one host at once (a volunteer's run must not hammer one site), and starts none after
// `max_runtime`. It is driven by completions: each finished job starts the next ones its slot
// and its host allow, so nothing polls; an input whose host is busy waits in the queue, and a
// later input of another host goes first.
//
// Single-threaded: every call and every job runs on the executor given (an io_context run by
// one thread).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace ashyq::runner {

struct SchedulerLimits {
  unsigned concurrency = 32;                 // jobs at once (at least 1)
  unsigned per_host = 2;                     // jobs of one host at once (at least 1)
  std::chrono::milliseconds max_runtime{0};  // start no job after this; 0: no limit
};

// Why the scheduler stopped starting jobs.
enum class StopReason {
  finished,  // every input's job ran
  deadline,  // max_runtime passed: the rest was not started
  stopped,   // stop() (Ctrl-C)
  failed,    // a job returned an error (e.g. the results store failed)
};

struct ScheduleOutcome {
  StopReason reason = StopReason::finished;
  std::size_t started = 0;
  std::size_t completed = 0;         // jobs that returned (with or without an error)
  std::optional<core::Error> error;  // the first job error, when reason == failed
};

// The per-host limit's key: a URL's host, or the input itself (a bare domain, or "" for an
// experiment that takes no input).
std::string host_key(const std::string& input);

class Scheduler {
 public:
  // A job measures input number `index` (of the hosts given); an error stops the scheduling.
  using Job = std::function<boost::asio::awaitable<core::Result<void>>(std::size_t index)>;
  using Done = std::function<void(const ScheduleOutcome&)>;

  // `hosts[i]` is input i's host key (host_key()); inputs are started in order, host limits
  // permitting.
  Scheduler(boost::asio::any_io_executor executor, SchedulerLimits limits,
            std::vector<std::string> hosts, Job job);
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Starts the first jobs; `done` is called once, when no job is in flight and no more will be
  // started. The scheduler must outlive that call.
  void start(Done done);
  // Starts no more jobs; `done` follows when the ones in flight finish (or at once if none is).
  void stop();
  // Queues input `index` once more, behind every input queued so far; a job calls it for its own
  // input (a measurement to confirm) before it returns, and its completion starts what can start.
  // Ignored once the scheduler is stopping (Ctrl-C, the deadline, an error).
  void requeue(std::size_t index);

  std::size_t in_flight() const { return in_flight_; }

 private:
  void fill();
  void launch(std::size_t index);
  void finish_if_idle();

  boost::asio::any_io_executor executor_;
  SchedulerLimits limits_;
  std::vector<std::string> hosts_;
  Job job_;
  Done done_;
  std::vector<std::size_t> queue_;  // indices not started yet, in order
  std::map<std::string, unsigned> per_host_;
  std::size_t in_flight_ = 0;
  std::chrono::steady_clock::time_point deadline_;
  std::optional<StopReason> stopping_;
  ScheduleOutcome outcome_;
  bool finished_ = false;
};

}  // namespace ashyq::runner
