// Scrubbing replaces whole addresses only: never a part of a longer address, always one followed
// by a port or ending a sentence.
#include "runner/address_scrubber.hpp"

#include <gtest/gtest.h>

namespace ashyq::runner {
namespace {

struct ScrubCase {
  const char* name;
  std::string text, address, scrubbed;
};

TEST(AddressScrubber, WholeAddressesOnly) {
  const ScrubCase cases[] = {
      {"ends a sentence", "from 10.0.0.1.", "10.0.0.1", "from [scrubbed]."},
      {"inside longer addresses", "10.0.0.12 and 110.0.0.1", "10.0.0.1", "10.0.0.12 and 110.0.0.1"},
      {"with a port", "\"10.0.0.1:443\"", "10.0.0.1", "\"[scrubbed]:443\""},
      {"v6 in brackets", "[2001:db8::1]:80", "2001:db8::1", "[[scrubbed]]:80"},
      {"longer v6", "2001:db8::12", "2001:db8::1", "2001:db8::12"},
      {"every occurrence", "1.2.3.4 1.2.3.4", "1.2.3.4", "[scrubbed] [scrubbed]"},
      {"empty address", "1.2.3.4", "", "1.2.3.4"},
  };
  for (const auto& c : cases)
    EXPECT_EQ(scrub(c.text, {c.address}), c.scrubbed) << c.name;
}

TEST(AddressScrubber, ProbeAddressesKeepTheExtraAndNoLoopback) {
  auto addresses = probe_addresses({"203.0.113.7"});
  ASSERT_FALSE(addresses.empty());
  EXPECT_EQ(addresses.front(), "203.0.113.7");
  for (const auto& a : addresses) {
    EXPECT_FALSE(a.starts_with("127.")) << a;
    EXPECT_NE(a, "::1");
  }
}

}  // namespace
}  // namespace ashyq::runner
