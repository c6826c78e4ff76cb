#include "net/endpoint.hpp"

#include <charconv>

namespace ashyq::net {

std::optional<boost::asio::ip::address> parse_ip(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  boost::system::error_code ec;
  auto ip = boost::asio::ip::make_address(std::string(text), ec);
  if (ec)
    return std::nullopt;
  return ip;
}

std::optional<Endpoint> parse_endpoint(std::string_view text) {
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos)
    return std::nullopt;
  auto host = text.substr(0, colon);
  auto port_text = text.substr(colon + 1);
  if (host.find(':') != std::string_view::npos && host.front() != '[')
    return std::nullopt;
  auto ip = parse_ip(host);
  if (!ip)
    return std::nullopt;
  unsigned port = 0;
  auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc{} || ptr != port_text.data() + port_text.size() || port > 65535) {
    return std::nullopt;
  }
  return Endpoint{*ip, static_cast<uint16_t>(port)};
}

}  // namespace ashyq::net
