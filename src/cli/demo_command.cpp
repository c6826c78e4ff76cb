// `ashyq demo`: the whole tool in one command. It builds a Kazakhstan-like lab world from a test
// list (lab/demo_world.hpp), brings the lab up, runs `ashyq run --list` inside the lab's client
// namespace against the lab's own test helper, tears the lab down, writes the report with the
// world's ground truth beside it, and prints where the report is (docs/demo.md).
//
//   OUT/world.toml         the lab scenario (also runnable with `ashyq lab test --scenario`)
//   OUT/ground-truth.csv   domain,expected_method,url,treatment: what the censor did
//   OUT/ground-truth.md    the world in words
//   OUT/demo.sqlite        the run's results database
//   OUT/networks.sqlite    the other two networks' runs (rounds 1 and 2)
//   OUT/ground-truth-networks.csv  every network's URLs and expected methods, by round
//   OUT/observatory.sqlite the lab collector's store: what the probe submitted to it (3 networks)
//   OUT/report.html        the report (+ measurements.csv, summary.jsonl, measurements.jsonl)
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <optional>
#include <regex>
#include <thread>

#include "analysis/read_file.hpp"
#include "cli/commands.hpp"
#include "cli/common_flags.hpp"
#include "cli/demo_evidence.hpp"
#include "cli/exit_codes.hpp"
#include "collector/ooni_time.hpp"
#include "experiments/test_list.hpp"
#include "lab/address_plan.hpp"
#include "lab/demo_world.hpp"
#include "lab/lab.hpp"
#include "lab/netns.hpp"
#include "lab/process.hpp"
#include "lab/runner.hpp"
#include "lab/scenario.hpp"
#include "lab/servers.hpp"
#include "register/register_file.hpp"
#include "register/register_store.hpp"
#include "report/counts.hpp"
#include "store/results_store.hpp"

namespace ashyq::cli {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

struct DemoOptions {
  std::string out = "out/demo";
  std::string list = "kz";
  unsigned concurrency = 64;
  bool keep = false;
  bool verbose = false;
  unsigned serve_seconds = 0;  // serve the explorer this long at the end (0: print how)
};

std::string self_binary() {
  std::error_code ec;
  auto p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? "ashyq" : p.string();
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string fixed(double v, int digits = 1) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << v;
  return s.str();
}

// nginx opens two listening sockets per site; a few hundred sites pass the usual soft limit of
// 1024 open files. The servers inherit the limit from us.
void raise_open_files_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

// Runs argv with our terminal (the probe's progress bar shows), and waits. Ctrl-C reaches the
// child from the terminal; a SIGTERM sent to us alone is passed on. Returns the exit status, or
// 128 + signal.
int run_in_foreground(const std::vector<std::string>& argv) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    std::vector<char*> args;
    for (const auto& a : argv)
      args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    execvp(args[0], args.data());
    _exit(127);
  }
  // A Ctrl-C on the terminal reaches the child at the same time as us: give it a moment to stop
  // on its own before passing the signal on (a second signal could cut its final write short).
  std::optional<std::chrono::steady_clock::time_point> pass_on_at;
  for (;;) {
    int status = 0;
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid)
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (r < 0)
      return -1;
    if (lab::interrupted() && !pass_on_at)
      pass_on_at = std::chrono::steady_clock::now() + 3s;
    if (pass_on_at && std::chrono::steady_clock::now() >= *pass_on_at) {
      kill(pid, SIGTERM);  // `ashyq run` keeps what it measured and stops
      pass_on_at = std::chrono::steady_clock::time_point::max();
    }
    std::this_thread::sleep_for(100ms);
  }
}

