// The inputs of a new run: --input, then a list's lines (bad lines skipped with their place),
// or the one null input of an experiment that takes none; every refusal names the flag.
#include "runner/input_plan.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace ashyq::runner {
namespace {

std::string write_list(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

TEST(InputPlan, UrlsThenTheListsLinesWithTheirCategories) {
  const auto path = write_list("plan-ok.csv",
                               "url,category_code,category_description,date_added,source,notes\n"
                               "https://a.example/,NEWS,News,2020-01-01,x,\n"
                               "not a url,NEWS,News,2020-01-01,x,\n"
                               "http://b.example/,HUMR,Rights,2020-01-01,x,\n");
  auto plan = plan_inputs({{"http://given.example/"}, path, {}, "web_connectivity", true});
  ASSERT_TRUE(plan) << plan.error().message();
  ASSERT_EQ(plan->inputs.size(), 3u);
  EXPECT_EQ(plan->inputs[0].url, "http://given.example/");
  EXPECT_EQ(plan->inputs[1].url, "https://a.example/");
  EXPECT_EQ(plan->inputs[1].category, "NEWS");
  EXPECT_EQ(plan->inputs[2].category, "HUMR");
  EXPECT_EQ(plan->source, "--list " + path);
  ASSERT_EQ(plan->skipped.size(), 1u);
  EXPECT_EQ(plan->skipped[0].where, path + ":3");
}

TEST(InputPlan, CategoriesFilterTheList) {
  const auto path = write_list("plan-cat.csv",
                               "url,category_code,category_description,date_added,source,notes\n"
                               "https://a.example/,NEWS,News,2020-01-01,x,\n"
                               "http://b.example/,HUMR,Rights,2020-01-01,x,\n");
  auto plan = plan_inputs({{}, path, {"HUMR"}, "web_connectivity", true});
  ASSERT_TRUE(plan) << plan.error().message();
  ASSERT_EQ(plan->inputs.size(), 1u);
  EXPECT_EQ(plan->inputs[0].url, "http://b.example/");
}

TEST(InputPlan, AnExperimentWithoutInputGetsOneNullInput) {
  auto plan = plan_inputs({{}, "", {}, "tor", false});
  ASSERT_TRUE(plan) << plan.error().message();
  ASSERT_EQ(plan->inputs.size(), 1u);
  EXPECT_EQ(plan->inputs[0].url, "");
  EXPECT_EQ(plan->source, "(no input)");
}

TEST(InputPlan, RefusalsSayWhatIsWrong) {
  auto given = plan_inputs({{"http://a.example/"}, "", {}, "tor", false});
  ASSERT_FALSE(given);
  EXPECT_EQ(given.error().message(), "tor takes no input: drop --input and --list");
  auto nothing = plan_inputs({{}, "", {}, "web_connectivity", true});
  ASSERT_FALSE(nothing);
  EXPECT_NE(nothing.error().message().find("nothing to measure"), std::string::npos);
  auto missing = plan_inputs({{}, "/nonexistent/list.csv", {}, "web_connectivity", true});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().where, "--list /nonexistent/list.csv");
}

}  // namespace
}  // namespace ashyq::runner
