// parse_test_list (experiments/test_list.hpp): rows kept, malformed rows reported with their line
// and skipped, internationalised hosts accepted as written (issue 17).
#include "experiments/test_list.hpp"

#include <gtest/gtest.h>

namespace ashyq::experiments {
namespace {

TEST(TestList, KeepsUnicodeHostsAndReportsBadRowsByLine) {
  const auto list = parse_test_list(
      "url,category_code,category_description,date_added,source,notes\n"
      "https://сайт.қаз/,NEWS,News Media,2026-12-06,ashyq,fictional IDN\n"
      "http://xn--d1acpjx3f.xn--p1ai/,COMT,Communication Tools,2026-12-06,ashyq,\n"
      "http://a\xE2\x80\x8D"
      "b.example/,NEWS,News Media,2026-12-06,ashyq,lone joiner\n"
      "ftp://files.example/,NEWS,News Media,2026-12-06,ashyq,\n"
      "\n"
      "https://ЯНДЕКС.РФ/путь,NEWS,News Media,2026-12-06,ashyq,\n");
  ASSERT_EQ(list.entries.size(), 3u);
  EXPECT_EQ(list.entries[0].url, "https://сайт.қаз/");  // kept as written: it is the input
  EXPECT_EQ(list.entries[0].line, 2u);
  EXPECT_EQ(list.entries[1].category_code, "COMT");
  EXPECT_EQ(list.entries[2].line, 7u);
  ASSERT_EQ(list.problems.size(), 2u);
  EXPECT_EQ(list.problems[0].line, 4u);
  EXPECT_NE(list.problems[0].why.find("invalid domain name"), std::string::npos)
      << list.problems[0].why;
  EXPECT_EQ(list.problems[1].line, 5u);
  EXPECT_NE(list.problems[1].why.find("unsupported scheme"), std::string::npos)
      << list.problems[1].why;
}

}  // namespace
}  // namespace ashyq::experiments
