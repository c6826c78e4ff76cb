// Table test for core/json_lines.hpp: the line of each value of a JSON text, by path.
#include "core/json_lines.hpp"

#include <gtest/gtest.h>

namespace ashyq::core {
namespace {

TEST(JsonLines, LineOfEachPath) {
  const JsonLines lines(R"({
  "a": 1,
  "list": [
    {"x": "one, two",
     "y": [true,
           null]},
    "s\"q",
    2.5
  ],
  "obj": {
    "k\"ey": {}
  }
})");
  const std::pair<const char*, int> rows[] = {
      {"", 0},  // the document itself has no key; nothing encloses it
      {"a", 2},
      {"list", 3},
      {"list[0]", 4},
      {"list[0].x", 4},
      {"list[0].y", 5},
      {"list[0].y[0]", 5},
      {"list[0].y[1]", 6},
      {"list[1]", 7},
      {"list[2]", 8},
      {"obj", 10},
      {"obj.k\"ey", 11},
      {"obj.missing", 10},  // a missing field: its object's line
      {"list[0].y[7]", 5},
      {"nothing.here", 0},
  };
  for (auto [path, line] : rows)
    EXPECT_EQ(lines.line_of(path), line) << path;
}

}  // namespace
}  // namespace ashyq::core
