// Suites: the shipped ones parse, and a broken suite file is refused with its line.
#include "runner/suite.hpp"

#include <gtest/gtest.h>

#include "analysis/read_file.hpp"
#include "experiments/registry.hpp"
#include "test_source_dir.hpp"

namespace ashyq::runner {
namespace {

std::string error_of(const std::string& text) {
  auto parsed = parse_suite(text, "s.toml");
  return parsed ? "" : parsed.error().message();
}

TEST(Suite, KzRunsEveryExperiment) {
  const auto path = suite_path("kz", std::string(ASHYQ_TEST_SOURCE_DIR) + "/data");
  auto text = analysis::read_file(path);
  ASSERT_TRUE(text) << path;
  auto parsed = parse_suite(*text, path);
  ASSERT_TRUE(parsed) << parsed.error().message();
  const auto& suite = *parsed;
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

TEST(Suite, TagIsTheNameAndTheUtcStart) {
  const auto when = std::chrono::sys_days{std::chrono::year{2026} / 11 / 28} +
                    std::chrono::hours{16} + std::chrono::minutes{40} + std::chrono::seconds{3};
  EXPECT_EQ(suite_tag("kz", when), "[suite kz 2026-11-28 16:40:03]");
  EXPECT_EQ(suite_tag_of("--list kz " + suite_tag("kz", when)), suite_tag("kz", when));
}

// A command-line -O goes to the steps whose experiment knows its key, and only to them.
TEST(Suite, CommandLineOptionsGoToTheStepsThatTakeThem) {
  auto parsed = parse_suite(
      "name = \"s\"\n[[step]]\ntest = \"web_connectivity\"\nlist = \"kz\"\n"
      "[[step]]\ntest = \"throttling\"\ninputs = [\"https://a.example/\"]\n"
      "options = [\"control=https://c.example/\"]\n",
      "s.toml");
  ASSERT_TRUE(parsed) << parsed.error().message();
  auto steps = with_command_line_options(*parsed, {"bytes=1000"});
  ASSERT_TRUE(steps) << steps.error().message();
  EXPECT_TRUE((*steps)[0].options.empty());
  EXPECT_EQ((*steps)[1].options,
            (std::vector<std::string>{"control=https://c.example/", "bytes=1000"}));
  auto unused = with_command_line_options(*parsed, {"nosuch=1"});
  ASSERT_FALSE(unused);
  EXPECT_EQ(unused.error().message(), "-O 'nosuch=1': no experiment of suite s takes it");
}

}  // namespace
}  // namespace ashyq::runner
