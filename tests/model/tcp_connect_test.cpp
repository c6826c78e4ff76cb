// Tests for the df-005 tcp_connect record (tcp_connect.hpp).
#include "model/tcp_connect.hpp"

#include <gtest/gtest.h>

#include "model/round_trip.hpp"

namespace ashyq::model {
namespace {

auto parse = [](const boost::json::value& v) { return tcp_connect_from_json(v); };

TEST(TcpConnect, RoundTrips) {
  TcpConnect ok;
  ok.ip = "2001:db8::1";
  ok.port = 443;
  ok.t0 = 1;
  ok.t = 1.5;
  ok.transaction_id = 3;
  ok.tags = {"tcptls_experiment", "depth=0"};
  const auto back = testing::round_trip(ok, parse);
  EXPECT_TRUE(back.success());
  EXPECT_EQ(back.endpoint(), "[2001:db8::1]:443");

  TcpConnect refused;
  refused.ip = "192.0.2.1";
  refused.port = 80;
  refused.failure = core::FailureKind::connection_refused;
  refused.blocked = true;
  const auto back2 = testing::round_trip(refused, parse);
  EXPECT_FALSE(back2.success());
  EXPECT_EQ(back2.blocked, true);
  EXPECT_EQ(to_json(refused).as_object().at("status").as_object().at("success"), false);
}

TEST(TcpConnect, AConnectNotRecordedAsSuccessfulFailed) {
  const char* rows[] = {R"({"ip": "192.0.2.1", "port": 80})",
                        R"({"ip": "192.0.2.1", "port": 80, "status": {"success": false}})"};
  for (const auto* row : rows) {
    auto c = parse(boost::json::parse(row));
    ASSERT_TRUE(c.ok()) << row;
    EXPECT_FALSE(c->success()) << row;
  }
}

TEST(TcpConnect, PortOutOfRangeIsAnError) {
  auto c = parse(boost::json::parse(R"({"ip": "192.0.2.1", "port": 70000})"));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().where, "port");
}

// Integers written as doubles: 443.0 is 443; 1e80, 1.5 and -1e19 are errors, not undefined
// behaviour (the fuzzer found 8e80 converted to an integer).
TEST(TcpConnect, IntegersWrittenAsDoubles) {
  auto whole = parse(boost::json::parse(R"({"ip": "192.0.2.1", "port": 443.0})"));
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->port, 443);
  for (const char* port : {"8.06667e+80", "1.5", "-1e19", "1e300"}) {
    auto c = parse(boost::json::parse(std::string(R"({"ip": "192.0.2.1", "port": )") + port + "}"));
    ASSERT_FALSE(c.ok()) << port;
    EXPECT_EQ(c.error().where, "port") << port;
  }
}

}  // namespace
}  // namespace ashyq::model
