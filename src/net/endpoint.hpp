// Endpoints as OONI writes them: "IP:port", with IPv6 in brackets ("[::1]:443").
#pragma once

#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ashyq::net {

struct Endpoint {
  boost::asio::ip::address ip;
  uint16_t port = 0;

  std::string str() const {
    return ip.is_v6() ? "[" + ip.to_string() + "]:" + std::to_string(port)
                      : ip.to_string() + ":" + std::to_string(port);
  }
};

// Parses "IP:port" or "[v6]:port". Nullopt when malformed.
std::optional<Endpoint> parse_endpoint(std::string_view text);

// Parses an IP literal (v4, or v6 with or without brackets). Nullopt when it is not one.
std::optional<boost::asio::ip::address> parse_ip(std::string_view text);

}  // namespace ashyq::net