// The probe: web_connectivity over the whole list, from the client namespace, against the lab's
// helper, trusting the lab root and treating the lab's addresses as public (as `lab test` does).
// Deadlines are short so that the hundreds of blackholed handshakes do not dominate the run (each
// is measured three times: confirmation before accusation); the lab adds no latency, so 3 s is
// ample for a connect or a handshake. The HTTP deadline leaves room for the throttled page.
std::vector<std::string> probe_command(const lab::Lab& lab, const DemoOptions& o,
                                       const fs::path& db, const std::string& isp = "") {
  return {"ip",
          "netns",
          "exec",
          lab.client_ns(isp),
          self_binary(),
          "run",
          "--accept-risks",
          "--list",
          o.list,
          "--helper",
          lab::addr::helper_url(),
          "--resolver",
          "system",
          "--ca-file",
          lab.ca_file().string(),
          "--bogons",
          lab.plan_file().string(),
          "--fingerprints",
          lab::default_fingerprints_file(),
          "--probe-cc",
          "KZ",
          "--asn-db",
          (lab.run_dir() / "asn-table.txt").string(),
          "--stun-server",
          lab::addr::stun_endpoint(),
          "--db",
          db.string(),
          "--collector",
          lab::addr::collector_url(),
          "--concurrency",
          std::to_string(o.concurrency),
          "--dns-timeout",
          "3",
          "--connect-timeout",
          "3",
          "--tls-timeout",
          "3",
          "--http-timeout",
          "15",
          "--control-timeout",
          "20"};
}

// The second step, as `--suite kz` does after web connectivity: tls_interception over the
// world's intercepted HTTPS sites and as many reachable ones (the report lists the intercepted
// domains with the root each chain leads to). Shares the first step's flags.
std::vector<std::string> interception_command(std::vector<std::string> probe,
                                              const lab::DemoWorld& world) {
  const auto list = std::find(probe.begin(), probe.end(), "--list");
  probe.erase(list, list + 2);
  const auto run = std::find(probe.begin(), probe.end(), "run");
  probe.insert(run + 1, {"-t", "tls_interception"});
  std::size_t intercepted = 0, reachable = 0;
  for (const auto& t : world.truth) {
    if (t.url.rfind("https://", 0) == 0 && t.expected_method == "interception")
      ++intercepted;
  }
  for (const auto& t : world.truth) {
    if (t.url.rfind("https://", 0) != 0)
      continue;
    const bool take = t.expected_method == "interception" ||
                      (t.expected_method == "none" && reachable++ < intercepted);
    if (take) {
      probe.push_back("--input");
      probe.push_back(t.url);
    }
  }
  return probe;
}

// One round on one of the other networks: web_connectivity over its subset of the world, from
// its client namespace, into its own database (the report's is Kazakhtelecom's alone), submitted
// to the same collector.
std::vector<std::string> network_command(const lab::Lab& lab, const DemoOptions& o,
                                         const fs::path& db, const std::string& isp,
                                         const std::vector<std::string>& urls) {
  auto probe = probe_command(lab, o, db, isp);
  const auto list = std::find(probe.begin(), probe.end(), "--list");
  probe.erase(list, list + 2);
  for (const auto& url : urls) {
    probe.push_back("--input");
    probe.push_back(url);
  }
  return probe;
}

// Prints expected (ground truth) against found (measurements), method by method; true if every
// ground-truth domain was found with exactly its expected method.
bool print_comparison(const fs::path& db_path, const fs::path& truth_csv,
                      const lab::DemoWorld& world) {
  auto opened = store::ResultsStore::open(db_path.string());
  if (!opened) {
    std::cerr << "ashyq demo: " << opened.error().message() << "\n";
    return false;
  }
  auto& db = *opened;
  auto runs = db->runs();
  if (runs.empty())
    return false;
  store::MeasurementFilter filter;
  filter.run_id = runs.front().id;  // the web_connectivity run (the database is this demo's)
  std::vector<report::GroundTruthEntry> truth;
  for (const auto& t : world.truth)
    truth.push_back({t.domain, t.expected_method});
  auto g = report::compare_ground_truth(db->measurements(filter), truth);
  std::cout << "ground truth (" << truth_csv.string() << ") vs measurements:\n";
  bool counts_equal = true;
  for (const auto& m : g.methods) {
    if (m.expected == 0 && m.found == 0)
      continue;
    counts_equal = counts_equal && m.expected == m.found;
    std::cout << "  " << std::left << std::setw(14) << m.method << std::right << std::setw(5)
              << m.expected << " expected " << std::setw(5) << m.found << " found"
              << (m.expected == m.found ? "" : "   <- differs") << "\n";
  }
  std::cout << "  " << g.matching << " of " << g.rows.size()
            << " ground-truth rows found exactly as expected\n";
  std::size_t shown = 0;
  for (const auto& r : g.rows) {
    if (r.matches || shown >= 20)
      continue;
    ++shown;
    std::string found;
    for (const auto& f : r.found_methods)
      found += (found.empty() ? "" : ",") + f;
    std::cout << "  differs: " << r.domain << " expected " << r.expected_method << ", found "
              << (found.empty() ? "nothing" : found) << "\n";
  }
  return counts_equal && g.matching == g.rows.size();
}

