// Tests for the df-000 envelope (measurement.hpp).
#include "model/measurement.hpp"

#include <gtest/gtest.h>

namespace ashyq::model {
namespace {

TEST(Measurement, RoundTrips) {
  Measurement m;
  m.annotations = {{"engine_name", "ashyq"}, {"platform", "linux"}};
  m.input = "https://example.com/";
  m.measurement_start_time = "2026-12-04 12:00:00";
  m.probe_asn = "AS9198";
  m.probe_cc = "KZ";
  m.software_name = "ashyq";
  m.test_helpers = {{"backend", {{"address", "https://th.example"}, {"type", "https"}}}};
  m.test_keys = {{"queries", boost::json::array{}}, {"blocking", false}};
  m.test_name = "web_connectivity";
  m.test_runtime = 1.25;
  m.test_start_time = "2026-12-04 11:59:00";
  m.test_version = "0.5.28";
  const boost::json::value written = to_json(m);
  auto back = parse_measurement(boost::json::parse(boost::json::serialize(written)));
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(boost::json::value(to_json(back.value())), written);
  EXPECT_EQ(back->test_keys, m.test_keys);
  EXPECT_EQ(back->probe_cc, "KZ");
}

TEST(Measurement, InputNullIsEmptyAndBack) {
  Measurement m;
  m.test_name = "dnscheck";
  EXPECT_TRUE(to_json(m).at("input").is_null());
  auto back = parse_measurement(to_json(m));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->input, "");
}

TEST(Measurement, ErrorsNameTheField) {
  auto m = parse_measurement(boost::json::parse(R"({"probe_cc": 7})"));
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().where, "probe_cc");
  auto keys = parse_measurement(boost::json::parse(R"({"test_keys": []})"));
  ASSERT_FALSE(keys.ok());
  EXPECT_EQ(keys.error().where, "test_keys");
}

}  // namespace
}  // namespace ashyq::model
