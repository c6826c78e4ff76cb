#include "net/dns_over_tls.hpp"

#include <boost/beast/core/stream_traits.hpp>
#include <charconv>

#include "net/dns_stream_exchange.hpp"
#include "net/dns_tls_dial.hpp"

namespace ashyq::net {

namespace asio = boost::asio;
namespace beast = boost::beast;

std::optional<DotServer> parse_dot_server(std::string_view text) {
  DotServer s;
  if (text.empty())
    return std::nullopt;
  if (auto ep = parse_endpoint(text)) {
    s.host = ep->ip.to_string();
    s.port = ep->port;
    return s;
  }
  if (auto ip = parse_ip(text)) {  // an IP without a port (v6 with or without brackets)
    s.host = ip->to_string();
    return s;
  }
  std::string_view host = text;
  if (auto colon = text.rfind(':'); colon != std::string_view::npos) {
    host = text.substr(0, colon);
    auto port = text.substr(colon + 1);
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535)
      return std::nullopt;
    s.port = static_cast<uint16_t>(value);
  }
  if (host.empty() || host.size() > 253 || host.find_first_of(":/ []") != std::string_view::npos)
    return std::nullopt;
  s.host = std::string(host);
  return s;
}

std::string DnsOverTls::address() const {
  return (server_.host.find(':') != std::string::npos ? "[" + server_.host + "]" : server_.host) +
         ":" + std::to_string(server_.port);
}

asio::awaitable<DnsExchange> DnsOverTls::exchange(std::string query, uint16_t id, Trace& trace) {
  DnsExchange result;
  const auto literal = parse_ip(server_.host);
  TlsOptions tls_options;
  tls_options.server_name = !server_.server_name.empty() ? server_.server_name
                            : literal                    ? literal->to_string()
                                                         : server_.host;
  tls_options.alpn = {"dot"};
  auto tls = co_await dial_tls_server(server_.host, server_.port, server_.address, *trust_,
                                      tls_options, timeouts_, trace);
  if (!tls.stream) {
    result.failure = tls.failure;
    co_return result;
  }
  TlsStream& stream = *tls.stream;
  beast::get_lowest_layer(stream).expires_after(timeouts_.dns);
  co_return co_await dns_stream_exchange(stream, std::move(query), id);
}

}  // namespace ashyq::net
