// fork/exec with pipes and deadlines; no shell is ever involved.
#include "lab/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>

#include "core/unique_fd.hpp"

namespace ashyq::lab {

namespace {

volatile std::sig_atomic_t g_interrupted = 0;

void on_signal(int) {
  g_interrupted = 1;
}

std::vector<char*> c_argv(const std::vector<std::string>& argv) {
  std::vector<char*> out;
  for (auto& a : argv)
    out.push_back(const_cast<char*>(a.c_str()));
  out.push_back(nullptr);
  return out;
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGHUP, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

bool interrupted() {
  return g_interrupted != 0;
}

namespace {
std::atomic<int> g_teardown{0};
}
TeardownScope::TeardownScope() {
  ++g_teardown;
}
TeardownScope::~TeardownScope() {
  --g_teardown;
}
bool should_abort() {
  return interrupted() && g_teardown.load() == 0;
}

std::string join_command(const std::vector<std::string>& argv) {
  std::string out;
  for (auto& a : argv) {
    if (!out.empty())
      out += ' ';
    bool quote = a.empty() || a.find_first_of(" \t\"'$;&|") != std::string::npos;
    out += quote ? "'" + a + "'" : a;
  }
  return out;
}

CommandOutput run_command(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                          const std::string& input) {
  CommandOutput result;
  // Owned, so that every return below closes what is still open.
  auto out_pipe = core::make_pipe(O_CLOEXEC);
  if (!out_pipe)
    return result;
  auto err_pipe = core::make_pipe(O_CLOEXEC);
  if (!err_pipe)
    return result;
  auto in_pipe = core::make_pipe(O_CLOEXEC);
  if (!in_pipe)
    return result;
  auto args = c_argv(argv);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in_pipe->read.get(), 0);
    dup2(out_pipe->write.get(), 1);
    dup2(err_pipe->write.get(), 2);
    struct sigaction sa {};
    sa.sa_handler = SIG_DFL;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGPIPE, &sa, nullptr);
    execvp(args[0], args.data());
    dprintf(2, "cannot run %s: %s\n", args[0], strerror(errno));
    _exit(127);
  }
  // The child's ends: closed here so that our reads see end-of-file when the child exits.
  in_pipe->read.reset();
  out_pipe->write.reset();
  err_pipe->write.reset();
  if (pid < 0) {
    result.err = std::string("fork: ") + strerror(errno);
    return result;
  }
  if (!input.empty()) {
    std::size_t off = 0;
    while (off < input.size()) {
      auto n = write(in_pipe->write.get(), input.data() + off, input.size() - off);
      if (n <= 0)
        break;
      off += static_cast<std::size_t>(n);
    }
  }
  in_pipe->write.reset();

  auto deadline = std::chrono::steady_clock::now() + timeout;
  bool out_open = true, err_open = true;
  char buf[65536];
  while (out_open || err_open) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0 || should_abort()) {
      result.timed_out = left <= 0;
      kill(pid, SIGKILL);
      break;
    }
    pollfd fds[2] = {{out_pipe->read.get(), POLLIN, 0}, {err_pipe->read.get(), POLLIN, 0}};
    if (!out_open)
      fds[0].fd = -1;
    if (!err_open)
      fds[1].fd = -1;
    int n = poll(fds, 2, static_cast<int>(std::min<long long>(left, 100)));
    if (n < 0 && errno != EINTR)
      break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      auto r = read(fds[i].fd, buf, sizeof buf);
      if (r <= 0) {
        (i == 0 ? out_open : err_open) = false;
      } else {
        (i == 0 ? result.out : result.err).append(buf, static_cast<std::size_t>(r));
      }
    }
  }
  out_pipe->read.reset();
  err_pipe->read.reset();
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) {
    result.status = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.status = 128 + WTERMSIG(status);
  }
  if (should_abort() && !result.timed_out)
    throw Interrupted();
  return result;
}

std::string run_checked(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                        const std::string& input) {
  auto r = run_command(argv, timeout, input);
  if (r.status != 0) {
    std::string why = r.timed_out ? "timed out after " + std::to_string(timeout.count()) + " ms"
                                  : "exit " + std::to_string(r.status);
    auto err = r.err.empty() ? r.out : r.err;
    while (!err.empty() && (err.back() == '\n' || err.back() == ' '))
      err.pop_back();
    throw LabError("`" + join_command(argv) + "` failed (" + why + ")" +
                   (err.empty() ? "" : ": " + err));
  }
  return r.out;
}

pid_t spawn(const std::vector<std::string>& argv, const std::string& log_file,
            bool die_with_parent) {
  auto args = c_argv(argv);
  const pid_t parent = getpid();
  core::UniqueFd log(open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
  if (!log)
    throw LabError("cannot open " + log_file + ": " + strerror(errno));
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    if (die_with_parent) {
      prctl(PR_SET_PDEATHSIG, SIGTERM);
      if (getppid() != parent)  // the parent died before prctl
        _exit(0);
    }
    int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    dup2(log.get(), 1);
    dup2(log.get(), 2);
    struct sigaction sa {};
    sa.sa_handler = SIG_DFL;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGHUP, &sa, nullptr);
    sigaction(SIGPIPE, &sa, nullptr);
    execvp(args[0], args.data());
    dprintf(2, "cannot run %s: %s\n", args[0], strerror(errno));
    _exit(127);
  }
  log.reset();
  if (pid < 0)
    throw LabError(std::string("fork: ") + strerror(errno));
  return pid;
}

bool process_alive(pid_t pid) {
  if (pid <= 0)
    return false;
  int status = 0;
  if (waitpid(pid, &status, WNOHANG) == pid)
    return false;  // our child, now reaped
  return kill(pid, 0) == 0 || errno == EPERM;
}

void stop_process(pid_t pid, std::chrono::milliseconds grace) {
  if (pid <= 0 || !process_alive(pid))
    return;
  kill(pid, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + grace;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!process_alive(pid))
      return;
    std::this_thread::sleep_for(20ms);
  }
  kill(pid, SIGKILL);
  for (int i = 0; i < 100 && process_alive(pid); ++i)
    std::this_thread::sleep_for(10ms);
}

}  // namespace ashyq::lab
