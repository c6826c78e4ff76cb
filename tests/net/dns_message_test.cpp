#include "net/dns_message.hpp"

#include <gtest/gtest.h>

namespace ashyq::net {
namespace {

TEST(DnsMessage, QueryRoundTrip) {
  auto wire = encode_dns_query(0x1234, "Example.ORG", DnsType::AAAA);
  ASSERT_TRUE(wire);
  auto msg = parse_dns_message(*wire);
  ASSERT_TRUE(msg);
  EXPECT_EQ(msg->id, 0x1234);
  EXPECT_FALSE(msg->is_response);
  EXPECT_EQ(msg->question_name, "example.org");
  EXPECT_EQ(msg->question_type, 28);
}

TEST(DnsMessage, ReplyWithAnswers) {
  auto query = parse_dns_message(*encode_dns_query(7, "a.example", DnsType::A));
  auto reply = encode_dns_reply(*query, 0,
                                {{"CNAME", "b.example", 30, 0, ""}, {"A", "10.0.0.1", 30, 0, ""}});
  ASSERT_TRUE(reply);
  auto msg = parse_dns_message(*reply);
  ASSERT_TRUE(msg);
  EXPECT_TRUE(msg->is_response);
  EXPECT_EQ(msg->id, 7);
  ASSERT_EQ(msg->answers.size(), 2u);
  EXPECT_EQ(msg->answers[0].answer_type, "CNAME");
  EXPECT_EQ(msg->answers[0].value, "b.example");
  EXPECT_EQ(msg->answers[1].value, "10.0.0.1");
  EXPECT_EQ(msg->answers[1].ttl, 30u);
  EXPECT_FALSE(dns_reply_failure(*msg, DnsType::A));
  EXPECT_EQ(dns_reply_failure(*msg, DnsType::AAAA)->str(), "dns_no_answer");
  EXPECT_EQ(dns_addresses(msg->answers), std::vector<std::string>{"10.0.0.1"});
}

TEST(DnsMessage, RcodesMapToFailures) {
  auto query = parse_dns_message(*encode_dns_query(7, "a.example", DnsType::A));
  struct Row {
    int rcode;
    const char* failure;
  } rows[] = {{3, "dns_nxdomain_error"},
              {2, "dns_servfail_error"},
              {5, "dns_refused_error"},
              {4, "dns_server_misbehaving"}};
  for (auto row : rows) {
    auto msg = parse_dns_message(*encode_dns_reply(*query, row.rcode, {}));
    ASSERT_TRUE(msg);
    EXPECT_EQ(dns_reply_failure(*msg, DnsType::A)->str(), row.failure) << row.rcode;
  }
}

TEST(DnsMessage, GarbageIsRejectedNotCrashed) {
  EXPECT_FALSE(parse_dns_message(""));
  EXPECT_FALSE(parse_dns_message("\x01\x02\x03"));
  std::string truncated = *encode_dns_query(1, "example.org", DnsType::A);
  truncated.resize(truncated.size() - 3);
  EXPECT_FALSE(parse_dns_message(truncated));
  EXPECT_FALSE(encode_dns_query(1, std::string(300, 'a'), DnsType::A));
}

}  // namespace
}  // namespace ashyq::net
