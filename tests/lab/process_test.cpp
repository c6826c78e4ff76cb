// run_command and spawn (lab/process.hpp): output, exit status, deadlines, and no descriptor left
// open behind them. Unit tier: local processes only, no root, no namespaces.
#include "lab/process.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ashyq::lab {
namespace {

std::size_t open_descriptors() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd"))
    ++n;
  return n;
}

TEST(RunCommand, CapturesOutputErrorAndStatusAndFeedsInput) {
  auto r = run_command({"sh", "-c", "cat; echo to-err >&2; exit 3"}, 10s, "from stdin\n");
  EXPECT_EQ(r.status, 3);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.out, "from stdin\n");
  EXPECT_EQ(r.err, "to-err\n");
}

TEST(RunCommand, KillsAtTheDeadline) {
  auto r = run_command({"sleep", "10"}, 200ms);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.status, 128 + SIGKILL);
}

TEST(RunCommand, AMissingProgramExits127) {
  auto r = run_command({"/nonexistent/program"}, 5s);
  EXPECT_EQ(r.status, 127);
  EXPECT_NE(r.err.find("cannot run /nonexistent/program"), std::string::npos) << r.err;
}

TEST(RunCommand, LeavesNoDescriptorOpen) {
  const auto before = open_descriptors();
  for (int i = 0; i < 5; ++i) {
    (void)run_command({"true"}, 5s);
    (void)run_command({"sleep", "10"}, 50ms);
    (void)run_command({"/nonexistent/program"}, 5s);
  }
  EXPECT_EQ(open_descriptors(), before);
}

TEST(Spawn, WritesToItsLogAndLeavesNoDescriptorOpen) {
  const auto log = std::filesystem::temp_directory_path() /
                   ("ashyq-process-test-" + std::to_string(getpid()) + ".log");
  std::filesystem::remove(log);
  const auto before = open_descriptors();
  pid_t pid = spawn({"sh", "-c", "echo started"}, log.string());
  ASSERT_GT(pid, 0);
  EXPECT_TRUE(wait_until([&] { return !process_alive(pid); }, 5s));
  EXPECT_EQ(open_descriptors(), before);
  {
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str(), "started\n");
  }
  std::filesystem::remove(log);
  EXPECT_THROW(spawn({"true"}, "/nonexistent/dir/log"), LabError);
  EXPECT_EQ(open_descriptors(), before);
}

}  // namespace
}  // namespace ashyq::lab
