// core/utf8 and core::to_json_text: whatever bytes go in, valid UTF-8 comes out.
#include "core/utf8.hpp"

#include <gtest/gtest.h>

#include "core/base64.hpp"
#include "core/json.hpp"
#include "support/hostile_bytes.hpp"

namespace ashyq::core {
namespace {

using testing::hostile_byte_strings;
using testing::is_strict_utf8_json;

constexpr const char* kFffd = "\xEF\xBF\xBD";

TEST(Utf8, KeepsWellFormedText) {
  for (std::string s : {std::string("plain"), std::string("\xD0\xA1\xD1\x82\xD1\x80"),  // "Стр"
                        std::string("\xF0\x9F\x94\x92"),                                // U+1F512
                        std::string("\xF4\x8F\xBF\xBF"),                                // U+10FFFF
                        std::string("nul\0inside", 10)}) {
    EXPECT_TRUE(is_valid_utf8(s));
    EXPECT_EQ(to_valid_utf8(s), s);
  }
}

TEST(Utf8, ReplacesEachBadByte) {
  struct Row {
    const char* name;
    std::string in;
    std::string want;
  };
  const std::string r = kFffd;
  const Row rows[] = {
      {"lone FF",
       "a\xFF"
       "b",
       "a" + r + "b"},
      {"lone F0 lead", "\xF0", r},
      {"C3 then ASCII", "\xC3\x28", r + "("},
      {"overlong slash", "\xC0\xAF", r + r},
      {"surrogate", "\xED\xA0\x80", r + r + r},
      {"truncated", "\xE2\x82", r + r},
      {"above U+10FFFF", "\xF4\x90\x80\x80", r + r + r + r},
  };
  for (const auto& row : rows) {
    EXPECT_FALSE(is_valid_utf8(row.in)) << row.name;
    EXPECT_EQ(to_valid_utf8(row.in), row.want) << row.name;
  }
}

TEST(Utf8, EveryByteAndInvalidSequenceComesOutValid) {
  for (const auto& [name, bytes] : hostile_byte_strings()) {
    EXPECT_TRUE(is_valid_utf8(to_valid_utf8(bytes))) << name;
    // The same answer as an independent strict reader (Boost.JSON's parser), for the rows that
    // need no JSON escape.
    bool needs_escape = false;
    for (unsigned char c : bytes)
      needs_escape = needs_escape || c < 0x20 || c == '"' || c == '\\';
    if (!needs_escape)
      EXPECT_EQ(is_valid_utf8(bytes), is_strict_utf8_json("\"" + bytes + "\"")) << name;
  }
}

// The single writer: strings, keys, nested arrays; valid input is written as json::serialize does.
TEST(ToJsonText, EveryByteInAStringOrKeyGivesStrictUtf8Json) {
  for (const auto& [name, bytes] : hostile_byte_strings()) {
    json::object o{{"hostname", bytes},
                   {"nested", json::array{bytes, json::object{{"x", bytes}}}},
                   {bytes, 1}};
    const std::string text = to_json_text(o);
    EXPECT_TRUE(is_strict_utf8_json(text)) << name;
    EXPECT_TRUE(is_strict_utf8_json(to_json_text(json::value(o)))) << name;
    EXPECT_TRUE(is_strict_utf8_json(to_json_text(json::array{bytes}))) << name;
    if (is_valid_utf8(bytes))
      EXPECT_EQ(text, json::serialize(o)) << name;
  }
}

// Binary that must survive (bodies, header values) is kept as OONI's base64 form and round-trips.
TEST(ToJsonText, MaybeBinaryKeepsEveryByte) {
  for (const auto& [name, bytes] : hostile_byte_strings()) {
    const std::string text = to_json_text(json::object{{"body", maybe_binary(bytes)}});
    ASSERT_TRUE(is_strict_utf8_json(text)) << name;
    const auto body = json::parse(text).at("body");
    if (body.is_string()) {
      EXPECT_EQ(std::string(body.as_string()), bytes) << name;
    } else {
      EXPECT_EQ(body.at("format"), "base64") << name;
      EXPECT_EQ(base64_decode(body.at("data").as_string()), bytes) << name;
    }
  }
}

}  // namespace
}  // namespace ashyq::core