// What the probe submitted to the lab's collector, and how to serve that store again (the
// collector went down with the lab).
void print_observatory(const std::vector<fs::path>& dbs, const fs::path& observatory,
                       std::size_t networks) {
  std::int64_t accepted = 0, refused = 0, pending = 0;
  for (const auto& db_path : dbs) {
    auto opened = store::ResultsStore::open(db_path.string());
    if (!opened)
      return;
    auto counts = (*opened)->upload_counts(lab::addr::collector_url());
    if (!counts)
      return;
    accepted += counts->accepted;
    refused += counts->refused;
    pending += counts->pending;
  }
  std::cout << "observatory: " << accepted << " measurements submitted to the lab's "
            << "collector (" << lab::addr::collector_url() << ") from " << networks << " networks";
  if (refused || pending)
    std::cout << ", " << refused << " refused, " << pending << " not sent";
  std::cout << "; its store is " << observatory.string() << std::endl;
}

// The demo's fictional register (lab::demo_register_toml) into the observatory's store, as an
// editor's import would put it there: written to OUT/register.toml, then applied and audited.
// Answers the domain its first order names ("" when nothing was imported).
std::string import_demo_register(const fs::path& out, const fs::path& observatory,
                                 const lab::DemoWorld& world) {
  const std::string toml = lab::demo_register_toml(world);
  if (toml.empty())
    return "";
  const fs::path file = out / "register.toml";
  lab::write_file(file, toml);
  auto reg = legal::parse_register(toml, legal::RegisterFormat::toml, file.string());
  auto store = legal::RegisterStore::open(observatory.string());
  if (!reg || !store) {
    std::cout << "register: not imported: "
              << (!reg ? reg.error().message() : store.error().message()) << std::endl;
    return "";
  }
  auto edits = (*store)->apply(
      *reg, "ashyq demo",
      collector::format_api_time(collector::format_ooni_time(
          std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()))));
  if (!edits) {
    std::cout << "register: not imported: " << edits.error().message() << std::endl;
    return "";
  }
  std::cout << "register: " << edits->size() << " FICTIONAL entries (a made-up court, its "
            << reg->orders.size() << " orders, an outlet, a journalist and a case) from "
            << file.string()
            << ", each edit a leaf of the log; the explorer shows them at /orders and /cases"
            << std::endl;
  return reg->orders.empty() || reg->orders[0].targets.empty() ? ""
                                                               : reg->orders[0].targets[0].value;
}

