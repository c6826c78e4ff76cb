// Tests for the test-helper response (th_response.hpp).
#include "model/th_response.hpp"

#include <gtest/gtest.h>

namespace ashyq::model {
namespace {

ControlResponse sample() {
  ControlResponse c;
  c.tcp_connect["192.0.2.1:443"] = {true, std::nullopt};
  c.tcp_connect["192.0.2.2:443"] = {false, core::FailureKind::connection_refused};
  c.tls_handshake["192.0.2.1:443"] = {"example.com", true, std::nullopt};
  c.http_request = {1256, std::nullopt, "Example Domain", {{"Content-Type", "text/html"}}, 200};
  c.dns = {std::nullopt, {"192.0.2.1", "192.0.2.2"}};
  c.ip_info["192.0.2.1"] = {15133, 10};
  return c;
}

TEST(ControlResponse, RoundTrips) {
  const auto c = sample();
  const boost::json::value written = to_json(c);
  auto back = parse_control_response(boost::json::parse(boost::json::serialize(written)));
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(back.value(), c);
  EXPECT_EQ(boost::json::value(to_json(back.value())), written);
}

TEST(ControlResponse, WritesOonisShape) {
  ControlResponse failed;
  failed.dns.failure = core::FailureKind::dns_name_error;
  const auto o = to_json(failed);
  EXPECT_FALSE(o.contains("tls_handshake"));  // omitted when empty, as OONI's helper does
  EXPECT_FALSE(o.contains("ip_info"));
  EXPECT_TRUE(o.at("http3_request").is_null());
  EXPECT_EQ(o.at("http_request").as_object().at("status_code"), -1);
  EXPECT_EQ(o.at("dns").as_object().at("failure"), "dns_name_error");
}

TEST(ControlResponse, ErrorsNameThePathFromControl) {
  auto c = parse_control_response(boost::json::parse(R"({"dns": {"addrs": [1]}})"));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().where, "control.dns.addrs");
}

}  // namespace
}  // namespace ashyq::model
