#include "net/dns_over_udp.hpp"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/classify.hpp"
#include "net/dialer.hpp"
#include "net/dns_stream_exchange.hpp"

namespace ashyq::net {

namespace asio = boost::asio;
using asio::ip::udp;
using namespace boost::asio::experimental::awaitable_operators;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

namespace {

// A reply answers our query when it is a response with our id and our question.
bool answers_query(std::string_view reply, uint16_t id, const DnsMessage& question) {
  auto msg = parse_dns_message(reply);
  return msg && msg->is_response && msg->id == id && msg->question_name == question.question_name &&
         msg->question_type == question.question_type;
}

// A reply that claims to answer us (a response with our id) but cannot be read: a compression
// loop, an oversized name, a record running past the message.
bool broken_answer(std::string_view reply, uint16_t id) {
  if (reply.size() < 4 || parse_dns_message(reply))
    return false;
  const uint16_t reply_id =
      static_cast<uint16_t>((static_cast<uint8_t>(reply[0]) << 8) | static_cast<uint8_t>(reply[1]));
  const bool is_response = (static_cast<uint8_t>(reply[2]) & 0x80) != 0;
  return reply_id == id && is_response;
}

// TC: the server had more to say than a datagram holds, and asks to be asked over TCP.
bool truncated(const std::string& reply) {
  return reply.size() > 2 && (static_cast<uint8_t>(reply[2]) & 0x02) != 0;
}

}  // namespace

asio::awaitable<DnsExchange> DnsOverUdp::exchange(std::string query, uint16_t id, Trace& trace) {
  auto executor = co_await asio::this_coro::executor;
  DnsExchange result;
  auto question = parse_dns_message(query);
  udp::socket socket(executor);
  udp::endpoint peer(server_.ip, server_.port);
  boost::system::error_code ec;
  socket.open(peer.protocol(), ec);
  if (!ec)
    socket.connect(peer, ec);  // a connected socket only hears from the server's address
  if (ec) {
    result.failure = core::classify(ec);
    co_return result;
  }

  // One datagram out, recorded as a write; its failure, if any.
  auto send = [&]() -> asio::awaitable<core::MaybeFailure> {
    double t0 = trace.now();
    auto [wec, wn] = co_await socket.async_send(asio::buffer(query), kTuple);
    trace.add(model::NetworkEvent{{t0, trace.now(), 0, {}},
                                  "write",
                                  server_.str(),
                                  "udp",
                                  static_cast<int64_t>(wn),
                                  wec ? core::MaybeFailure(core::classify(wec)) : std::nullopt});
    if (wec)
      co_return core::classify(wec);
    co_return std::nullopt;
  };
  if (auto failed = co_await send()) {
    result.failure = *failed;
    co_return result;
  }

  auto deadline = std::chrono::steady_clock::now() + timeouts_.dns;
  const auto lookup_deadline = deadline;
  // A datagram lost on a lossy link is sent again, as stub resolvers do, until the deadline:
  // each send is a write in the trace, so the measurement shows how many it took.
  auto next_send = std::chrono::steady_clock::time_point::max();
  if (timeouts_.dns_retry.count() > 0)
    next_send = std::chrono::steady_clock::now() + timeouts_.dns_retry;
  bool lingering = false;
  int errors = 0;
  int broken_replies = 0;
  constexpr int kMaxReceiveErrors = 8;
  std::string buffer(core::SizeCaps::kDnsMessageUdp, '\0');
  asio::steady_timer timer(executor);
  for (;;) {
    const bool resend_first = !lingering && !result.failure && next_send < deadline;
    timer.expires_at(resend_first ? next_send : deadline);
    double r0 = trace.now();
    auto outcome =
        co_await (socket.async_receive(asio::buffer(buffer), kTuple) || timer.async_wait(kTuple));
    if (outcome.index() == 1 && resend_first) {  // no answer yet: send the query again
      if (auto failed = co_await send()) {
        result.failure = *failed;
        break;
      }
      next_send = std::chrono::steady_clock::now() + timeouts_.dns_retry;
      continue;
    }
    if (outcome.index() == 1) {  // the deadline passed
      // Only unreadable answers came: the server misbehaves (as Go's resolver says), which is
      // not the same as no answer at all.
      if (!lingering && !result.failure)
        result.failure = broken_replies > 0 ? core::FailureKind::dns_server_misbehaving
                                            : core::FailureKind::generic_timeout_error;
      break;
    }
    auto [rec, n] = std::get<0>(outcome);
    trace.add(model::NetworkEvent{{r0, trace.now(), 0, {}},
                                  "read",
                                  server_.str(),
                                  "udp",
                                  static_cast<int64_t>(n),
                                  rec ? core::MaybeFailure(core::classify(rec)) : std::nullopt});
    if (rec) {
      // ECONNREFUSED (ICMP port unreachable) and the like: the kernel reports a pending ICMP
      // error before the datagrams already queued, so a reply injected on the path (which
      // arrives before the destination's ICMP) may still be waiting. Keep reading for the
      // linger window (not past the deadline), then give up with the error.
      if (!lingering && !result.failure)
        result.failure = core::classify(rec);
      if (timeouts_.dns_linger.count() <= 0 || ++errors > kMaxReceiveErrors)
        break;
      deadline = std::min(deadline, std::chrono::steady_clock::now() + timeouts_.dns_linger);
      continue;
    }
    std::string reply = buffer.substr(0, n);
    if (!question || !answers_query(reply, id, *question)) {
      if (broken_answer(reply, id))
        ++broken_replies;  // its read is in the trace; it decides the failure at the deadline
      continue;            // not ours, or unreadable: keep waiting for a good answer
    }
    if (!lingering) {
      result.failure.reset();  // an ICMP error before this reply does not matter any more
      result.reply = std::move(reply);
      if (truncated(*result.reply))
        break;  // asked again over TCP below: no lingering for late UDP replies
      lingering = true;
      if (timeouts_.dns_linger.count() <= 0)
        break;  // no interest in late replies (the test helper)
      deadline = std::chrono::steady_clock::now() + timeouts_.dns_linger;
    } else if (result.late_replies.size() < core::SizeCaps::kDnsDuplicateAnswers) {
      result.late_replies.push_back(std::move(reply));
      result.late_times.push_back(trace.now());
    }
  }
  if (result.reply && truncated(*result.reply)) {
    // As stub resolvers and Go's do: the same question over TCP to the same server, within what
    // is left of the lookup's deadline. Its answer (or its failure: a TCP port that accepts and
    // never answers is a timeout) replaces the truncated one (found by tests/hostile, issue 19:
    // a TC reply with no records read as dns_no_answer).
    using std::chrono::duration_cast;
    using std::chrono::milliseconds;
    auto left = [&] {
      return duration_cast<milliseconds>(lookup_deadline - std::chrono::steady_clock::now());
    };
    result.reply.reset();
    result.late_replies.clear();
    result.late_times.clear();
    if (left().count() <= 0) {
      result.failure = core::FailureKind::generic_timeout_error;
      co_return result;
    }
    TcpDialer dialer;
    auto dialed = co_await dialer.dial(server_, left(), trace);
    if (!dialed.stream) {
      result.failure = dialed.failure;
      co_return result;
    }
    dialed.stream->next_layer().expires_after(std::max(left(), milliseconds(1)));
    auto over_tcp = co_await dns_stream_exchange(*dialed.stream, query, id);
    result.reply = std::move(over_tcp.reply);
    result.failure = std::move(over_tcp.failure);
  }
  co_return result;
}

}  // namespace ashyq::net
