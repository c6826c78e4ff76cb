// Table tests for ip_prefix.hpp and bogon_list.hpp.
#include "analysis/bogon_list.hpp"

#include <gtest/gtest.h>

namespace ashyq::analysis {
namespace {

struct BogonRow {
  const char* name;
  const char* ip;
  bool bogon;
};

TEST(BogonList, DefaultTable) {
  const BogonRow rows[] = {
      {"rfc1918_10", "10.10.34.35", true},
      {"rfc1918_172", "172.16.0.1", true},
      {"rfc1918_172_edge_outside", "172.32.0.1", false},
      {"rfc1918_192", "192.168.1.1", true},
      {"loopback", "127.0.0.1", true},
      {"loopback_other", "127.255.0.9", true},
      {"this_network", "0.0.0.0", true},
      {"cgnat", "100.64.1.1", true},
      {"cgnat_edge_outside", "100.128.0.1", false},
      {"link_local", "169.254.10.1", true},
      {"ietf_protocol", "192.0.0.8", true},
      {"test_net_1", "192.0.2.1", true},
      {"test_net_2", "198.51.100.7", true},
      {"test_net_3", "203.0.113.9", true},
      {"benchmarking", "198.19.255.255", true},
      {"multicast", "224.0.0.251", true},
      {"reserved_240", "240.0.0.1", true},
      {"broadcast", "255.255.255.255", true},
      {"public_v4", "93.184.216.34", false},
      {"public_kz", "2.133.0.1", false},
      {"v6_loopback", "::1", true},
      {"v6_unspecified", "::", true},
      {"v6_ula", "fd00::1", true},
      {"v6_link_local", "fe80::1", true},
      {"v6_link_local_zone", "fe80::1%eth0", true},
      {"v6_multicast", "ff02::1", true},
      {"v6_documentation", "2001:db8::1", true},
      {"v6_public", "2606:2800:220:1:248:1893:25c8:1946", false},
      {"v6_mapped_private", "::ffff:10.0.0.1", true},
      {"v6_mapped_public", "::ffff:93.184.216.34", false},
      {"6to4_of_private", "2002:c0a8:0101::1", true},
      {"6to4_of_public", "2002:5db8:d822::1", false},
      {"teredo_of_loopback", "2001:0:7f00:1::1", true},
      {"v6_mapped_hex_loopback", "::ffff:7f00:1", true},
      {"v4_compatible_loopback", "::127.0.0.1", true},
      {"v4_compatible_public", "::93.184.216.34", true},
      {"nat64_of_loopback", "64:ff9b::127.0.0.1", true},
      {"nat64_of_private", "64:ff9b::a00:1", true},
      {"nat64_of_public", "64:ff9b::93.184.216.34", false},
      {"nat64_local_use", "64:ff9b:1::1", true},
      {"v6_benchmarking", "2001:2::1", true},
      {"v6_documentation_3fff", "3fff:1::1", true},
      {"v6_srv6", "5f00::1", true},
      {"bracketed_v6", "[::1]", true},
      {"not_an_ip", "example.com", false},
      {"empty", "", false},
  };
  for (const auto& row : rows) {
    EXPECT_EQ(BogonList::defaults().is_bogon(row.ip), row.bogon) << row.name;
  }
}

TEST(BogonList, OverrideDeclaresLabRangePublic) {
  auto list = BogonList::parse(
      "# lab plan: our 'internet' lives in 10.77/16\n"
      "-10.77.0.0/16\n"
      "+203.0.112.0/24   # an extra range\n"
      "\n");
  ASSERT_TRUE(list.ok()) << list.error().message();
  EXPECT_FALSE(list->is_bogon("10.77.1.2"));
  EXPECT_TRUE(list->is_bogon("10.78.1.2"));
  EXPECT_TRUE(list->is_bogon("203.0.112.5"));
  EXPECT_FALSE(BogonList::defaults().is_bogon("203.0.112.5"));
}

TEST(BogonList, ClearStartsFromNothing) {
  auto list = BogonList::parse("clear\n192.0.2.0/24\n");
  ASSERT_TRUE(list.ok());
  EXPECT_FALSE(list->is_bogon("10.0.0.1"));
  EXPECT_TRUE(list->is_bogon("192.0.2.3"));
}

TEST(BogonList, BadLineIsNamed) {
  auto list = BogonList::parse("10.0.0.0/8\n10.0.0.0/33\n");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.error().where, "line 2");
  EXPECT_NE(list.error().why.find("10.0.0.0/33"), std::string::npos);
}

TEST(IpPrefix, ParseAndContain) {
  auto p = parse_prefix("10.1.2.3/8");
  ASSERT_TRUE(p);
  EXPECT_EQ(to_string(*p), "10.0.0.0/8");
  EXPECT_TRUE(p->contains(*parse_ip("10.200.0.1")));
  EXPECT_FALSE(p->contains(*parse_ip("11.0.0.1")));
  EXPECT_FALSE(p->contains(*parse_ip("::1")));
  EXPECT_FALSE(parse_prefix("10.0.0.0/"));
  EXPECT_FALSE(parse_prefix("nonsense/8"));
  EXPECT_EQ(to_string(*parse_prefix("fc00::/7")), "fc00::/7");
}

TEST(IpPrefix, Endpoints) {
  auto a = split_endpoint("1.2.3.4:443");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->ip, "1.2.3.4");
  EXPECT_EQ(a->port, "443");
  auto b = split_endpoint("[2001:db8::1]:80");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->ip, "2001:db8::1");
  EXPECT_EQ(b->port, "80");
  EXPECT_FALSE(split_endpoint("2001:db8::1"));
  EXPECT_EQ(join_endpoint("2001:db8::1", "443"), "[2001:db8::1]:443");
  EXPECT_EQ(join_endpoint("1.2.3.4", "80"), "1.2.3.4:80");
  EXPECT_TRUE(is_loopback("127.0.0.1"));
  EXPECT_TRUE(is_loopback("::1"));
  EXPECT_FALSE(is_loopback("10.0.0.1"));
}

}  // namespace
}  // namespace ashyq::analysis
