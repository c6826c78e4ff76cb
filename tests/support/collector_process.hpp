// `ashyq collector` (the binary under test) in a child process on 127.0.0.1, its output in
// DIR/collector.log, its store given as for --store ("sqlite:PATH", "clickhouse:URL"); killed
// with SIGKILL when it goes. The second constructor runs any server command (`ashyq helper`
// too), optionally with a lower limit on open files.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/run.hpp"

namespace ashyq::testing {

class CollectorProcess {
 public:
  CollectorProcess(const std::string& dir, const std::string& store, unsigned short port = 0,
                   const std::vector<std::string>& more_flags = {})
      : CollectorProcess(dir, arguments(store, port, more_flags)) {}

  // `ashyq ARGS…`: global flags (e.g. --config FILE), the command and its flags.
  CollectorProcess(const std::string& dir, std::vector<std::string> args, rlim_t max_open_files = 0)
      : log_(dir + "/collector.log") {
    args.insert(args.begin(), testing::ashyq_binary());
    pid_ = fork();
    if (pid_ == 0) {
      std::vector<char*> argv;
      for (auto& a : args)
        argv.push_back(a.data());
      argv.push_back(nullptr);
      const int null_fd = open("/dev/null", O_RDWR);
      const int log_fd = open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      dup2(null_fd, 0);
      dup2(log_fd, 1);
      dup2(log_fd, 2);
      if (max_open_files > 0) {
        const rlimit limit{max_open_files, max_open_files};
        setrlimit(RLIMIT_NOFILE, &limit);
      }
      execv(argv[0], argv.data());
      _exit(127);
    }
    const std::regex listening(R"(listening on (?:http://)?127\.0\.0\.1:(\d+))");
    for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
         port_ == 0 && std::chrono::steady_clock::now() < until;) {
      std::smatch m;
      const std::string text = log();
      if (std::regex_search(text, m, listening))
        port_ = static_cast<unsigned short>(std::stoi(m[1]));
      else
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  ~CollectorProcess() { kill_now(); }
  CollectorProcess(const CollectorProcess&) = delete;
  CollectorProcess& operator=(const CollectorProcess&) = delete;

  unsigned short port() const { return port_; }  // 0: it did not start (see log())
  pid_t pid() const { return pid_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string log() const {
    std::ifstream in(log_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  void kill_now() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }

 private:
  static std::vector<std::string> arguments(const std::string& store, unsigned short port,
                                            const std::vector<std::string>& more_flags) {
    std::vector<std::string> args = {"collector", "--listen", "127.0.0.1:" + std::to_string(port),
                                     "--store",   store,      "--threads",
                                     "2"};
    args.insert(args.end(), more_flags.begin(), more_flags.end());
    return args;
  }

  std::string log_;
  pid_t pid_ = -1;
  unsigned short port_ = 0;
};

}  // namespace ashyq::testing
