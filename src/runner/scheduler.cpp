#include "runner/scheduler.hpp"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>

#include "net/url.hpp"

namespace ashyq::runner {

namespace asio = boost::asio;

std::string host_key(const std::string& input) {
  auto parsed = net::parse_url(input);
  return parsed.ok() ? parsed.value().host : input;
}

Scheduler::Scheduler(asio::any_io_executor executor, SchedulerLimits limits,
                     std::vector<std::string> hosts, Job job)
    : executor_(std::move(executor)),
      limits_(limits),
      hosts_(std::move(hosts)),
      job_(std::move(job)) {
  limits_.concurrency = std::max(1u, limits_.concurrency);
  limits_.per_host = std::max(1u, limits_.per_host);
  for (std::size_t i = 0; i < hosts_.size(); ++i)
    queue_.push_back(i);
}

void Scheduler::start(Done done) {
  done_ = std::move(done);
  deadline_ = std::chrono::steady_clock::now() + limits_.max_runtime;
  fill();
  finish_if_idle();
}

void Scheduler::stop() {
  if (!stopping_)
    stopping_ = StopReason::stopped;
  finish_if_idle();
}

void Scheduler::requeue(std::size_t index) {
  if (!stopping_ && !finished_ && index < hosts_.size())
    queue_.push_back(index);
}

// Starts every queued input that a free slot and its host's limit allow, in queue order.
// Called at the start and after each completion: the only moments a slot or a host frees up.
void Scheduler::fill() {
  if (!stopping_ && limits_.max_runtime.count() > 0 &&
      std::chrono::steady_clock::now() >= deadline_ && !queue_.empty()) {
    stopping_ = StopReason::deadline;
  }
  for (auto it = queue_.begin(); it != queue_.end() && !stopping_;) {
    if (in_flight_ >= limits_.concurrency)
      break;
    const std::size_t index = *it;
    if (per_host_[hosts_[index]] >= limits_.per_host) {
      ++it;  // its host is busy: a later input of another host may go first
      continue;
    }
    it = queue_.erase(it);
    launch(index);
  }
}

void Scheduler::launch(std::size_t index) {
  ++in_flight_;
  ++per_host_[hosts_[index]];
  ++outcome_.started;
  asio::co_spawn(executor_, job_(index),
                 [this, index](std::exception_ptr e, core::Result<void> result) {
                   --in_flight_;
                   --per_host_[hosts_[index]];
                   ++outcome_.completed;
                   if (e)
                     std::rethrow_exception(e);  // a bug in a job: not a measurement failure
                   if (!result && !outcome_.error) {
                     outcome_.error = result.error();
                     stopping_ = StopReason::failed;
                   }
                   fill();
                   finish_if_idle();
                 });
}

void Scheduler::finish_if_idle() {
  if (finished_ || in_flight_ > 0)
    return;
  if (!stopping_ && !queue_.empty())
    return;  // cannot happen: with nothing in flight every host has room
  finished_ = true;
  outcome_.reason = stopping_.value_or(StopReason::finished);
  // Called from outside any completion handler's stack frame, so `done` may destroy us.
  asio::post(executor_, [done = std::move(done_), outcome = outcome_] { done(outcome); });
}

}  // namespace ashyq::runner
