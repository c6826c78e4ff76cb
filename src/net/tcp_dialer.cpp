#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "net/dialer.hpp"

namespace ashyq::net {

namespace asio = boost::asio;
namespace beast = boost::beast;

asio::awaitable<DialResult> TcpDialer::dial(Endpoint endpoint, std::chrono::milliseconds timeout,
                                            Trace& trace) {
  beast::tcp_stream stream(co_await asio::this_coro::executor);
  stream.expires_after(timeout);
  model::TcpConnect record;
  record.ip = endpoint.ip.to_string();
  record.port = endpoint.port;
  record.t0 = trace.now();
  auto [ec] = co_await stream.async_connect(asio::ip::tcp::endpoint(endpoint.ip, endpoint.port),
                                            asio::as_tuple(asio::use_awaitable));
  record.t = trace.now();
  if (ec)
    record.failure = core::classify(ec);

  model::NetworkEvent event;
  event.operation = "connect";
  event.address = endpoint.str();
  event.t0 = record.t0;
  event.t = record.t;
  event.failure = record.failure;
  trace.add(std::move(event));

  DialResult result;
  result.failure = record.failure;
  trace.add(std::move(record));
  if (!ec) {
    stream.expires_never();
    result.stream.emplace(std::move(stream), trace, endpoint.str());
  }
  co_return result;
}

}  // namespace ashyq::net
