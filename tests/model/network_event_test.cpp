// Tests for the df-008 network_events record (network_event.hpp).
#include "model/network_event.hpp"

#include <gtest/gtest.h>

#include "model/round_trip.hpp"

namespace ashyq::model {
namespace {

auto parse = [](const boost::json::value& v) { return network_event_from_json(v); };

TEST(NetworkEvent, RoundTrips) {
  NetworkEvent read;
  read.operation = "read";
  read.address = "192.0.2.1:443";
  read.num_bytes = 16384;
  read.t0 = 2;
  read.t = 2.5;
  read.tags = {"throttling"};
  const auto back = testing::round_trip(read, parse);
  EXPECT_EQ(back.num_bytes, 16384);
  EXPECT_EQ(back.operation, "read");

  NetworkEvent failed;
  failed.operation = "connect";
  failed.failure = core::FailureKind::generic_timeout_error;
  const auto back2 = testing::round_trip(failed, parse);
  EXPECT_FALSE(back2.num_bytes);
  EXPECT_EQ(back2.failure, failed.failure);
}

TEST(NetworkEvent, NumBytesMustBeAnInteger) {
  auto e = parse(boost::json::parse(R"({"operation": "read", "num_bytes": "12"})"));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().where, "num_bytes");
}

}  // namespace
}  // namespace ashyq::model
