// Runs a dynamic number of coroutines at once on the caller's executor and waits for all of
// them (Asio's ranged parallel group). Each task must bound its own time; an exception (a bug,
// never a network outcome) is rethrown once all have finished.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <vector>

namespace ashyq::net {

inline boost::asio::awaitable<void> all_of(std::vector<boost::asio::awaitable<void>> tasks) {
  namespace asio = boost::asio;
  if (tasks.empty())
    co_return;
  auto executor = co_await asio::this_coro::executor;
  using Op = decltype(asio::co_spawn(executor, std::move(tasks[0]), asio::deferred));
  std::vector<Op> ops;
  ops.reserve(tasks.size());
  for (auto& task : tasks)
    ops.push_back(asio::co_spawn(executor, std::move(task), asio::deferred));
  auto [order, exceptions] =
      co_await asio::experimental::make_parallel_group(std::move(ops))
          .async_wait(asio::experimental::wait_for_all(), asio::use_awaitable);
  for (auto& e : exceptions) {
    if (e)
      std::rethrow_exception(e);
  }
}

}  // namespace ashyq::net
