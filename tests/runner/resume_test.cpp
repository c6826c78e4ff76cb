// Run plans: the stored source names the experiment, so that --resume runs the same one.
#include "runner/resume.hpp"

#include <gtest/gtest.h>

namespace ashyq::runner {
namespace {

TEST(Resume, StoredSourceNamesTheExperimentUnlessItIsTheDefault) {
  struct Case {
    const char* name;
    std::string test, source, stored;
  };
  const Case cases[] = {
      {"default", "web_connectivity", "--list kz", "--list kz"},
      {"other", "tor", "(no input)", "-t tor (no input)"},
      {"suite tag", "throttling", "--input [suite kz 2026-11-28 16:40:03]",
       "-t throttling --input [suite kz 2026-11-28 16:40:03]"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(stored_source(c.test, c.source), c.stored) << c.name;
    EXPECT_EQ(test_of_source(c.stored), c.test) << c.name;
  }
  EXPECT_EQ(test_of_source("-t tor"), "tor");
}

TEST(Resume, ANewPlanWithoutADatabaseIsNumberedInOrder) {
  auto plan = new_plan(nullptr, "web_connectivity", "--input", {{"https://a/", "NEWS"}, {"b", ""}});
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->run_id, 0);
  ASSERT_EQ(plan->todo.size(), 2u);
  EXPECT_EQ(plan->todo[1].first, 1);
  EXPECT_EQ(plan->todo[0].second.category, "NEWS");
}

}  // namespace
}  // namespace ashyq::runner
