// Suites: the shipped ones parse, and a broken suite file is refused with its line.
#include "cli/suite.hpp"

#include <gtest/gtest.h>

#include "analysis/read_file.hpp"
#include "experiments/registry.hpp"

namespace ashyq::cli {
namespace {

std::string error_of(const std::string& text) {
  auto parsed = parse_suite(text, "s.toml");
  auto* err = std::get_if<std::string>(&parsed);
  return err ? *err : "";
}

TEST(Suite, KzRunsEveryExperiment) {
  const auto path = suite_path("kz", std::string(ASHYQ_TEST_SOURCE_DIR) + "/data");
  auto text = analysis::read_file(path);
  ASSERT_TRUE(text) << path;
  auto parsed = parse_suite(*text, path);
  ASSERT_TRUE(std::holds_alternative<Suite>(parsed)) << std::get<std::string>(parsed);
  const auto& suite = std::get<Suite>(parsed);
  EXPECT_EQ(suite.name, "kz");
  ASSERT_FALSE(suite.steps.empty());
  EXPECT_EQ(suite.steps[0].test, "web_connectivity");
  EXPECT_EQ(suite.steps[0].list, "kz");
  // Issue 7: web connectivity over kz.csv plus every other experiment.
  for (const auto& spec : experiments::experiment_specs()) {
    bool present = false;
    for (const auto& step : suite.steps)
      present = present || step.test == spec.name;
    EXPECT_TRUE(present) << spec.name << " is not in the kz suite";
  }
}

TEST(Suite, TagEndsTheStoredSource) {
  EXPECT_EQ(suite_tag_of("-t tor (no input) [suite kz 2026-11-28 16:40:03]"),
            "[suite kz 2026-11-28 16:40:03]");
  EXPECT_EQ(suite_tag_of("--list kz [suite kz 2026-11-28 16:40:03]"),
            suite_tag_of("-t telegram (no input) [suite kz 2026-11-28 16:40:03]"));
  EXPECT_EQ(suite_tag_of("--list kz"), "");
  EXPECT_EQ(suite_tag_of("--input [suite"), "");
}

TEST(Suite, PathOrName) {
  EXPECT_EQ(suite_path("kz", "/d"), "/d/suites/kz.toml");
  EXPECT_EQ(suite_path("my.toml", "/d"), "my.toml");
  EXPECT_EQ(suite_path("./x", "/d"), "./x");
}

TEST(Suite, ErrorsNameTheLine) {
  EXPECT_EQ(error_of("name = \"x\"\n"), "s.toml:1: a suite needs at least one [[step]]");
  EXPECT_EQ(error_of("[[step]]\ntest = \"nosuch\"\ninputs = [\"a\"]\n").substr(0, 38),
            "s.toml:1: test 'nosuch' is not an expe");
  EXPECT_EQ(error_of("[[step]]\ntest = \"web_connectivity\"\n"),
            "s.toml:1: web_connectivity needs a list or inputs");
  EXPECT_EQ(error_of("\n[[step]]\ntest = \"web_connectivity\"\nlist = \"kz\"\ncolour = 1\n"),
            "s.toml:5: key 'colour': unknown (a step has test, list, inputs and options)");
  EXPECT_EQ(error_of("[[step]]\ntest = \"web_connectivity\"\nlist = \"kz\"\noptions = [\"x\"]\n"),
            "s.toml:1: option 'x' is not KEY=VALUE");
  EXPECT_NE(error_of("[[step]]\ntest = \"web_connectivity\"\nlist = \"kz\"\noptions = [\"x=1\"]\n")
                .find("-O x: web_connectivity has no options"),
            std::string::npos);
  EXPECT_NE(error_of("[[step]\n").find("s.toml:1:"), std::string::npos);
}

}  // namespace
}  // namespace ashyq::cli
