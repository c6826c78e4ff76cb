// Tests for the df-001 requests record and its headers (http_transaction.hpp, http_headers.hpp).
#include "model/http_transaction.hpp"

#include <gtest/gtest.h>

#include "model/round_trip.hpp"

namespace ashyq::model {
namespace {

auto parse = [](const boost::json::value& v) { return http_transaction_from_json(v); };

TEST(HttpTransaction, RoundTripsWithABinaryBodyAndRepeatedHeaders) {
  HttpTransaction tx;
  tx.address = "192.0.2.1:80";
  tx.alpn = "http/1.1";
  tx.request.url = "http://example.com/";
  tx.request.headers = {{"Host", "example.com"}, {"Accept", "*/*"}};
  HttpResponse resp;
  resp.code = 302;
  resp.headers = {{"Set-Cookie", "a=1"}, {"Set-Cookie", "b=2"}, {"X-Bin", "\xff\xfe"}};
  resp.body = std::string("\xff\0body", 6);
  resp.body_is_truncated = true;
  tx.response = resp;
  tx.t0 = 0.1;
  tx.t = 0.2;
  tx.transaction_id = 9;
  tx.tags = {"depth=1", "fetch_body=true"};
  const auto back = testing::round_trip(tx, parse);
  ASSERT_TRUE(back.response);
  EXPECT_EQ(*back.response, resp);
  EXPECT_EQ(back.request, tx.request);
  EXPECT_EQ(back.status_code(), 302);
  EXPECT_EQ(back.header("set-cookie"), "a=1");  // the first value
  EXPECT_TRUE(back.body_is_truncated());

  const auto o = to_json(tx).as_object();
  const auto& written = o.at("response").as_object();
  EXPECT_EQ(written.at("body").as_object().at("format"), "base64");
  EXPECT_EQ(written.at("headers_list").as_array().size(), 3u);
  EXPECT_EQ(written.at("headers").as_object().size(), 2u);
}

TEST(HttpTransaction, NoResponseIsOonisEmptyResponse) {
  HttpTransaction tx;
  tx.request.url = "https://example.com/";
  tx.failure = core::FailureKind::connection_reset;
  const auto o = to_json(tx).as_object();
  EXPECT_EQ(o.at("response").as_object().at("code"), 0);
  const auto back = testing::round_trip(tx, parse);
  EXPECT_FALSE(back.response);
  EXPECT_EQ(back.status_code(), 0);
  EXPECT_EQ(back.response_body(), "");
}

TEST(HttpTransaction, ReadsTheHeadersMapWhenThereIsNoList) {
  // MeasurementKit wrote only the map, with arrays as values.
  auto tx = parse(boost::json::parse(
      R"({"request": {"url": "http://x/"},
          "response": {"code": 200, "headers": {"Server": ["nginx"], "Via": "proxy"}}})"));
  ASSERT_TRUE(tx.ok()) << tx.error().message();
  EXPECT_EQ(tx->header("server"), "nginx");
  EXPECT_EQ(tx->header("VIA"), "proxy");
}

TEST(HttpTransaction, AHeadersListEntryThatIsNotAPairIsAnError) {
  auto tx = parse(boost::json::parse(R"({"response": {"headers_list": [["only-name"]]}})"));
  ASSERT_FALSE(tx.ok());
  EXPECT_EQ(tx.error().where, "response.headers_list");
}

}  // namespace
}  // namespace ashyq::model
