#include "tlog/leaf_record.hpp"

#include <gtest/gtest.h>

#include "log_testing.hpp"

namespace ashyq::tlog {
namespace {

TEST(LeafRecord, EncodesCanonicallyAndReadsBack) {
  auto leaf = testing::sample_leaf(1);
  auto bytes = encode_leaf(leaf);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(*bytes,
            "{\"type\":\"measurement\",\"measurement_uid\":\"20261206050000.000000_KZ_"
            "webconnectivity_1001\",\"sha256\":\"" +
                hash_hex(leaf.sha256) +
                "\",\"accepted\":\"2026-12-06T05:00:00Z\",\"probe_cc\":\"KZ\",\"probe_asn\":"
                "\"AS9198\",\"test_name\":\"web_connectivity\",\"input\":\"https://"
                "example-1.kz/\",\"measurement_start_time\":\"2026-12-06 04:59:01\"}");
  auto back = decode_leaf(*bytes);
  ASSERT_TRUE(back) << back.error().message();
  ASSERT_TRUE(std::holds_alternative<MeasurementLeaf>(*back));
  EXPECT_EQ(std::get<MeasurementLeaf>(*back), leaf);
}

TEST(LeafRecord, NullInputAndEscapesRoundTrip) {
  auto leaf = testing::sample_leaf(0);
  EXPECT_FALSE(leaf.input);
  auto bytes = encode_leaf(leaf);
  ASSERT_TRUE(bytes);
  EXPECT_NE(bytes->find("\"input\":null"), std::string::npos);
  leaf.input = "https://пример.kz/\"quoted\"\\\n";
  bytes = encode_leaf(leaf);
  ASSERT_TRUE(bytes);
  auto back = decode_leaf(*bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(std::get<MeasurementLeaf>(*back), leaf);
}

TEST(LeafRecord, RefusesNonCanonicalAndBrokenRecords) {
  auto bytes = *encode_leaf(testing::sample_leaf(1));
  std::string spaced = bytes;
  spaced.insert(1, " ");
  std::string reordered = "{\"measurement_uid\":\"x\",\"type\":\"measurement\"}";
  std::string upper_hex = bytes;
  auto at = upper_hex.find("\"sha256\":\"") + 10;
  for (auto i = at; i < at + 64; ++i)
    upper_hex[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(upper_hex[i])));
  for (const auto& bad : {spaced, reordered, std::string("[]"), std::string("{"),
                          std::string("{\"type\":1}"), bytes + " "}) {
    EXPECT_FALSE(decode_leaf(bad)) << bad;
  }
  if (upper_hex != bytes)  // the sample digest has letters
    EXPECT_FALSE(decode_leaf(upper_hex));
}

TEST(LeafRecord, OtherTypesAreKeptAsOther) {
  auto leaf = decode_leaf("{\"type\":\"register_edit\",\"order\":\"x\"}");
  ASSERT_TRUE(leaf);
  ASSERT_TRUE(std::holds_alternative<OtherLeaf>(*leaf));
  EXPECT_EQ(std::get<OtherLeaf>(*leaf).type, "register_edit");
}

TEST(LeafRecord, TooLongForAnEntryBundleIsAnError) {
  auto leaf = testing::sample_leaf(1);
  leaf.input = "https://x.kz/" + std::string(kMaxLeafRecordBytes, 'a');
  auto bytes = encode_leaf(leaf);
  ASSERT_FALSE(bytes);
  EXPECT_NE(bytes.error().message().find("longer than 65535"), std::string::npos);
}

}  // namespace
}  // namespace ashyq::tlog
