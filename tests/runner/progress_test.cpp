// The progress line: plain lines off a terminal, a bar with the blocked count on one.
#include "runner/progress.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace ashyq::runner {
namespace {

TEST(Progress, PlainLinesOffATerminal) {
  std::ostringstream out;
  Progress p(2, false, out, false);
  p.done("https://a.example/", "throttling");
  p.done("https://b.example/", "none");
  p.end();
  EXPECT_EQ(out.str(), "[1/2] throttling https://a.example/\n[2/2] none https://b.example/\n");
  EXPECT_EQ(p.blocked_count(), 1u);
}

TEST(Progress, BarCountsBlockedAndEndsItsLine) {
  std::ostringstream out;
  Progress p(4, false, out, true);
  p.done("a", "tls");
  p.done("b", "down");
  p.end();  // stopped early: the bar's line is ended
  EXPECT_NE(out.str().find("2/4  blocked 1"), std::string::npos) << out.str();
  EXPECT_TRUE(out.str().ends_with("\n"));
}

TEST(Progress, QuietPrintsNothingButStillCounts) {
  std::ostringstream out;
  Progress p(1, true, out, true);
  p.done("a", "dns");
  p.end();
  EXPECT_EQ(out.str(), "");
  EXPECT_EQ(p.done_count(), 1u);
  EXPECT_EQ(p.blocked_count(), 1u);
}

}  // namespace
}  // namespace ashyq::runner
