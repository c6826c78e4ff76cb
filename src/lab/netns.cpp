// Namespace helpers: setns threads, readiness probes, leftover cleanup.
#include "lab/netns.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "core/unique_fd.hpp"
#include "lab/process.hpp"
#include "net/dns_message.hpp"

namespace ashyq::lab {

namespace fs = std::filesystem;

namespace {

std::string process_start_time(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  std::getline(in, stat);
  auto close_paren = stat.rfind(')');
  if (close_paren == std::string::npos)
    return "";
  std::istringstream rest(stat.substr(close_paren + 2));
  std::string field;
  for (int i = 3; i <= 22 && rest >> field; ++i) {
    if (i == 22)
      return field;
  }
  return "";
}

// A killed owner stays a zombie until its parent reaps it (in a container whose init is slow to
// reap, that can take a while): it is dead for the lab's purposes.
bool is_zombie(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  std::getline(in, stat);
  auto close_paren = stat.rfind(')');
  return close_paren != std::string::npos && close_paren + 2 < stat.size() &&
         (stat[close_paren + 2] == 'Z' || stat[close_paren + 2] == 'X');
}

std::optional<pid_t> prefix_pid(const std::string& name) {
  static const std::regex re("^aq([0-9]+)-.*");
  std::smatch m;
  if (!std::regex_match(name, m, re))
    return std::nullopt;
  return static_cast<pid_t>(std::stol(m[1]));
}

}  // namespace

fs::path runs_root() {
  return "/tmp/ashyq-lab";
}

std::string lab_prefix_for(pid_t pid) {
  return "aq" + std::to_string(pid) + "-";
}

core::Result<void> check_lab_environment() {
  if (geteuid() != 0) {
    return core::Error{"", "the lab needs root (it creates network namespaces); run it with sudo"};
  }
  for (auto tool : {"ip", "iptables", "nft", "tc", "nginx", "unbound", "openssl"}) {
    auto r = run_command({"sh", "-c", std::string("command -v ") + tool}, 5s);
    if (r.status != 0)
      return core::Error{"", std::string("the lab needs `") + tool + "` (not found in PATH)"};
  }
  return {};
}

std::vector<std::string> lab_namespaces() {
  std::vector<std::string> out;
  auto r = run_command({"ip", "netns", "list"}, 10s);
  std::istringstream lines(r.out);
  std::string line;
  while (std::getline(lines, line)) {
    auto name = line.substr(0, line.find(' '));
    if (prefix_pid(name))
      out.push_back(name);
  }
  return out;
}

bool run_in_netns(const std::string& ns, const std::function<bool()>& fn) {
  bool result = false;
  std::thread t([&] {
    core::UniqueFd netns(open(("/run/netns/" + ns).c_str(), O_RDONLY | O_CLOEXEC));
    if (!netns)
      return;
    // Leaves this thread's other namespaces alone; only networking changes.
    if (setns(netns.get(), CLONE_NEWNET) == 0)
      result = fn();
  });
  t.join();
  return result;
}

bool tcp_reachable(const std::string& ns, const std::string& ip, uint16_t port,
                   std::chrono::milliseconds timeout) {
  return run_in_netns(ns, [&] {
    core::UniqueFd socket_fd(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!socket_fd)
      return false;
    int s = socket_fd.get();
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    inet_pton(AF_INET, ip.c_str(), &to.sin_addr);
    bool ok = false;
    if (connect(s, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0) {
      ok = true;
    } else if (errno == EINPROGRESS) {
      pollfd p{s, POLLOUT, 0};
      if (poll(&p, 1, static_cast<int>(timeout.count())) == 1) {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len);
        ok = err == 0;
      }
    }
    return ok;
  });
}

bool dns_answers(const std::string& ns, const std::string& ip, const std::string& name,
                 std::chrono::milliseconds timeout) {
  return run_in_netns(ns, [&] {
    auto query = net::encode_dns_query(0x4242, name, net::DnsType::A);
    if (!query)
      return false;
    core::UniqueFd socket_fd(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (!socket_fd)
      return false;
    int s = socket_fd.get();
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(53);
    inet_pton(AF_INET, ip.c_str(), &to.sin_addr);
    bool ok = false;
    if (sendto(s, query->data(), query->size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to) >
        0) {
      pollfd p{s, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(timeout.count())) == 1) {
        char buf[4096];
        auto n = recv(s, buf, sizeof buf, 0);
        if (n > 0) {
          auto reply = net::parse_dns_message(std::string_view(buf, static_cast<std::size_t>(n)));
          ok = reply && reply->is_response && reply->id == 0x4242;
        }
      }
    }
    return ok;
  });
}

void write_owner_file(const fs::path& run_dir) {
  fs::create_directories(run_dir);
  std::ofstream(run_dir / "owner") << getpid() << " " << process_start_time(getpid()) << "\n";
}

std::optional<pid_t> run_owner_pid(const fs::path& run_dir) {
  std::ifstream in(run_dir / "owner");
  long pid = 0;
  if (!(in >> pid))
    return std::nullopt;
  return static_cast<pid_t>(pid);
}

bool run_owner_alive(const fs::path& run_dir) {
  std::ifstream in(run_dir / "owner");
  long pid = 0;
  std::string start;
  if (!(in >> pid >> start))
    return false;
  if (kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM)
    return false;
  if (is_zombie(static_cast<pid_t>(pid)))
    return false;
  return process_start_time(static_cast<pid_t>(pid)) == start;
}

void destroy_namespace(const std::string& ns) {
  TeardownScope teardown;
  try {
    auto r = run_command({"ip", "netns", "pids", ns}, 10s);
    std::istringstream pids(r.out);
    long pid = 0;
    while (pids >> pid) {
      if (pid > 1 && pid != getpid())
        kill(static_cast<pid_t>(pid), SIGKILL);
    }
    if (r.status == 0) {
      wait_until(
          [&] {
            auto again = run_command({"ip", "netns", "pids", ns}, 5s);
            return again.out.find_first_not_of(" \n") == std::string::npos;
          },
          3000ms);
    }
    run_command({"ip", "netns", "del", ns}, 10s);
  } catch (...) {
  }
  std::error_code ec;
  fs::remove_all(fs::path("/etc/netns") / ns, ec);
}

std::vector<std::string> clean_leftovers(bool all) {
  TeardownScope teardown;
  std::vector<std::string> removed;
  auto root = runs_root();
  auto owner_alive = [&](pid_t pid) {
    return run_owner_alive(root / ("aq" + std::to_string(pid)));
  };
  for (auto& ns : lab_namespaces()) {
    auto pid = prefix_pid(ns);
    if (!all && pid && owner_alive(*pid))
      continue;
    destroy_namespace(ns);
    removed.push_back("namespace " + ns);
  }
  std::error_code ec;
  if (fs::exists("/etc/netns", ec)) {
    for (auto& entry : fs::directory_iterator("/etc/netns", ec)) {
      auto name = entry.path().filename().string();
      auto pid = prefix_pid(name);
      if (!pid || (!all && owner_alive(*pid)))
        continue;
      fs::remove_all(entry.path(), ec);
      removed.push_back("/etc/netns/" + name);
    }
  }
  if (fs::exists(root, ec)) {
    for (auto& entry : fs::directory_iterator(root, ec)) {
      if (!all && run_owner_alive(entry.path()))
        continue;
      fs::remove_all(entry.path(), ec);
      removed.push_back("run directory " + entry.path().string());
    }
  }
  return removed;
}

}  // namespace ashyq::lab