// The explorer: `ashyq collector` serving the observatory's store on loopback (its web pages at
// `/`, the OONI API under /api/v1) for `seconds`, or until Ctrl-C; it dies with us
// (PR_SET_PDEATHSIG) and is stopped before we return. With 0 seconds it prints how to serve it.
// Prints the `explorer:` line. False if the collector did not start.
bool serve_explorer(const fs::path& out, const fs::path& observatory, unsigned seconds) {
  const std::vector<std::string> flags{"--store", "sqlite:" + observatory.string(),
                                       "--fingerprints", lab::default_fingerprints_file()};
  if (seconds == 0) {
    std::cout << "explorer: not served (--serve-seconds 0); serve it with " << self_binary()
              << " collector --listen 127.0.0.1:8090";
    for (const auto& f : flags)
      std::cout << " " << f;
    std::cout << " and open http://127.0.0.1:8090/" << std::endl;
    return true;
  }
  const fs::path log_file = fs::absolute(out / "explorer.log");
  std::error_code ec;
  fs::remove(log_file, ec);
  std::vector<std::string> argv{self_binary(), "collector", "--listen", "127.0.0.1:0"};
  argv.insert(argv.end(), flags.begin(), flags.end());
  pid_t collector = 0;
  try {
    collector = lab::spawn(argv, log_file.string(), /*die_with_parent=*/true);
  } catch (const lab::LabError& e) {
    std::cout << "explorer: not served: " << e.what() << std::endl;
    return false;
  }
  const std::regex listening(R"(listening on (http://127\.0\.0\.1:\d+)/)");
  std::smatch m;
  std::string log;
  lab::wait_until(
      [&] {
        auto text = analysis::read_file(log_file.string());
        log = text ? *text : "";
        return std::regex_search(log, m, listening) || !lab::process_alive(collector) ||
               lab::interrupted();
      },
      10s);
  if (!std::regex_search(log, m, listening)) {
    lab::stop_process(collector);
    std::cout << "explorer: not served: the collector did not start (" << log_file.string() << ")"
              << std::endl;
    return false;
  }
  std::cout << "explorer: " << m[1] << "/" << std::endl;
  std::cout << "ashyq demo: serving the explorer for " << seconds << " s (Ctrl-C stops it); log "
            << log_file.string() << std::endl;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (!lab::interrupted() && lab::process_alive(collector) &&
         std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(100ms);
  }
  const bool died = !lab::process_alive(collector);
  lab::stop_process(collector);
  std::cout << "ashyq demo: explorer " << (died ? "exited on its own" : "stopped") << std::endl;
  return !died;
}

