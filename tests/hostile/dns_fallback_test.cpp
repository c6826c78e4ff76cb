// The other side of the catalogue's dns_truncated_silent_tcp: a truncated UDP reply (TC) is
// asked again over TCP to the same server, and a TCP answer is the lookup's answer.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "hostile/hostile_case.hpp"
#include "support/run.hpp"

namespace ashyq::testing::hostile {
namespace {

using namespace std::chrono_literals;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

// Answers DNS over TCP on 127.0.0.1:`port` with 127.0.0.7 for every A question.
struct TcpDns {
  ServerThread thread;
  tcp::acceptor acceptor{thread.io()};
  bool listening = false;
  explicit TcpDns(uint16_t port) {
    tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), port);
    boost::system::error_code ec;
    acceptor.open(ep.protocol(), ec);
    acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    acceptor.bind(ep, ec);
    if (!ec)
      acceptor.listen(64, ec);
    if (ec)
      return;  // the port is taken for TCP: the caller tries another
    listening = true;
    asio::co_spawn(
        thread.io(),
        [this]() -> asio::awaitable<void> {
          for (;;) {
            auto [ec, s] = co_await acceptor.async_accept(kTuple);
            if (ec)
              co_return;
            unsigned char prefix[2];
            auto [pec, pn] = co_await asio::async_read(s, asio::buffer(prefix), kTuple);
            if (pec)
              continue;
            std::string query((prefix[0] << 8) | prefix[1], '\0');
            auto [qec, qn] = co_await asio::async_read(s, asio::buffer(query), kTuple);
            auto q = net::parse_dns_message(query);
            if (qec || !q)
              continue;
            std::vector<model::DnsAnswer> answers;
            if (q->question_type == 1)
              answers.push_back({"A", "127.0.0.7", 60, 0, ""});
            auto reply = *net::encode_dns_reply(*q, 0, answers);
            std::string framed{static_cast<char>(reply.size() >> 8),
                               static_cast<char>(reply.size() & 0xFF)};
            co_await asio::async_write(s, asio::buffer(framed + reply), kTuple);
          }
        },
        asio::detached);
  }
  ~TcpDns() {
    std::promise<void> done;
    asio::post(thread.io(), [&] {
      acceptor.close();
      done.set_value();
    });
    done.get_future().get();
  }
};

TEST(DnsOverUdp, TruncatedReplyIsAskedAgainOverTcp) {
  auto truncating = [](const std::string& d) {
    auto q = net::parse_dns_message(d);
    std::string reply = *net::encode_dns_reply(*q, 0, {});
    reply[2] = static_cast<char>(reply[2] | 0x02);  // TC
    return std::vector<UdpServer::Reply>{{0ms, reply}};
  };
  std::unique_ptr<UdpServer> udp_side;
  std::unique_ptr<TcpDns> tcp_side;
  for (int attempt = 0; attempt < 20 && !(tcp_side && tcp_side->listening); ++attempt) {
    tcp_side.reset();
    udp_side = std::make_unique<UdpServer>(truncating);
    tcp_side = std::make_unique<TcpDns>(udp_side->port());
  }
  ASSERT_TRUE(tcp_side->listening);
  UdpServer& udp = *udp_side;
  core::MeasurementClock clock;
  net::Trace trace(clock, 1);
  auto found = run_coro(udp_resolver(udp.endpoint())->lookup("big.test", trace));
  EXPECT_FALSE(found.failure);
  EXPECT_EQ(found.addresses, std::vector<std::string>{"127.0.0.7"});
  ASSERT_FALSE(trace.tcp_connect.empty());  // the TCP connection is in the measurement
  EXPECT_EQ(trace.tcp_connect[0].port, udp.port());
}

}  // namespace
}  // namespace ashyq::testing::hostile
