#include "net/stun_client.hpp"

#include <openssl/rand.h>

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "net/stun_message.hpp"

namespace ashyq::net {

namespace asio = boost::asio;
using namespace boost::asio::experimental::awaitable_operators;

asio::awaitable<core::Result<std::string>> stun_public_address(Endpoint server,
                                                               std::chrono::milliseconds timeout) {
  constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
  const std::string who = "STUN server " + server.str();
  StunTransactionId id{};
  if (RAND_bytes(id.data(), static_cast<int>(id.size())) != 1)
    co_return core::Error{who, "no random transaction id"};
  const std::string request = stun_binding_request(id);

  auto executor = co_await asio::this_coro::executor;
  asio::ip::udp::socket socket(executor);
  boost::system::error_code ec;
  socket.open(server.ip.is_v4() ? asio::ip::udp::v4() : asio::ip::udp::v6(), ec);
  if (!ec)
    socket.connect({server.ip, server.port}, ec);  // only the server's datagrams are heard
  if (ec)
    co_return core::Error{who, ec.message()};

  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto wait = std::chrono::milliseconds(500);
  auto next_send = std::chrono::steady_clock::now();
  std::array<char, 1500> buffer{};  // a Binding response is well under one datagram
  asio::steady_timer timer(executor);
  std::string last_error = "no answer within " + std::to_string(timeout.count()) + " ms";
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::chrono::steady_clock::now() >= next_send) {
      auto [wec, n] = co_await socket.async_send(asio::buffer(request), kTuple);
      if (wec)
        last_error = wec.message();  // e.g. no route yet: the next send may work
      next_send = std::chrono::steady_clock::now() + wait;
      wait *= 2;
    }
    timer.expires_at(std::min(next_send, deadline));
    auto outcome =
        co_await (socket.async_receive(asio::buffer(buffer), kTuple) || timer.async_wait(kTuple));
    if (outcome.index() == 1)
      continue;  // time to send again, or the deadline
    auto [rec, n] = std::get<0>(outcome);
    if (rec) {
      last_error = rec.message();  // an ICMP error (port unreachable) is not the end
      continue;
    }
    if (auto address = stun_mapped_address(std::string_view(buffer.data(), n), id))
      co_return *address;
  }
  co_return core::Error{who, last_error};
}

}  // namespace ashyq::net
