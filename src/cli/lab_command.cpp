// `ashyq lab`: the simulated censored internet (docs/lab.md).
//   lab list                  the scenario catalog
//   lab up --scenario NAME    build one scenario's lab and leave it running (or --foreground)
//   lab down                  tear down every running lab and anything a crash left behind
//   lab test [--scenario N…]  run scenarios against the probe; ends with "N passed, M failed"
//   lab censor --rules FILE   (internal) the censor process, run inside the censor namespace
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <set>
#include <sstream>
#include <thread>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "core/result.hpp"
#include "core/unique_fd.hpp"
#include "lab/address_plan.hpp"
#include "lab/censor.hpp"
#include "lab/lab.hpp"
#include "lab/netns.hpp"
#include "lab/process.hpp"
#include "lab/runner.hpp"
#include "lab/scenario.hpp"
#include "lab/stun_server.hpp"

namespace ashyq::cli {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

struct LabCliOptions {
  std::vector<std::string> scenarios;
  std::string scenarios_dir;
  std::string probe;
  std::string shard;  // "K/N": run every N-th scenario starting at the K-th (1-based)
  bool keep = false;
  bool verbose = false;
  bool foreground = false;
  lab::CensorOptions censor;
  lab::StunServerOptions stun;
};

std::string self_binary() {
  std::error_code ec;
  auto p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? "ashyq" : p.string();
}

// --scenarios-dir, else $ASHYQ_LAB_SCENARIOS, else lab/scenarios in the working directory or in
// a parent of the binary's directory (the source tree, when run from a build directory).
fs::path scenarios_dir(const LabCliOptions& o) {
  if (!o.scenarios_dir.empty())
    return o.scenarios_dir;
  if (const char* env = std::getenv("ASHYQ_LAB_SCENARIOS"))
    return env;
  if (fs::is_directory("lab/scenarios"))
    return "lab/scenarios";
  for (auto dir = fs::path(self_binary()).parent_path(); !dir.empty() && dir != dir.root_path();
       dir = dir.parent_path()) {
    if (fs::is_directory(dir / "lab" / "scenarios"))
      return dir / "lab" / "scenarios";
  }
  return "lab/scenarios";
}

fs::path scenario_file(const LabCliOptions& o, const std::string& name) {
  if (name.find('/') != std::string::npos || name.ends_with(".toml"))
    return name;
  return scenarios_dir(o) / (name + ".toml");
}

bool environment_ok() {
  auto usable = lab::check_lab_environment();
  if (!usable) {
    std::cerr << "ashyq lab: " << usable.error().message() << "\n";
    return false;
  }
  return true;
}

void report_leftovers() {
  for (auto& line : lab::clean_leftovers()) {
    std::cerr << "ashyq lab: removed leftover " << line << "\n";
  }
}

int run_list(const LabCliOptions& o) {
  auto dir = scenarios_dir(o);
  int bad = 0;
  for (auto& file : lab::list_scenarios(dir)) {
    try {
      auto s = lab::load_scenario(file);
      std::cout << s.name << "\t" << s.description << "\n";
    } catch (const lab::ScenarioError& e) {
      std::cout << file.stem().string() << "\tINVALID: " << e.what() << "\n";
      ++bad;
    }
  }
  return bad ? kUsage : kMeasured;
}

void print_lab_info(const lab::Lab& lab, std::ostream& out) {
  out << "lab " << lab.scenario().name << " is up (prefix " << lab.prefix() << ")\n"
      << "  run the probe:   ip netns exec " << lab.client_ns() << " <command>\n"
      << "  control vantage: ip netns exec " << lab.helper_ns() << " <command>\n"
      << "  lab root CA:     " << lab.ca_file().string() << "\n"
      << "  address plan:    " << lab.plan_file().string() << "\n"
      << "  ISP resolver " << lab::addr::kIspResolver << ", public resolver "
      << lab::addr::kPublicResolver << ", blockpage " << lab::addr::kBlockpage << "\n"
      << "  sites:";
  for (auto& site : lab.scenario().sites)
    out << " " << site.domain << "=" << site.address;
  out << "\n  logs and configs: " << lab.run_dir().string() << "\n";
}

// Keeps a lab up until SIGINT/SIGTERM.
void wait_for_signal() {
  while (!lab::interrupted())
    std::this_thread::sleep_for(100ms);
}

int run_up(const LabCliOptions& o) {
  if (!environment_ok())
    return kEnvironment;
  if (o.scenarios.size() != 1) {
    std::cerr << "ashyq lab up: give exactly one --scenario\n";
    return kUsage;
  }
  lab::Scenario scenario;
  try {
    scenario = lab::load_scenario(scenario_file(o, o.scenarios[0]));
  } catch (const lab::ScenarioError& e) {
    std::cerr << "ashyq lab up: " << e.what() << "\n";
    return kUsage;
  }
  report_leftovers();
  lab::LabOptions options;
  options.ashyq_binary = self_binary();
  options.verbose = o.verbose;
  if (o.foreground) {
    lab::install_interrupt_handlers();
    lab::Lab lab(scenario, options);
    try {
      lab.up();
    } catch (const std::exception& e) {
      std::cerr << "ashyq lab up: " << e.what() << "\n";
      return lab::interrupted() ? 130 : kEnvironment;
    }
    print_lab_info(lab, std::cout);
    std::cout << "press Ctrl-C to tear it down" << std::endl;
    wait_for_signal();
    lab.down();
    return kMeasured;
  }
  // Detached: a keeper process owns the lab (its pid is in the names) until `ashyq lab down`.
  auto report = core::make_pipe(O_CLOEXEC);
  if (!report)
    return kFailure;
  pid_t keeper = fork();
  if (keeper < 0)
    return kFailure;
  if (keeper == 0) {
    report->read.reset();
    setsid();
    lab::install_interrupt_handlers();
    int devnull = open("/dev/null", O_RDWR);
    dup2(devnull, 0);
    std::ostringstream info;
    int code = kMeasured;
    {
      lab::Lab lab(scenario, options);
      try {
        lab.up();
        print_lab_info(lab, info);
      } catch (const std::exception& e) {
        info << "ERROR " << e.what() << "\n";
        code = kEnvironment;
      }
      auto text = info.str();
      (void)!write(report->write.get(), text.data(), text.size());
      report->write.reset();
      dup2(devnull, 1);
      dup2(devnull, 2);
      if (code == kMeasured)
        wait_for_signal();
    }
    _exit(code);
  }
  report->write.reset();
  std::string text;
  char buf[4096];
  ssize_t n;
  while ((n = read(report->read.get(), buf, sizeof buf)) > 0)
    text.append(buf, static_cast<size_t>(n));
  report->read.reset();
  if (text.rfind("ERROR ", 0) == 0 || text.empty()) {
    std::cerr << "ashyq lab up: " << (text.empty() ? "the lab keeper died\n" : text.substr(6));
    waitpid(keeper, nullptr, 0);
    return kEnvironment;
  }
  std::cout << text << "  tear it down with: ashyq lab down\n";
  return kMeasured;
}

int run_down(const LabCliOptions&) {
  if (!environment_ok())
    return kEnvironment;
  // Ask every live lab owner to tear its lab down, then remove whatever is left.
  std::set<pid_t> owners;
  std::error_code ec;
  for (auto& entry : fs::directory_iterator(lab::runs_root(), ec)) {
    if (lab::run_owner_alive(entry.path())) {
      if (auto pid = lab::run_owner_pid(entry.path()))
        owners.insert(*pid);
    }
  }
  for (auto pid : owners) {
    if (pid != getpid()) {
      std::cerr << "ashyq lab: stopping the lab of process " << pid << "\n";
      kill(pid, SIGTERM);
    }
  }
  auto deadline = std::chrono::steady_clock::now() + 20s;
  for (auto pid : owners) {
    while (kill(pid, 0) == 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(50ms);
    }
  }
  for (auto& line : lab::clean_leftovers(true))
    std::cerr << "ashyq lab: removed " << line << "\n";
  return kMeasured;
}

std::vector<std::string> split_words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  std::string w;
  while (in >> w)
    out.push_back(w);
  return out;
}

