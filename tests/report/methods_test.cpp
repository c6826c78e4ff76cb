// The method table: report order, the blocking set, lookups.
#include "report/methods.hpp"

#include <gtest/gtest.h>

namespace ashyq::report {
namespace {

TEST(Methods, BlockingMethodsInReportOrder) {
  std::vector<std::string_view> names;
  for (const auto& m : blocking_methods())
    names.push_back(m.name);
  EXPECT_EQ(names,
            (std::vector<std::string_view>{"dns", "tcp_ip", "tls", "http-failure", "http-diff",
                                           "blockpage", "interception", "throttling"}));
}

TEST(Methods, LookupAndRank) {
  EXPECT_TRUE(is_blocking_method("tls"));
  EXPECT_FALSE(is_blocking_method("none"));
  EXPECT_FALSE(is_blocking_method("down"));
  EXPECT_FALSE(is_blocking_method("unknown"));
  EXPECT_TRUE(is_blocking_method("throttling"));
  EXPECT_FALSE(is_blocking_method("slowness"));
  ASSERT_NE(find_method("tls"), nullptr);
  EXPECT_NE(find_method("tls")->words.find("SNI"), std::string_view::npos);
  EXPECT_EQ(find_method("bogus"), nullptr);
  EXPECT_LT(method_rank("dns"), method_rank("interception"));
  EXPECT_EQ(method_rank("bogus"), all_methods().size());
}

}  // namespace
}  // namespace ashyq::report
