// The method vocabulary: every method round-trips through its name, and exactly the methods that
// mean interference are blocking.
#include "analysis/method.hpp"

#include <gtest/gtest.h>

namespace ashyq::analysis {
namespace {

TEST(Method, EveryMethodRoundTripsAndSaysWhetherItBlocks) {
  struct Case {
    Method method;
    std::string_view name;
    bool blocking;
  };
  const Case cases[] = {
      {Method::dns, "dns", true},
      {Method::tcp_ip, "tcp_ip", true},
      {Method::tls, "tls", true},
      {Method::http_failure, "http-failure", true},
      {Method::http_diff, "http-diff", true},
      {Method::blockpage, "blockpage", true},
      {Method::interception, "interception", true},
      {Method::throttling, "throttling", true},
      {Method::none, "none", false},
      {Method::down, "down", false},
      {Method::unknown, "unknown", false},
  };
  ASSERT_EQ(all_methods().size(), std::size(cases));
  for (std::size_t i = 0; i < std::size(cases); ++i) {
    const auto& c = cases[i];
    EXPECT_EQ(all_methods()[i], c.method) << c.name;  // report order
    EXPECT_EQ(to_string(c.method), c.name);
    EXPECT_EQ(method_from_string(c.name), c.method) << c.name;
    EXPECT_EQ(is_blocking(c.method), c.blocking) << c.name;
    EXPECT_EQ(is_blocking(c.name), c.blocking) << c.name;
  }
  EXPECT_EQ(blocking_methods().size(), 8u);
  for (auto m : blocking_methods())
    EXPECT_TRUE(is_blocking(m)) << to_string(m);
  EXPECT_FALSE(method_from_string("censored"));
  EXPECT_FALSE(is_blocking(std::string_view("censored")));
}

}  // namespace
}  // namespace ashyq::analysis
