// An HTTP server's response as the probe reads it: http_round_trip itself (net/http_client),
// the same Beast parser with the same header limit and body cap, fed through a local socket pair
// (the response is written to one end, which is then shut, and the probe reads the other), so
// the status line, headers, chunked and Content-Length bodies, the body cap and truncation are
// the production code's. The first byte picks GET or HEAD and the body cap; the rest is the
// response.
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/clock.hpp"
#include "net/http_client.hpp"
#include "net/observed_stream.hpp"
#include "net/trace.hpp"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using namespace ashyq;

// Writes all of `bytes` to `fd` (the socket's buffer holds far more than an input).
bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n <= 0)
      return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// One round trip; the stream ends with the coroutine, which cancels its deadline's timer.
asio::awaitable<void> read_response(net::ObservedTcp stream, const net::HttpRequestSpec& spec,
                                    const net::HttpLimits& limits, net::Trace& trace) {
  (void)co_await net::http_round_trip(stream, spec, limits, trace);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 || size > 64 * 1024)
    return 0;
  static asio::io_context io;
  static const core::MeasurementClock clock;
  const std::uint8_t mode = data[0];
  const std::string_view response(reinterpret_cast<const char*>(data) + 1, size - 1);

  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    return 0;
  if (!write_all(fds[1], response)) {
    ::close(fds[0]);
    ::close(fds[1]);
    return 0;
  }
  ::shutdown(fds[1], SHUT_WR);

  net::HttpRequestSpec spec;
  spec.method = (mode & 1) ? "HEAD" : "GET";
  spec.url = "http://fuzz.example/";
  spec.target = "/";
  spec.headers = {{"Host", "fuzz.example"}};
  net::HttpLimits limits;
  static constexpr std::size_t kCaps[] = {std::size_t{1} << 19, 4096, 100, 1};
  limits.body_cap = kCaps[(mode >> 1) & 3];

  asio::ip::tcp::socket socket(io);
  boost::system::error_code ec;
  socket.assign(asio::ip::tcp::v4(), fds[0], ec);  // a Unix socket; only read and write are used
  if (ec) {
    ::close(fds[0]);
    ::close(fds[1]);
    return 0;
  }
  net::Trace trace(clock, 1);
  asio::co_spawn(
      io,
      read_response(net::ObservedTcp(beast::tcp_stream(std::move(socket)), trace, "127.0.0.1:80"),
                    spec, limits, trace),
      asio::detached);
  io.run();
  io.restart();
  ::close(fds[1]);
  return 0;
}