int run_demo(const DemoOptions& o) {
  const auto started = std::chrono::steady_clock::now();
  if (auto usable = lab::check_lab_environment(); !usable) {
    std::cerr << "ashyq demo: " << usable.error().message() << "\n";
    return kEnvironment;
  }
  const auto path = experiments::test_list_path(o.list);
  auto text = analysis::read_file(path);
  if (!text) {
    std::cerr << "ashyq demo: --list " << text.error().message() << "\n";
    return kUsage;
  }
  auto list = experiments::parse_test_list(*text);
  if (list.entries.empty()) {
    std::cerr << "ashyq demo: the list " << path << " has no URL\n";
    return kUsage;
  }
  const auto world = lab::make_demo_world(list.entries, o.list);

  const fs::path out = o.out;
  const fs::path db = fs::absolute(out / "demo.sqlite");
  const fs::path networks_db = fs::absolute(out / "networks.sqlite");
  const fs::path observatory = fs::absolute(out / "observatory.sqlite");
  const fs::path truth_csv = out / "ground-truth.csv";
  const fs::path world_toml = fs::absolute(out / "world.toml");
  std::error_code ec;
  fs::create_directories(out, ec);
  for (auto suffix : {"", "-wal", "-shm", "-journal"}) {
    fs::remove(db.string() + suffix, ec);  // this demo's run only
    fs::remove(networks_db.string() + suffix, ec);
    fs::remove(observatory.string() + suffix, ec);
  }
  try {
    lab::write_file(world_toml, world.scenario_toml);
    lab::write_file(truth_csv, lab::demo_truth_csv(world));
    lab::write_file(out / "ground-truth.md", lab::demo_truth_markdown(world, o.list));
    lab::write_file(out / "ground-truth-networks.csv", lab::demo_networks_csv(world));
  } catch (const lab::LabError& e) {
    std::cerr << "ashyq demo: --out " << e.what() << "\n";
    return kEnvironment;
  }
  std::cout << "ashyq demo: a Kazakhstan-like world from " << path << ": " << world.truth.size()
            << " URLs, " << world.domains << " sites (" << world.skipped.size()
            << " URLs the lab cannot serve); ground truth in " << truth_csv.string() << std::endl;
  for (const auto& s : world.skipped)
    std::cout << "  not served (expected down): " << s << "\n";

  lab::install_interrupt_handlers();
  for (auto& line : lab::clean_leftovers())
    std::cerr << "ashyq demo: removed leftover " << line << "\n";
  raise_open_files_limit();

  lab::Scenario scenario;
  try {
    scenario = lab::load_scenario(world_toml);
  } catch (const lab::ScenarioError& e) {
    std::cerr << "ashyq demo: the generated world is invalid (a bug): " << e.what() << "\n";
    return kFailure;
  }
  lab::LabOptions lab_options;
  lab_options.ashyq_binary = self_binary();
  lab_options.verbose = o.verbose;
  lab_options.collector_store = observatory.string();
  lab::Lab lab(scenario, lab_options);  // its destructor tears down whatever is left
  auto phase = std::chrono::steady_clock::now();
  std::cout << "ashyq demo: bringing the lab up (" << world.domains << " sites)..." << std::endl;
  try {
    lab.up();
  } catch (const lab::Interrupted&) {
    std::cerr << "ashyq demo: interrupted; the lab was torn down\n";
    return 130;
  } catch (const std::exception& e) {
    std::cerr << "ashyq demo: the lab did not come up: " << e.what() << "\n";
    return kEnvironment;
  }
  std::cout << "ashyq demo: lab up in " << fixed(seconds_since(phase)) << " s (namespaces "
            << lab.prefix() << "*); measuring the list from the client namespace" << std::endl;

  phase = std::chrono::steady_clock::now();
  // The clients' networks, as a prefix table: each run records probe_asn and probe_network_name
  // from it (Kazakhtelecom's real ASN and the fictional AS64500-64501 on lab addresses; the
  // address itself is never recorded).
  lab::write_file(lab.run_dir() / "asn-table.txt", lab::demo_asn_table(world));
  auto probe = probe_command(lab, o, db);
  if (o.verbose)
    std::cout << "  $ " << lab::join_command(probe) << std::endl;
  int probe_status = run_in_foreground(probe);
  std::cout << "ashyq demo: run finished in " << fixed(seconds_since(phase)) << " s (exit "
            << probe_status << ")" << std::endl;
  if (!lab::interrupted() && (probe_status == kMeasured || probe_status == kPartial)) {
    phase = std::chrono::steady_clock::now();
    auto second = interception_command(probe, world);
    if (o.verbose)
      std::cout << "  $ " << lab::join_command(second) << std::endl;
    const int status = run_in_foreground(second);
    std::cout << "ashyq demo: tls_interception run finished in " << fixed(seconds_since(phase))
              << " s (exit " << status << ")" << std::endl;
    if (status != kMeasured)
      probe_status = status;
  }

  // The other networks' round 1, the change, and round 2 (docs/demo.md).
  auto network_round = [&](const lab::DemoNetwork& n, int round) {
    const auto urls = lab::demo_network_urls(world, n.isp, round);
    if (urls.empty() || lab::interrupted() ||
        (probe_status != kMeasured && probe_status != kPartial))
      return;
    phase = std::chrono::steady_clock::now();
    std::cout << "ashyq demo: round " << round << " on AS" << n.asn << " " << n.name << ": "
              << urls.size() << " URLs from " << lab.client_ns(n.isp) << std::endl;
    auto command = network_command(lab, o, networks_db, n.isp, urls);
    if (o.verbose)
      std::cout << "  $ " << lab::join_command(command) << std::endl;
    const int status = run_in_foreground(command);
    std::cout << "ashyq demo: round " << round << " on AS" << n.asn << " finished in "
              << fixed(seconds_since(phase)) << " s (exit " << status << ")" << std::endl;
    if (status != kMeasured && status != kPartial)
      probe_status = status;
  };
  for (const auto& n : world.networks) {
    if (n.isp != world.networks.front().isp)
      network_round(n, 1);
  }
  if (!world.changed_domain.empty() && !lab::interrupted() &&
      (probe_status == kMeasured || probe_status == kPartial)) {
    try {
      lab.add_rule(world.changed_rule);
      std::cout << "ashyq demo: the world changes: " << world.changed_rule.name << std::endl;
    } catch (const std::exception& e) {
      std::cerr << "ashyq demo: the change could not be made: " << e.what() << "\n";
      probe_status = kFailure;
    }
    // measurement_start_time has whole seconds: a pause keeps the rounds apart in time, so
    // "accessible, then blocked" reads in that order wherever measurements are sorted by time.
    std::this_thread::sleep_for(1100ms);
    for (const auto& n : world.networks)
      network_round(n, 2);
  }

  const bool run_interrupted = lab::interrupted();
  auto tear_down = [&] {
    phase = std::chrono::steady_clock::now();
    lab.down();
    std::cout << "ashyq demo: lab torn down in " << fixed(seconds_since(phase)) << " s"
              << std::endl;
  };
  if (!o.keep || run_interrupted)
    tear_down();
  if (run_interrupted) {
    std::cerr << "ashyq demo: interrupted; what was measured is in " << db.string()
              << " (ashyq report --db " << db.string() << ")\n";
    return 130;
  }
  if (probe_status != kMeasured && probe_status != kPartial) {
    std::cerr << "ashyq demo: the run failed (exit " << probe_status << ")\n";
    return probe_status == kEnvironment ? kEnvironment : kFailure;
  }

  auto report = lab::run_command(
      {self_binary(), "report", "--all", "--out", out.string(), "--db", db.string(),
       "--ground-truth", truth_csv.string(), "--title", "ashyq demo: a Kazakhstan-like lab world"},
      120s);
  if (report.status != kMeasured) {
    std::cerr << "ashyq demo: the report failed (exit " << report.status << "): " << report.err;
    return kFailure;
  }
  const bool all_match = print_comparison(db, truth_csv, world);
  std::cout << "ashyq demo: done in " << fixed(seconds_since(started)) << " s\n";
  if (!all_match) {
    std::cout << "ashyq demo: some findings differ from the ground truth (see the report's "
                 "ground-truth section)\n";
  }
  print_observatory({db, networks_db}, observatory, world.networks.size());
  // The register first, so the log's checkpoint covers its edits and the evidence bundle of the
  // domain its order names carries the entries.
  const std::string ordered = import_demo_register(out, observatory, world);
  if (!demo_evidence(self_binary(), out, observatory, lab::default_fingerprints_file(), ordered))
    std::cout << "ashyq demo: the evidence steps did not all do what they should (above)"
              << std::endl;
  std::cout << "report: " << (out / "report.html").string() << std::endl;
  serve_explorer(out, observatory, o.serve_seconds);
  if (o.keep) {
    std::cout << "ashyq demo: the lab stays up (--keep): ip netns exec " << lab.client_ns()
              << " <command>; root CA " << lab.ca_file().string()
              << "; press Ctrl-C to tear it down" << std::endl;
    while (!lab::interrupted())
      std::this_thread::sleep_for(100ms);
    tear_down();
  }
  return kMeasured;
}

}  // namespace

Command add_demo_command(CLI::App& app) {
  auto o = std::make_shared<DemoOptions>();
  auto* sub = app.add_subcommand(
      "demo", "Run the list through a Kazakhstan-like lab world and write the report (needs root)");
  sub->add_option("--out,-o", o->out, "directory for the report, ground truth and results")
      ->capture_default_str();
  sub->add_option("--list", o->list, "the test list the world is made from: kz, global, or a CSV")
      ->capture_default_str();
  sub->add_option("--concurrency", o->concurrency, "measurements at once")
      ->capture_default_str()
      ->check(CLI::Range(1u, 1024u));
  sub->add_flag("--keep", o->keep, "leave the lab up after the run until Ctrl-C");
  sub->add_option("--serve-seconds", o->serve_seconds,
                  "at the end, serve the explorer (the observatory's web pages) on loopback for "
                  "this many seconds, or until Ctrl-C (0: print how to serve it)")
      ->capture_default_str();
  sub->add_flag("-v,--verbose", o->verbose, "print each lab step and the probe command");
  return {sub, [o] { return run_demo(*o); }};
}

}  // namespace ashyq::cli
