// The round-trip check every record test uses: write a record, parse what was written, and write
// the parsed record again; the two JSON values must be equal.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace ashyq::model::testing {

// Returns the parsed record so a test can also check its fields.
template <class T, class ParseFn>
T round_trip(const T& record, ParseFn&& parse) {
  const boost::json::value written = to_json(record);
  // Through text, as a measurement file holds it.
  auto parsed = parse(boost::json::parse(boost::json::serialize(written)));
  EXPECT_TRUE(parsed.ok()) << parsed.error().message();
  if (!parsed.ok())
    return T{};
  EXPECT_EQ(boost::json::value(to_json(parsed.value())), written);
  return std::move(parsed.value());
}

}  // namespace ashyq::model::testing
