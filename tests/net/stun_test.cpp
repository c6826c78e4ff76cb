#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "net/stun_client.hpp"
#include "net/stun_message.hpp"
#include "support/servers.hpp"

namespace ashyq::net {
namespace {

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values)
    out += static_cast<char>(v);
  return out;
}

// RFC 5769, 2.2: a sample IPv4 response (SOFTWARE padded, XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY,
// FINGERPRINT) mapping 192.0.2.1 port 32853.
const StunTransactionId kRfcId{0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34,
                               0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae};
const std::string kRfcResponse =
    bytes({0x01, 0x01, 0x00, 0x3c, 0x21, 0x12, 0xa4, 0x42, 0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34,
           0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae, 0x80, 0x22, 0x00, 0x0b, 0x74, 0x65, 0x73, 0x74,
           0x20, 0x76, 0x65, 0x63, 0x74, 0x6f, 0x72, 0x20, 0x00, 0x20, 0x00, 0x08, 0x00, 0x01,
           0xa1, 0x47, 0xe1, 0x12, 0xa6, 0x43, 0x00, 0x08, 0x00, 0x14, 0x2b, 0x91, 0xf5, 0x99,
           0xfd, 0x9e, 0x90, 0xc3, 0x8c, 0x74, 0x89, 0xf9, 0x2a, 0xf9, 0xba, 0x53, 0xf0, 0x6b,
           0xe7, 0xd7, 0x80, 0x28, 0x00, 0x04, 0xc0, 0x7d, 0x4c, 0x96});

TEST(StunMessage, ReadsTheRfc5769SampleResponse) {
  EXPECT_EQ(stun_mapped_address(kRfcResponse, kRfcId), "192.0.2.1");
}

TEST(StunMessage, RejectsWhatIsNotTheAnswer) {
  auto other_id = kRfcId;
  other_id[11] ^= 1;
  EXPECT_FALSE(stun_mapped_address(kRfcResponse, other_id));              // another transaction
  EXPECT_FALSE(stun_mapped_address(kRfcResponse.substr(0, 19), kRfcId));  // cut header
  EXPECT_FALSE(stun_mapped_address(kRfcResponse.substr(0, 60), kRfcId));  // cut body
  auto error = kRfcResponse;
  error[1] = 0x11;  // Binding error response
  EXPECT_FALSE(stun_mapped_address(error, kRfcId));
  auto overrun = kRfcResponse;
  overrun[23] = 0x7f;  // SOFTWARE claims to run past the message
  EXPECT_FALSE(stun_mapped_address(overrun, kRfcId));
  auto no_cookie = kRfcResponse;
  no_cookie[4] = 0;
  EXPECT_FALSE(stun_mapped_address(no_cookie, kRfcId));
}

TEST(StunMessage, ServerAnswerRoundTrips) {
  const StunTransactionId id{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  const auto request = stun_binding_request(id);
  EXPECT_EQ(request.size(), 20u);
  for (const char* address : {"203.0.113.7", "2001:db8::7", "10.77.2.1"}) {
    auto response = stun_binding_response(request, address, 40000);
    ASSERT_TRUE(response) << address;
    EXPECT_EQ(stun_mapped_address(*response, id), address);
  }
  EXPECT_FALSE(stun_binding_response(request, "not an address", 1));
  EXPECT_FALSE(stun_binding_response(request.substr(0, 10), "192.0.2.1", 1));
  EXPECT_FALSE(stun_binding_response(kRfcResponse, "192.0.2.1", 1));  // not a request
}

TEST(StunMessage, FallsBackToMappedAddress) {
  const StunTransactionId id{};
  // A classic (RFC 3489-style) answer: MAPPED-ADDRESS, not XORed.
  auto response = bytes({0x01, 0x01, 0x00, 0x0c, 0x21, 0x12, 0xa4, 0x42, 0,   0,    0,
                         0,    0,    0,    0,    0,    0,    0,    0,    0,   0x00, 0x01,
                         0x00, 0x08, 0x00, 0x01, 0x0d, 0x96, 198,  51,   100, 9});
  EXPECT_EQ(stun_mapped_address(response, id), "198.51.100.9");
}

// A STUN server on 127.0.0.1 (the tests' scripted UDP server): it ignores the first request (a
// lost datagram), then answers each retransmission first for another transaction, then with
// 203.0.113.77 — unless it is silent.
struct FakeStunServer {
  explicit FakeStunServer(bool silent)
      : server([this, silent](const std::string& request) {
          std::vector<testing::UdpServer::Reply> replies;
          if (++requests == 1 || silent)
            return replies;
          auto stray = request;
          stray[19] ^= 1;  // another transaction's answer first: must be ignored
          for (const auto& r : {stray, request})
            replies.push_back(
                {std::chrono::milliseconds(0), *stun_binding_response(r, "203.0.113.77", 5555)});
          return replies;
        }) {}
  uint16_t port() const { return server.port(); }
  std::atomic<int> requests{0};
  testing::UdpServer server;
};

core::Result<std::string> ask(uint16_t port, std::chrono::milliseconds timeout) {
  boost::asio::io_context io;
  std::optional<core::Result<std::string>> out;
  Endpoint server{boost::asio::ip::make_address("127.0.0.1"), port};
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        out = co_await stun_public_address(server, timeout);
      },
      boost::asio::detached);
  io.run();
  return std::move(*out);
}

TEST(StunClient, RetransmitsAndIgnoresOtherTransactions) {
  FakeStunServer server(false);
  auto address = ask(server.port(), std::chrono::milliseconds(5000));
  ASSERT_TRUE(address.ok()) << address.error().message();
  EXPECT_EQ(*address, "203.0.113.77");
  EXPECT_EQ(server.requests.load(), 2);
}

TEST(StunClient, ASilentServerEndsAtTheDeadline) {
  FakeStunServer server(true);
  auto address = ask(server.port(), std::chrono::milliseconds(800));
  ASSERT_FALSE(address.ok());
  EXPECT_NE(address.error().message().find("127.0.0.1:" + std::to_string(server.port())),
            std::string::npos);
  EXPECT_EQ(server.requests.load(), 2);  // at 0 and 0.5 s; the next would be at 1.5 s
}

}  // namespace
}  // namespace ashyq::net