// "K/N" with 1 <= K <= N: the scenarios whose index in the sorted list is K-1 modulo N. Shards
// let ctest run the catalogue as several processes at once (each its own lab, see lab.cpp's
// per-process prefix), since most of a scenario's time is spent waiting on deadlines.
core::Result<std::pair<std::size_t, std::size_t>> parse_shard(const std::string& text) {
  core::Error bad{"--shard", "'" + text + "' is not K/N with 1 <= K <= N"};
  auto slash = text.find('/');
  if (slash == std::string::npos)
    return bad;
  std::size_t k = 0, n = 0;
  auto digits = [](std::string_view s, std::size_t& out) {
    if (s.empty() || s.size() > 4 || s.find_first_not_of("0123456789") != std::string_view::npos)
      return false;
    out = std::stoul(std::string(s));
    return true;
  };
  std::string_view view(text);
  if (!digits(view.substr(0, slash), k) || !digits(view.substr(slash + 1), n) || k < 1 || k > n)
    return bad;
  return std::pair{k, n};
}

int run_test(const LabCliOptions& o) {
  std::pair<std::size_t, std::size_t> shard{1, 1};
  if (!o.shard.empty()) {
    auto parsed = parse_shard(o.shard);
    if (!parsed) {
      std::cerr << "ashyq lab test: " << parsed.error().message() << "\n";
      return kUsage;
    }
    shard = *parsed;
  }
  if (!environment_ok())
    return kEnvironment;
  lab::install_interrupt_handlers();
  report_leftovers();
  std::vector<fs::path> files;
  if (o.scenarios.empty()) {
    files = lab::list_scenarios(scenarios_dir(o));
    if (files.empty()) {
      std::cerr << "ashyq lab test: no scenarios in " << scenarios_dir(o).string() << "\n";
      return kUsage;
    }
  } else {
    for (auto& name : o.scenarios)
      files.push_back(scenario_file(o, name));
  }
  if (shard.second > 1) {
    std::vector<fs::path> mine;
    for (std::size_t i = 0; i < files.size(); ++i)
      if (i % shard.second == shard.first - 1)
        mine.push_back(files[i]);
    files = std::move(mine);
  }
  lab::RunnerOptions options;
  options.ashyq_binary = self_binary();
  options.probe_template = split_words(o.probe);
  options.keep_run_dir = o.keep;
  options.verbose = o.verbose;
  int passed = 0, failed = 0;
  std::vector<std::string> failures;
  for (auto& file : files) {
    lab::Scenario scenario;
    try {
      scenario = lab::load_scenario(file);
    } catch (const lab::ScenarioError& e) {
      std::cout << "== " << file.stem().string() << "\n  ERROR " << e.what() << "\n";
      ++failed;
      failures.push_back(file.stem().string());
      continue;
    }
    std::cout << "== " << scenario.name << ": " << scenario.description << std::endl;
    try {
      auto outcome = lab::run_scenario(scenario, options, std::cout);
      if (outcome.passed()) {
        ++passed;
      } else {
        ++failed;
        failures.push_back(scenario.name);
      }
    } catch (const lab::Interrupted&) {
      std::cout << "interrupted; the lab was torn down\n"
                << passed << " passed, " << failed << " failed" << std::endl;
      return 130;
    }
    std::cout << std::flush;
  }
  if (!failures.empty()) {
    std::cout << "failed:";
    for (auto& f : failures)
      std::cout << " " << f;
    std::cout << "\n";
  }
  std::cout << passed << " passed, " << failed << " failed" << std::endl;
  return failed == 0 ? kMeasured : kFailure;
}

}  // namespace

