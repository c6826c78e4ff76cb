#include "geo/asn_database.hpp"

#include <gtest/gtest.h>

namespace ashyq::geo {
namespace {

std::shared_ptr<AsnDatabase> table(const std::string& text) {
  auto db = parse_prefix_table(text, "table.txt");
  EXPECT_TRUE(db.ok()) << db.error().message();
  return db ? *db : nullptr;
}

TEST(PrefixTable, LongestPrefixWins) {
  auto db = table(
      "# lab address plan\n"
      "10.77.0.0/16  64500  Lab Internet\n"
      "10.77.1.0/24  AS64501 Lab Telecom  # the ISP\n"
      "2001:db8::/32 64502\n");
  EXPECT_EQ(db->lookup("10.77.1.9")->asn, 64501u);
  EXPECT_EQ(db->lookup("10.77.1.9")->organisation, "Lab Telecom");
  EXPECT_EQ(db->lookup("10.77.2.9")->asn, 64500u);
  EXPECT_EQ(db->lookup("2001:db8::5")->asn, 64502u);
  EXPECT_FALSE(db->lookup("192.0.2.1"));
  EXPECT_FALSE(db->lookup("not an ip"));
}

TEST(PrefixTable, ErrorsNameTheLine) {
  for (auto [text, says] :
       {std::pair{"10.0.0.0/8\n", "table.txt:1"}, std::pair{"\n10.0.0.0/33 1\n", "table.txt:2"},
        std::pair{"10.0.0.0 1\n", "not a CIDR"},
        std::pair{"10.0.0.0/8 ASX\n", "not an AS number"}}) {
    auto db = parse_prefix_table(text, "table.txt");
    ASSERT_FALSE(db.ok()) << text;
    EXPECT_NE(db.error().message().find(says), std::string::npos) << db.error().message();
  }
}

TEST(OpenAsnDatabase, MissingFileIsAnError) {
  auto db = open_asn_database("/nonexistent/asn.txt");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().where, "/nonexistent/asn.txt");
  auto mmdb = open_asn_database("/nonexistent/GeoLite2-ASN.mmdb");
  ASSERT_FALSE(mmdb.ok());
  EXPECT_EQ(mmdb.error().where, "/nonexistent/GeoLite2-ASN.mmdb");
}

}  // namespace
}  // namespace ashyq::geo
