// Asking a STUN server (RFC 5389, Binding over UDP) for the address it sees the probe come
// from. The request is sent again after 0.5 s, 1 s, 2 s … (the RFC's retransmission) until
// `timeout` has passed; replies to another transaction or that cannot be parsed are ignored.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <string>

#include "core/result.hpp"
#include "net/endpoint.hpp"

namespace ashyq::net {

// The public address ("203.0.113.7"); an error names the server and what failed (a socket
// error, or no answer within the timeout).
boost::asio::awaitable<core::Result<std::string>> stun_public_address(
    Endpoint server, std::chrono::milliseconds timeout);

}  // namespace ashyq::net
