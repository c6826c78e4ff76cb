// The lab for real: root, network namespaces, nginx, unbound and the censor. Skipped (with the
// reason) when not root or when the tools are missing. Every lab is torn down by its destructor,
// also when an assertion fails.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "lab/lab.hpp"
#include "lab/netns.hpp"
#include "lab/process.hpp"
#include "lab/runner.hpp"
#include "lab/scenario.hpp"

namespace ashyq::lab {
namespace {

namespace fs = std::filesystem;

std::string skip_reason() {
  if (geteuid() != 0)
    return "the lab needs root and network namespaces";
  if (auto usable = check_lab_environment(); !usable)
    return usable.error().message();
  if (!std::getenv("ASHYQ_BINARY"))
    return "ASHYQ_BINARY is not set (run through ctest)";
  return "";
}

const char* kSmall = R"(
description = "integration: one blocked, one clean"
[[site]]
domain = "blocked.lab.example"
[[site]]
domain = "clean.lab.example"
[[rule]]
action = "reset"
sni = "blocked.lab.example"
[[rule]]
action = "dns_nxdomain"
dns_name = "gone.lab.example"
[[url]]
url = "https://blocked.lab.example/"
expect_failure = "connection_reset"
expect_failed_operation = "tls_handshake"
expect_control_failure = "none"
[[url]]
url = "https://clean.lab.example/"
expect_failure = "none"
expect_body_contains = "ashyq-lab-site clean.lab.example"
[[url]]
url = "http://gone.lab.example/"
expect_failure = "dns_nxdomain_error"
)";

Scenario small_scenario() {
  auto dir = fs::temp_directory_path() / ("ashyq-lab-test-" + std::to_string(getpid()));
  fs::create_directories(dir);
  auto file = dir / "integration.toml";
  std::ofstream(file) << kSmall;
  auto s = load_scenario(file);
  return s;
}

TEST(LabIntegration, BlockedAndCleanUrlsAndNothingLeftBehind) {
  auto reason = skip_reason();
  if (!reason.empty())
    GTEST_SKIP() << reason;
  clean_leftovers();
  auto scenario = small_scenario();
  RunnerOptions options;
  options.ashyq_binary = std::getenv("ASHYQ_BINARY");
  std::ostringstream log;
  auto outcome = run_scenario(scenario, options, log);
  EXPECT_TRUE(outcome.error.empty()) << outcome.error;
  ASSERT_EQ(outcome.urls.size(), 3u) << log.str();
  for (auto& u : outcome.urls) {
    EXPECT_TRUE(u.problems.empty()) << u.url << "\n" << log.str();
  }
  auto prefix = lab_prefix_for(getpid());
  for (auto& ns : lab_namespaces())
    EXPECT_NE(ns.rfind(prefix, 0), 0u) << "left behind: " << ns;
  EXPECT_FALSE(fs::exists(runs_root() / prefix.substr(0, prefix.size() - 1)));
  fs::remove_all(scenario.file.parent_path());
}

TEST(LabIntegration, DestructorTearsDownAfterAFailure) {
  auto reason = skip_reason();
  if (!reason.empty())
    GTEST_SKIP() << reason;
  auto scenario = small_scenario();
  LabOptions options;
  options.ashyq_binary = std::getenv("ASHYQ_BINARY");
  std::string client;
  try {
    Lab lab(scenario, options);
    lab.up();
    client = lab.client_ns();
    EXPECT_TRUE(fs::exists("/run/netns/" + client));
    EXPECT_TRUE(fs::exists(lab.ca_file()));
    throw std::runtime_error("a test failing half-way");
  } catch (const std::runtime_error&) {
  }
  EXPECT_FALSE(client.empty());
  EXPECT_FALSE(fs::exists("/run/netns/" + client));
  EXPECT_FALSE(fs::exists("/etc/netns/" + client));
  fs::remove_all(scenario.file.parent_path());
}

TEST(LabIntegration, LeftoversOfADeadOwnerAreRemoved) {
  auto reason = skip_reason();
  if (!reason.empty())
    GTEST_SKIP() << reason;
  // Fake a crashed run: a namespace and a run directory whose owner pid does not exist.
  pid_t dead = 4194000;  // above the default pid_max
  auto ns = lab_prefix_for(dead) + "client";
  ASSERT_EQ(std::system(("ip netns add " + ns).c_str()), 0);
  fs::create_directories(runs_root() / ("aq" + std::to_string(dead)));
  auto removed = clean_leftovers();
  EXPECT_FALSE(fs::exists("/run/netns/" + ns));
  EXPECT_FALSE(fs::exists(runs_root() / ("aq" + std::to_string(dead))));
  EXPECT_GE(removed.size(), 2u);
}

// Issue 4's acceptance: `kill -9` of a running `ashyq lab test` (owner gone, its servers, censor
// and namespaces still there), then the next run starts cleanly, removes the leftovers and
// passes.
TEST(LabIntegration, RunAfterKill9StartsCleanlyAndPasses) {
  auto reason = skip_reason();
  if (!reason.empty())
    GTEST_SKIP() << reason;
  auto scenario = small_scenario();
  const auto file = scenario.file.string();
  const auto log = (scenario.file.parent_path() / "killed.log").string();
  const std::string ashyq = std::getenv("ASHYQ_BINARY");
  pid_t victim = spawn({ashyq, "lab", "test", "--scenario", file}, log);
  const std::string prefix = lab_prefix_for(victim);
  // Kill it once its lab is up and measuring (its probe is running in the client namespace).
  bool measuring = wait_until(
      [&] {
        std::ifstream in(log);
        std::stringstream text;
        text << in.rdbuf();
        return text.str().find("== integration") != std::string::npos &&
               fs::exists("/run/netns/" + prefix + "client");
      },
      30s);
  ASSERT_TRUE(measuring) << "the lab never came up";
  std::this_thread::sleep_for(500ms);
  ASSERT_EQ(kill(victim, SIGKILL), 0);
  int status = 0;
  waitpid(victim, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_TRUE(fs::exists("/run/netns/" + prefix + "censor"));  // left behind

  auto r = run_command({ashyq, "lab", "test", "--scenario", file}, 180s);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("1 passed, 0 failed"), std::string::npos) << r.out << r.err;
  for (auto& ns : lab_namespaces())
    EXPECT_NE(ns.rfind(prefix, 0), 0u) << "left over: " << ns;
  EXPECT_FALSE(fs::exists(runs_root() / prefix.substr(0, prefix.size() - 1)));
  fs::remove_all(scenario.file.parent_path());
}

}  // namespace
}  // namespace ashyq::lab
