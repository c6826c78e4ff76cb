#include "net/dns_tls_dial.hpp"

#include <utility>

#include "net/dialer.hpp"
#include "net/system_resolver.hpp"

namespace ashyq::net {

namespace asio = boost::asio;

asio::awaitable<TlsResult> dial_tls_server(const std::string& host, uint16_t port,
                                           std::optional<Endpoint> address, TrustStore& trust,
                                           const TlsOptions& options, core::StepTimeouts timeouts,
                                           Trace& trace) {
  TlsResult result;
  std::optional<Endpoint> endpoint = address;
  if (!endpoint) {
    if (auto ip = parse_ip(host)) {
      endpoint = Endpoint{*ip, port};
    } else {
      SystemResolver bootstrap(timeouts.dns);
      auto found = co_await bootstrap.lookup(host, trace);
      if (found.failure) {
        result.failure = found.failure;
        co_return result;
      }
      endpoint = Endpoint{*parse_ip(found.addresses.front()), port};
    }
  }
  TcpDialer dialer;
  auto dialed = co_await dialer.dial(*endpoint, timeouts.connect, trace);
  if (!dialed.stream) {
    result.failure = dialed.failure;
    co_return result;
  }
  co_return co_await tls_handshake(std::move(*dialed.stream), trust, options, timeouts.tls, trace);
}

}  // namespace ashyq::net
