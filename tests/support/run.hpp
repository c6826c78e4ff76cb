// Runs one coroutine to completion on a fresh io_context (the code under test's own thread).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <exception>
#include <optional>
#include <string>
#include <type_traits>

namespace ashyq::testing {

template <typename T>
boost::asio::awaitable<void> store_result(boost::asio::awaitable<T> coro, std::optional<T>& out) {
  out.emplace(co_await std::move(coro));
}

// Its result is returned (T need not be default-constructible, as core::Result is not); an
// exception it throws is rethrown here.
template <typename T>
T run_coro(boost::asio::awaitable<T> coro) {
  boost::asio::io_context io;
  if constexpr (std::is_void_v<T>) {
    auto future = boost::asio::co_spawn(io, std::move(coro), boost::asio::use_future);
    io.run();
    future.get();
  } else {
    std::optional<T> out;
    auto future =
        boost::asio::co_spawn(io, store_result(std::move(coro), out), boost::asio::use_future);
    io.run();
    future.get();
    return std::move(*out);
  }
}

// Runs a shell command, returns its exit status and stdout.
struct CommandResult {
  int status = -1;
  std::string out;
  std::string err;
  long max_rss_kib = 0;  // peak resident memory of the child
};
CommandResult run_command(const std::vector<std::string>& argv);

// The ashyq binary under test: the ASHYQ_BINARY environment variable that CTest sets, else the
// ashyq in the build directory above the test binary's own.
std::string ashyq_binary();

}  // namespace ashyq::testing
