// Tests for the df-002 DNS query record (dns_query.hpp).
#include "model/dns_query.hpp"

#include <gtest/gtest.h>

#include "model/round_trip.hpp"

namespace ashyq::model {
namespace {

DnsQuery sample() {
  DnsQuery q;
  q.engine = "udp";
  q.resolver_address = "192.0.2.53:53";
  q.hostname = "example.com";
  q.query_type = "A";
  q.answers = {{"A", "93.184.216.34", 300, 15133, "Edgecast"},
               {"AAAA", "2606:2800:220:1::1", std::nullopt, 0, ""},
               {"CNAME", "cdn.example.net", 60, 0, ""}};
  q.failure = core::FailureKind::dns_nxdomain_error;
  q.raw_response = std::string("\x12\x34\x81\x80\0\x01", 6);
  q.rcode = 3;
  q.t0 = 0.25;
  q.t = 0.5;
  q.transaction_id = 7;
  q.tags = {"classic", "depth=1"};
  return q;
}

TEST(DnsQuery, RoundTrips) {
  const auto q = sample();
  const auto back =
      testing::round_trip(q, [](const boost::json::value& v) { return dns_query_from_json(v); });
  EXPECT_EQ(back.answers, q.answers);
  EXPECT_EQ(back.raw_response, q.raw_response);
  EXPECT_EQ(back.rcode, 3);
  EXPECT_EQ(back.failure, q.failure);
  EXPECT_EQ(back.tags, q.tags);
  EXPECT_EQ(back.transaction_id, 7);
}

TEST(DnsQuery, WritesTheDatumUnderTheKeyOfItsType) {
  const auto o = to_json(sample()).as_object();
  const auto& answers = o.at("answers").as_array();
  EXPECT_EQ(answers[0].as_object().at("ipv4"), "93.184.216.34");
  EXPECT_EQ(answers[1].as_object().at("ipv6"), "2606:2800:220:1::1");
  EXPECT_EQ(answers[2].as_object().at("hostname"), "cdn.example.net");
  EXPECT_TRUE(answers[1].as_object().at("ttl").is_null());
}

TEST(DnsQuery, ReadsAnswersOfOlderProbes) {
  // MeasurementKit wrote no answer_type for some answers; the key says what the datum is.
  auto q = dns_query_from_json(boost::json::parse(
      R"({"answers": [{"ipv4": "192.0.2.1"}, {"ipv6": "2001:db8::1"},
                      {"answer_type": "CNAME", "hostname": "x.example"}],
          "hostname": "example.com", "unknown": 5})"));
  ASSERT_TRUE(q.ok()) << q.error().message();
  EXPECT_EQ(q->addresses(), (std::vector<std::string>{"192.0.2.1", "2001:db8::1"}));
  EXPECT_EQ(q->answers[2].ip(), "");
  EXPECT_EQ(q->answers[2].value, "x.example");
  EXPECT_TRUE(q->is_system_resolver());  // no engine recorded
}

TEST(DnsQuery, ErrorsNameThePath) {
  auto q = dns_query_from_json(boost::json::parse(R"({"answers": [{"asn": "x"}]})"), "queries[3]");
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.error().where, "queries[3].answers[0].asn");
  auto raw = dns_query_from_json(boost::json::parse(R"({"raw_response": "!!"})"));
  ASSERT_FALSE(raw.ok());
  EXPECT_EQ(raw.error().where, "raw_response");
}

}  // namespace
}  // namespace ashyq::model
