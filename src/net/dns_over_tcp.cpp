#include <utility>

#include "net/dialer.hpp"
#include "net/dns_over_udp.hpp"
#include "net/dns_stream_exchange.hpp"

namespace ashyq::net {

namespace asio = boost::asio;

asio::awaitable<DnsExchange> DnsOverTcp::exchange(std::string query, uint16_t id, Trace& trace) {
  DnsExchange result;
  TcpDialer dialer;
  auto dialed = co_await dialer.dial(server_, timeouts_.connect, trace);
  if (!dialed.stream) {
    result.failure = dialed.failure;
    co_return result;
  }
  ObservedTcp& stream = *dialed.stream;
  stream.next_layer().expires_after(timeouts_.dns);
  co_return co_await dns_stream_exchange(stream, std::move(query), id);
}

}  // namespace ashyq::net
