// One DNS query over a connected stream (RFC 1035 §4.2.2 framing, shared by DNS over TCP and DNS
// over TLS): write the query with its two-byte length prefix, read the two-byte length and the
// reply, and accept the reply only when it parses and carries the query's id. The caller sets the
// stream's deadline.
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "core/classify.hpp"
#include "net/dns_message.hpp"
#include "net/dns_transport.hpp"

namespace ashyq::net {

template <typename Stream>
boost::asio::awaitable<DnsExchange> dns_stream_exchange(Stream& stream, std::string query,
                                                        uint16_t id) {
  namespace asio = boost::asio;
  constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
  DnsExchange result;
  std::string framed;
  framed.push_back(static_cast<char>(query.size() >> 8));
  framed.push_back(static_cast<char>(query.size() & 0xff));
  framed += query;
  auto [wec, wn] = co_await asio::async_write(stream, asio::buffer(framed), kTuple);
  if (wec) {
    result.failure = core::classify(wec);
    co_return result;
  }
  unsigned char prefix[2];
  auto [pec, pn] = co_await asio::async_read(stream, asio::buffer(prefix), kTuple);
  if (pec) {
    result.failure = core::classify(pec);
    co_return result;
  }
  std::size_t length = (std::size_t{prefix[0]} << 8) | prefix[1];
  std::string reply(length, '\0');
  auto [rec, rn] = co_await asio::async_read(stream, asio::buffer(reply), kTuple);
  if (rec) {
    result.failure = core::classify(rec);
    co_return result;
  }
  auto msg = parse_dns_message(reply);
  if (!msg) {
    result.failure = core::FailureKind::dns_server_misbehaving;
  } else if (msg->id != id) {
    result.failure = core::FailureKind::dns_reply_with_wrong_query_id;
  } else {
    result.reply = std::move(reply);
  }
  co_return result;
}

}  // namespace ashyq::net
