#include "collector/measurement_uid.hpp"

#include <gtest/gtest.h>

#include "collector/submission.hpp"
#include "collector_testing.hpp"

namespace ashyq::collector {
namespace {

TEST(MeasurementUid, IsTheFirst16HexOfSha512) {
  // SHA-512("abc") starts ddaf35a193617aba (FIPS 180-2, appendix C.1).
  EXPECT_EQ(body_digest16("abc"), "ddaf35a193617aba");
  auto t = *parse_ooni_time("2026-12-04 10:00:00");
  EXPECT_EQ(make_measurement_uid(t, "KZ", "web_connectivity", "abc"),
            "20261204100000.000000_KZ_web_connectivity_ddaf35a193617aba");
}

TEST(MeasurementUid, SameBodySameUidOtherBodyOtherUid) {
  auto content = testing::fixture_measurement(1);
  auto body = testing::submission_body(content);
  auto first = validate_submission(testing::kReportId, body);
  auto again = validate_submission(testing::kReportId, body);
  ASSERT_TRUE(first) << first.error().message();
  ASSERT_TRUE(again);
  EXPECT_EQ(first->measurement_uid, again->measurement_uid);
  // The time part is the measurement's own start, whenever it arrives.
  EXPECT_EQ(first->measurement_uid.substr(0, 31), "20240301100000.000000_KZ_web_co");
  EXPECT_EQ(first->measurement_uid.substr(first->measurement_uid.size() - 16), body_digest16(body));

  content["test_runtime"] = 1.75;
  auto other = validate_submission(testing::kReportId, testing::submission_body(content));
  ASSERT_TRUE(other);
  EXPECT_NE(other->measurement_uid, first->measurement_uid);
}

}  // namespace
}  // namespace ashyq::collector
