// Tests for the test-helper request (th_request.hpp).
#include "model/th_request.hpp"

#include <gtest/gtest.h>

namespace ashyq::model {
namespace {

TEST(ThRequest, RoundTrips) {
  ThRequest r;
  r.http_request = "https://example.com/";
  r.http_request_headers = {{"Accept", {"*/*"}}, {"User-Agent", {"ashyq", "again"}}};
  r.tcp_connect = {"192.0.2.1:443", "[2001:db8::1]:443"};
  const boost::json::value written = to_json(r);
  auto back = parse_th_request(boost::json::parse(boost::json::serialize(written)));
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(back.value(), r);
  EXPECT_EQ(boost::json::value(to_json(back.value())), written);
}

TEST(ThRequest, ErrorsNameTheField) {
  const std::pair<const char*, const char*> rows[] = {
      {"[]", ""},
      {R"({})", "http_request"},
      {R"({"http_request": 5})", "http_request"},
      {R"({"http_request": "http://x/", "http_request_headers": []})", "http_request_headers"},
      {R"({"http_request": "http://x/", "http_request_headers": {"Accept": "x"}})",
       "http_request_headers.Accept"},
      {R"({"http_request": "http://x/", "tcp_connect": [1]})", "tcp_connect"},
  };
  for (const auto& [text, where] : rows) {
    auto r = parse_th_request(boost::json::parse(text));
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.error().where, where) << text;
  }
}

TEST(ThRequest, IgnoresUnknownFields) {
  auto r = parse_th_request(
      boost::json::parse(R"({"http_request": "http://x/", "tcp_connect": null, "future": {}})"));
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_TRUE(r->tcp_connect.empty());
}

}  // namespace
}  // namespace ashyq::model