Command add_lab_command(CLI::App& app) {
  auto o = std::make_shared<LabCliOptions>();
  auto* sub = app.add_subcommand("lab", "A simulated censored internet in network namespaces");
  sub->require_subcommand(1);
  auto add_common = [&](CLI::App* c) {
    c->add_option("--scenarios-dir", o->scenarios_dir,
                  "directory of scenario files (default: lab/scenarios)");
    c->add_flag("-v,--verbose", o->verbose, "print each step");
  };
  auto* list = sub->add_subcommand("list", "List the scenario catalog");
  add_common(list);
  auto* up = sub->add_subcommand("up", "Bring one scenario's lab up and leave it running");
  up->add_option("--scenario", o->scenarios, "scenario name or .toml file")->required();
  up->add_flag("--foreground", o->foreground, "stay in the foreground; Ctrl-C tears it down");
  add_common(up);
  auto* down = sub->add_subcommand("down", "Tear down every lab, and leftovers of crashed runs");
  auto* test = sub->add_subcommand(
      "test", "Run scenarios: lab up, probe, compare with the expectations, lab down");
  test->add_option("--scenario", o->scenarios, "scenario names or .toml files (default: all)");
  test->add_option("--shard", o->shard, "K/N: only every N-th scenario, starting at the K-th");
  test->add_option("--probe", o->probe,
                   "probe command template (default: ashyq run, web_connectivity); "
                   "placeholders {ashyq} {url} {resolver} {ca} {plan} {helper} {fingerprints}");
  test->add_flag("--keep-logs", o->keep, "keep each run's directory (configs, logs)");
  add_common(test);
  auto* censor =
      sub->add_subcommand("censor", "(internal) the censor, inside the censor namespace");
  censor->group("");
  censor->add_option("--rules", o->censor.rules_file, "scenario file")->required();
  censor->add_option("--queue", o->censor.queue, "NFQUEUE number")->capture_default_str();
  censor->add_option("--ready-file", o->censor.ready_file, "created once the queue is bound");
  censor->add_flag("-v,--verbose", o->censor.verbose, "log every packet");
  auto* stun = sub->add_subcommand("stun", "(internal) the lab's STUN server");
  stun->group("");
  stun->add_option("--listen", o->stun.listen, "IP:PORT (UDP)")->required();
  stun->add_option("--ready-file", o->stun.ready_file, "created once the socket is bound");
  return {sub, [o, list, up, down, test, censor, stun] {
            if (list->parsed())
              return run_list(*o);
            if (up->parsed())
              return run_up(*o);
            if (down->parsed())
              return run_down(*o);
            if (test->parsed())
              return run_test(*o);
            if (censor->parsed())
              return lab::run_censor(o->censor);
            if (stun->parsed())
              return lab::run_stun_server(o->stun);
            return static_cast<int>(kUsage);
          }};
}

}  // namespace ashyq::cli
