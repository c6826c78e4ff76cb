// Runs one coroutine to completion on a fresh io_context (the code under test's own thread).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <string>

namespace ashyq::testing {

template <typename T>
T run_coro(boost::asio::awaitable<T> coro) {
  boost::asio::io_context io;
  auto future = boost::asio::co_spawn(io, std::move(coro), boost::asio::use_future);
  io.run();
  return future.get();
}

// Runs a shell command, returns its exit status and stdout.
struct CommandResult {
  int status = -1;
  std::string out;
  std::string err;
  long max_rss_kib = 0;  // peak resident memory of the child
};
CommandResult run_command(const std::vector<std::string>& argv);

// The ashyq binary under test (from the ASHYQ_BINARY environment variable that CTest sets).
std::string ashyq_binary();

}  // namespace ashyq::testing
