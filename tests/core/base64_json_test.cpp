#include <gtest/gtest.h>

#include "core/base64.hpp"
#include "core/json.hpp"

namespace ashyq::core {
namespace {

TEST(Base64, RoundTrip) {
  for (std::string s :
       std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff\x10", 3)}) {
    auto decoded = base64_decode(base64_encode(s));
    ASSERT_TRUE(decoded);
    EXPECT_EQ(*decoded, s);
  }
  EXPECT_EQ(base64_encode("hello"), "aGVsbG8=");
  EXPECT_FALSE(base64_decode("abc"));
}

TEST(Json, MaybeBinaryKeepsUtf8AndEncodesTheRest) {
  EXPECT_EQ(maybe_binary("Страница заблокирована"), json::value("Страница заблокирована"));
  auto bin = maybe_binary(std::string("\xff\xfe", 2));
  ASSERT_TRUE(bin.is_object());
  EXPECT_EQ(bin.at("format"), "base64");
  EXPECT_EQ(bin.at("data"), "//4=");
  EXPECT_FALSE(is_valid_utf8("\xc0\x80"));      // overlong
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));  // surrogate
}

}  // namespace
}  // namespace ashyq::core
