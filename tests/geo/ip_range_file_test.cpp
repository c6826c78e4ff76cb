#include "geo/ip_range_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/utf8.hpp"
#include "geo/asn_database.hpp"
#include "geo/ip_location_db.hpp"

namespace ashyq::geo {
namespace {

std::vector<std::string> find(const IpRangeFile& file, std::string_view ip) {
  auto bytes = address_bytes(ip);
  EXPECT_TRUE(bytes) << ip;
  return file.find(*bytes);
}

constexpr std::string_view kAsnV4 =
    "1.0.0.0,1.0.0.255,13335,\"Cloudflare, Inc.\"\n"
    "1.0.4.0,1.0.7.255,38803,Gtelecom Pty Ltd\n"
    "2.72.0.0,2.79.255.255,9198,\"JSC \"\"Kazakhtelecom\"\"\"\n"
    "95.56.0.0,95.59.255.255,9198,JSC Kazakhtelecom\n"
    "223.255.255.0,223.255.255.255,58519,Last Row\n";

TEST(IpRangeFile, FindsTheRangeHoldingAnAddress) {
  auto file = IpRangeFile::over(kAsnV4);
  // Every row's first, last and a middle address; the gaps between rows and both ends.
  const std::pair<const char*, const char*> cases[] = {
      {"1.0.0.0", "13335"},       {"1.0.0.255", "13335"},       {"1.0.0.77", "13335"},
      {"1.0.4.0", "38803"},       {"1.0.7.255", "38803"},       {"2.75.1.1", "9198"},
      {"95.57.0.1", "9198"},      {"223.255.255.255", "58519"}, {"0.255.255.255", nullptr},
      {"1.0.1.0", nullptr},       {"2.80.0.0", nullptr},        {"255.255.255.255", nullptr},
      {"95.55.255.255", nullptr},
  };
  for (auto [ip, asn] : cases) {
    auto fields = find(file, ip);
    if (!asn) {
      EXPECT_TRUE(fields.empty()) << ip;
      continue;
    }
    ASSERT_FALSE(fields.empty()) << ip;
    EXPECT_EQ(fields[0], asn) << ip;
  }
  EXPECT_EQ(find(file, "1.0.0.1")[1], "Cloudflare, Inc.");
  EXPECT_EQ(find(file, "2.72.0.1")[1], "JSC \"Kazakhtelecom\"");
}

TEST(IpRangeFile, Ipv6AndNoFinalNewline) {
  auto file = IpRangeFile::over(
      "2001:2::,2001:2::ffff:ffff:ffff:ffff:ffff,JP\n"
      "2001:10::,2001:1f:ffff:ffff:ffff:ffff:ffff:ffff,JP\n"
      "2a03:32c0::,2a03:32c0:ffff:ffff:ffff:ffff:ffff:ffff,KZ");
  EXPECT_EQ(find(file, "2a03:32c0::1")[0], "KZ");
  EXPECT_EQ(find(file, "2001:2::5")[0], "JP");
  EXPECT_TRUE(find(file, "2001:3::").empty());
  EXPECT_TRUE(find(file, "2a03:32c1::").empty());
  EXPECT_TRUE(find(file, "::1").empty());
}

TEST(IpRangeFile, BrokenLinesNeverMatch) {
  auto file = IpRangeFile::over(
      "1.0.0.0,1.0.0.255,1\n"
      "garbage line\n"
      "\n"
      "3.0.0.0,3.0.0.255,3\n"
      "4.0.0.0,4.0.0.9\n"
      "5.0.0.0,5.0.0.255,5\n");
  EXPECT_EQ(find(file, "1.0.0.5")[0], "1");
  EXPECT_EQ(find(file, "5.0.0.5")[0], "5");
  EXPECT_TRUE(find(file, "4.0.0.1").empty());  // too few fields
  EXPECT_TRUE(IpRangeFile::over("").find(*address_bytes("1.2.3.4")).empty());
}

TEST(IpRangeFile, OverlappingRanges) {
  // A long range with a shorter one starting inside it (as in the published data).
  auto file = IpRangeFile::over(
      "214.95.0.0,215.0.255.255,749\n"
      "215.0.0.0,215.0.0.255,721\n"
      "215.0.1.0,215.0.1.255,722\n"
      "215.2.0.0,215.2.0.255,800\n");
  EXPECT_EQ(find(file, "215.0.0.9")[0], "721");  // the later, more specific range
  EXPECT_EQ(find(file, "215.0.2.9")[0], "749");  // only the long one holds it
  EXPECT_EQ(find(file, "214.99.0.1")[0], "749");
  EXPECT_TRUE(find(file, "215.1.0.0").empty());
}

TEST(IpRangeFile, SplitsQuotedFields) {
  EXPECT_EQ(split_csv_line("a,\"b,c\",\"d\"\"e\",\r"),
            (std::vector<std::string>{"a", "b,c", "d\"e", ""}));
}

class IpLocationDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ashyq-ipdb-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& name, std::string_view text) { std::ofstream(dir_ / name) << text; }
  std::filesystem::path dir_;
};

TEST_F(IpLocationDbTest, CombinesAsnAndCountry) {
  write("asn-ipv4.csv", kAsnV4);
  write("country-ipv4.csv", "2.72.0.0,2.79.255.255,KZ\n100.0.0.0,100.0.0.255,ZZZ\n");
  write("country-ipv6.csv", "2a03:32c0::,2a03:32c0:ffff:ffff:ffff:ffff:ffff:ffff,KZ\n");
  auto db = open_asn_database(dir_.string());  // a directory opens as a location database
  ASSERT_TRUE(db.ok()) << db.error().message();
  auto kz = (*db)->lookup("2.72.10.20");
  ASSERT_TRUE(kz);
  EXPECT_EQ(kz->asn, 9198u);
  EXPECT_EQ(kz->country, "KZ");
  auto v6 = (*db)->lookup("2a03:32c0::7");  // no asn-ipv6.csv: the country alone
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->asn, 0u);
  EXPECT_EQ(v6->country, "KZ");
  EXPECT_EQ((*db)->lookup("1.0.0.1")->country, "");
  EXPECT_FALSE((*db)->lookup("100.0.0.1"));  // a country that is not two letters is ignored
  EXPECT_FALSE((*db)->lookup("192.0.2.1"));
  EXPECT_FALSE((*db)->lookup("not an address"));
}

TEST_F(IpLocationDbTest, NamesAreValidUtf8WhateverTheFileHolds) {
  write("asn-ipv4.csv", "10.0.0.0,10.0.0.255,64500,Bad \xff\xfe Name\n");
  auto db = open_ip_location_db(dir_.string());
  ASSERT_TRUE(db.ok());
  auto info = (*db)->lookup("10.0.0.1");
  ASSERT_TRUE(info);
  EXPECT_TRUE(core::is_valid_utf8(info->organisation)) << info->organisation;
  EXPECT_EQ(info->organisation.rfind("Bad ", 0), 0u);
}

TEST_F(IpLocationDbTest, AnEmptyDirectoryIsAnError) {
  auto db = open_ip_location_db(dir_.string());
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().where, dir_.string());
  EXPECT_NE(db.error().why.find("asn-ipv4.csv"), std::string::npos);
  write("asn-ipv4.csv", "");
  auto empty = open_ip_location_db(dir_.string());
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().message().find("asn-ipv4.csv"), std::string::npos);
}

}  // namespace
}  // namespace ashyq::geo
