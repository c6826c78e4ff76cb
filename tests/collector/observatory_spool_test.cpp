// The ClickHouse store's spool on its own: what it accepted stays accepted, what is pending
// comes back oldest first in bounded batches, and both survive closing the file.
#include "collector/observatory_spool.hpp"

#include <gtest/gtest.h>

#include "collector/collector_testing.hpp"

namespace ashyq::collector {
namespace {

SpooledMeasurement spooled(int n, std::size_t raw_bytes = 10) {
  return {"uid" + std::to_string(n), "{\"row\":" + std::to_string(n) + "}",
          std::string(raw_bytes, 'r')};
}

std::vector<std::string> uids(const std::vector<SpooledMeasurement>& batch) {
  std::vector<std::string> out;
  for (const auto& m : batch)
    out.push_back(m.measurement_uid);
  return out;
}

TEST(ObservatorySpool, AcceptsEachUidOnceEvenAfterItDrained) {
  testing::TempDb file("spool-once");
  auto spool = ObservatorySpool::open(file.path);
  ASSERT_TRUE(spool) << spool.error().message();
  EXPECT_TRUE(*(*spool)->accept(spooled(1)));
  EXPECT_FALSE(*(*spool)->accept(spooled(1)));
  ASSERT_TRUE((*spool)->drained({"uid1"}));
  EXPECT_EQ(*(*spool)->pending_count(), 0);
  EXPECT_FALSE(*(*spool)->accept(spooled(1))) << "a drained uid is still known";
}

TEST(ObservatorySpool, PendingIsOldestFirstAndBoundedByCountAndBytes) {
  testing::TempDb file("spool-batches");
  auto spool = ObservatorySpool::open(file.path);
  ASSERT_TRUE(spool);
  for (int n : {5, 3, 9, 1})
    ASSERT_TRUE(*(*spool)->accept(spooled(n, 1000)));
  auto all = (*spool)->pending(100, 1 << 20);
  ASSERT_TRUE(all);
  EXPECT_EQ(uids(*all), (std::vector<std::string>{"uid5", "uid3", "uid9", "uid1"}));
  EXPECT_EQ((*all)[0].row_line, "{\"row\":5}");
  EXPECT_EQ((*all)[0].raw_line.size(), 1000u);
  EXPECT_EQ(uids(*(*spool)->pending(2, 1 << 20)), (std::vector<std::string>{"uid5", "uid3"}));
  // About 2,000 bytes: two measurements of 1,000-odd bytes reach it.
  EXPECT_EQ((*spool)->pending(100, 2000)->size(), 2u);
  // A cap below one measurement still gives one: a large body is never stuck.
  EXPECT_EQ((*spool)->pending(100, 1)->size(), 1u);
}

TEST(ObservatorySpool, SurvivesClosingAndForgetsOnlyWhatDrained) {
  testing::TempDb file("spool-reopen");
  {
    auto spool = ObservatorySpool::open(file.path);
    ASSERT_TRUE(spool);
    for (int n = 0; n < 4; ++n)
      ASSERT_TRUE(*(*spool)->accept(spooled(n)));
    ASSERT_TRUE((*spool)->drained({"uid0", "uid2"}));
  }
  auto spool = ObservatorySpool::open(file.path);
  ASSERT_TRUE(spool) << spool.error().message();
  EXPECT_EQ(*(*spool)->pending_count(), 2);
  EXPECT_EQ(uids(*(*spool)->pending(10, 1 << 20)), (std::vector<std::string>{"uid1", "uid3"}));
  EXPECT_FALSE(*(*spool)->accept(spooled(2)));
}

}  // namespace
}  // namespace ashyq::collector
