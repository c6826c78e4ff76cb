// Running the programs the lab is made of (ip, nft, tc, iptables, openssl, nginx, unbound, the
// probe): short commands whose failure is reported with the command line and its stderr, and
// long-running servers started in their own process group and stopped by pid. Every wait has a
// deadline. A SIGINT/SIGTERM received by the lab process interrupts the waits (see interrupted()).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace ashyq::lab {

using namespace std::chrono_literals;

// Something in the lab's machinery failed: the message says which command and why.
struct LabError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The user asked to stop (SIGINT/SIGTERM) while the lab was waiting.
struct Interrupted : LabError {
  Interrupted() : LabError("interrupted") {}
};

struct CommandOutput {
  int status = -1;  // exit status, or 128+signal, or -1 if it could not run
  bool timed_out = false;
  std::string out;
  std::string err;
};

// Installs SIGINT/SIGTERM handlers that set the interrupted flag (no SA_RESTART).
void install_interrupt_handlers();
bool interrupted();

// While one exists, waits and commands are not cut short by an interrupt (for teardown, which
// must finish after Ctrl-C). interrupted() still reports the signal.
class TeardownScope {
 public:
  TeardownScope();
  ~TeardownScope();
  TeardownScope(const TeardownScope&) = delete;
  TeardownScope& operator=(const TeardownScope&) = delete;
};
// interrupted() and no TeardownScope alive.
bool should_abort();

std::string join_command(const std::vector<std::string>& argv);

// Runs argv (argv[0] looked up in PATH), feeding `input` on stdin, killing it at the deadline.
CommandOutput run_command(const std::vector<std::string>& argv,
                          std::chrono::milliseconds timeout = 30s, const std::string& input = "");

// Runs argv and throws LabError("`cmd` failed (exit N): stderr") unless it exits 0.
std::string run_checked(const std::vector<std::string>& argv,
                        std::chrono::milliseconds timeout = 30s, const std::string& input = "");

// Starts a long-running program in its own process group, stdout and stderr to `log_file`.
// `die_with_parent`: the kernel sends it SIGTERM when our thread that started it ends
// (PR_SET_PDEATHSIG), so that it cannot outlive us even if we are killed.
pid_t spawn(const std::vector<std::string>& argv, const std::string& log_file,
            bool die_with_parent = false);

// True if `pid` (a child of ours or not) still exists.
bool process_alive(pid_t pid);

// SIGTERM, then SIGKILL after `grace`; reaps it if it is our child.
void stop_process(pid_t pid, std::chrono::milliseconds grace = 2000ms);

// Polls `ready` every 20 ms until it returns true or `timeout` passes.
template <typename F>
bool wait_until(F ready, std::chrono::milliseconds timeout);

}  // namespace ashyq::lab

#include <thread>

namespace ashyq::lab {
template <typename F>
bool wait_until(F ready, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (ready())
      return true;
    if (should_abort())
      throw Interrupted();
    if (std::chrono::steady_clock::now() >= deadline)
      return false;
    std::this_thread::sleep_for(20ms);
  }
}
}  // namespace ashyq::lab
