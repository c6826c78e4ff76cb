#include "collector/ooni_time.hpp"

#include <gtest/gtest.h>

namespace ashyq::collector {
namespace {

TEST(OoniTime, ParsesAndFormatsEveryForm) {
  auto t = parse_ooni_time("2026-12-04 10:20:30");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_ooni_time(*t), "2026-12-04 10:20:30");
  EXPECT_EQ(format_report_time(*t), "20261204T102030Z");
  EXPECT_EQ(format_uid_time(*t), "20261204102030.000000");
  EXPECT_EQ(format_api_time("2026-12-04 10:20:30"), "2026-12-04T10:20:30Z");
  auto day = parse_ooni_day("2026-12-04");
  ASSERT_TRUE(day);
  EXPECT_EQ(format_ooni_time(*day), "2026-12-04 00:00:00");
}

TEST(OoniTime, RefusesWhatIsNotACalendarTime) {
  for (const char* bad : {"2026-12-04T10:20:30", "2026-12-04 10:20:30Z", "2026-13-01 00:00:00",
                          "2026-02-30 00:00:00", "2026-12-04 24:00:00", "2026-12-04 10:60:00",
                          "2026-12-04 10:20", "", "20261204 102030", "2026-1a-04 10:20:30"})
    EXPECT_FALSE(parse_ooni_time(bad)) << bad;
  for (const char* bad : {"2026-12-4", "2026/12/04", "2025-02-29", "2026-12-04 "})
    EXPECT_FALSE(parse_ooni_day(bad)) << bad;
  EXPECT_TRUE(parse_ooni_day("2024-02-29"));
}

}  // namespace
}  // namespace ashyq::collector
