// `ashyq run`: an experiment (web_connectivity unless -t names another, see
// experiments/registry.hpp) over a test list or given URLs. This file parses the flags and wires
// them to the runner (src/runner/: scheduling, resume, suites, consent, scrubbing; see
// docs/runner.md) and to the experiment's configuration.
#include <unistd.h>

#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <optional>

#include "analysis/attempts.hpp"
#include "analysis/read_file.hpp"
#include "cli/commands.hpp"
#include "cli/common_flags.hpp"
#include "cli/exit_codes.hpp"
#include "core/data_dir.hpp"
#include "experiments/registry.hpp"
#include "runner/address_scrubber.hpp"
#include "runner/check_in.hpp"
#include "runner/consent.hpp"
#include "runner/home.hpp"
#include "runner/input_plan.hpp"
#include "runner/probe_settings.hpp"
#include "runner/resume.hpp"
#include "runner/run.hpp"
#include "runner/suite.hpp"
#include "store/results_store.hpp"

namespace ashyq::cli {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

struct RunOptions {
  std::string test;  // "" = web_connectivity, or the resumed run's experiment
  std::vector<std::string> inputs;
  std::string list;
  std::vector<std::string> categories;
  runner::ProbeFlags probe;  // the probe's network, data and the experiment's options
  TimeoutFlags timeouts;
  double control_timeout = 30;
  std::string output;
  unsigned concurrency = 32;
  bool quiet = false;
  bool accept_risks = false;
  std::string db;
  bool no_db = false;
  bool resume = false;
  unsigned per_host = 2;
  std::optional<double> max_runtime;  // seconds; unset: kVolunteerMaxRuntime for the default lists
  unsigned confirmations = analysis::kDefaultConfirmations;
  std::string suite;      // --suite NAME|PATH
  std::string suite_tag;  // set by run_suite: "[suite kz 2026-11-28 16:40:03]", ends the source
  std::string collector;  // --collector URL: submit each measurement once committed
};

using runner::kDefaultTest;

constexpr double kVolunteerMaxRuntime = 900;

std::chrono::milliseconds ms(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

int run(const RunOptions& o) {
  auto fail = [](const std::string& message) {
    std::cerr << "ashyq run: " << message << "\n";
    return kUsage;
  };
  if (!o.collector.empty()) {
    if (auto key = runner::collector_key(o.collector); !key)
      return fail("--collector: " + key.error().message());
  }
  if (!o.collector.empty() && o.no_db)
    return fail(
        "--collector needs the results database, which remembers what was submitted: drop --no-db");
  if (!o.test.empty() && !experiments::find_experiment(o.test)) {
    return fail("unknown test '" + o.test + "'; the tests are: " + experiments::experiment_names());
  }
  std::string test = o.test.empty() ? std::string(kDefaultTest) : o.test;
  if (o.resume && (!o.inputs.empty() || !o.list.empty())) {
    return fail("--resume continues a stored run: give no --input or --list with it");
  }
  if (o.resume && o.no_db)
    return fail("--resume needs the results database (drop --no-db)");
  // With --collector, the helpers (and with --list auto, the URLs) come from its check-in.
  const bool list_from_collector = o.list == "auto";
  if (list_from_collector && o.collector.empty())
    return fail("--list auto takes the list from a collector's check-in: give --collector URL");
  const bool helpers_from_collector = o.probe.helpers.empty() && !o.collector.empty() &&
                                      experiments::find_experiment(test)->needs_helper;
  runner::ProbeFlags probe = o.probe;
  // No helper named and no collector to ask: OONI's public helpers (data/test-helpers.txt).
  if (probe.helpers.empty() && !helpers_from_collector &&
      experiments::find_experiment(test)->needs_helper) {
    auto helpers = runner::default_helpers();
    if (!helpers)
      return fail("no test helper: give --helper URL (" + helpers.error().message() + ")");
    if (helpers->empty())
      return fail("no test helper: give --helper URL (or --collector URL)");
    probe.helpers = std::move(helpers).value();
  }

  // The plan: URLs in order, with their categories. With neither --input nor --list, the
  // country's Citizen Lab list then the global one, as OONI's probe does: planned once the
  // country is known (after the location step below).
  const auto* spec = experiments::find_experiment(test);
  const bool default_lists = !o.resume && spec->takes_input && o.inputs.empty() && o.list.empty();
  runner::InputPlan plan;
  if (!o.resume && !default_lists && !(list_from_collector && o.inputs.empty())) {
    auto planned = runner::plan_inputs(
        {o.inputs, list_from_collector ? "" : o.list, o.categories, test, spec->takes_input});
    if (!planned)
      return fail(planned.error().message());
    plan = std::move(planned).value();
    for (const auto& skipped : plan.skipped)
      std::cerr << skipped.where << ": skipped: " << skipped.why << "\n";
  }

  probe.timeouts = o.timeouts.timeouts();
  probe.control_timeout = ms(o.control_timeout);
  auto loaded = runner::probe_settings(probe);
  if (!loaded)
    return fail(loaded.error().message());
  auto settings = std::move(loaded).value();
  if (!o.resume) {
    if (auto added = runner::add_experiment_settings(probe, test, settings); !added)
      return fail(added.error().message());
  }
  auto db_path = runner::results_db_path(o.db);
  if (!db_path) {
    std::cerr << "ashyq run: " << db_path.error().message() << "\n";
    return kEnvironment;
  }
  auto home = runner::ashyq_home();
  if (!home) {
    std::cerr << "ashyq run: " << home.error().message() << "\n";
    return kEnvironment;
  }
  if (auto consent = runner::ensure_consent(o.accept_risks, *home); !consent) {
    std::cerr << "ashyq run: " << consent.error().message() << "\n";
    return kUsage;
  }

  // After consent: the location step (STUN) is the run's first traffic, then the check-in.
  std::string location_note;
  const std::string public_address = runner::locate_probe_network(probe, settings, location_note);
  if (!o.quiet && !location_note.empty())
    std::cerr << "ashyq run: " << location_note << "\n";
  if (!o.quiet && !helpers_from_collector && o.probe.helpers.empty() && spec->needs_helper) {
    std::cerr << "ashyq run: test helpers from " << core::data_path("test-helpers.txt") << ": "
              << settings.common.control.helpers.front()
              << (settings.common.control.helpers.size() > 1 ? " (then the others listed)" : "")
              << "\n";
  }
  if (default_lists) {
    auto planned = runner::plan_default_lists(settings.common.probe_cc, o.categories, test);
    if (!planned)
      return fail(planned.error().message());
    plan = std::move(planned).value();
    for (const auto& skipped : plan.skipped)
      std::cerr << skipped.where << ": skipped: " << skipped.why << "\n";
  }

  if (helpers_from_collector || list_from_collector) {
    const auto collector = *runner::collector_key(o.collector);
    runner::CheckInQuery query{settings.common.probe_cc, settings.common.probe_asn, o.categories};
    const net::ServiceClient client{settings.common.resolver, settings.common.dialer,
                                    settings.common.trust, ms(o.control_timeout)};
    auto checked = runner::check_in_now(client, collector, query);
    if (!checked) {
      std::cerr << "ashyq run: " << checked.error().message() << "\n";
      return kEnvironment;
    }
    if (helpers_from_collector) {
      if (checked->helpers.empty())
        return fail("the collector " + collector + " gives no test helper: give --helper URL");
      settings.common.control.helpers = checked->helpers;
    }
    if (list_from_collector) {
      if (checked->inputs.empty())
        return fail("the collector " + collector + " gives no URL for " + query.probe_cc);
      for (auto& input : checked->inputs)
        plan.inputs.push_back(std::move(input));
      plan.source = plan.source.empty() ? "--list auto" : plan.source + " --list auto";
    }
  }

  // The results database, and the plan: a new run's, or the positions still to measure.
  std::unique_ptr<store::ResultsStore> db;
  if (!o.no_db) {
    auto opened = store::ResultsStore::open(*db_path);
    if (!opened) {
      std::cerr << "ashyq run: " << opened.error().message() << "\n";
      return kEnvironment;
    }
    db = std::move(opened).value();
  }
  runner::RunPlan run_plan;
  if (o.resume) {
    auto resumed = runner::resume_plan(*db);
    if (!resumed)
      return fail("--resume: " + resumed.error().message());
    run_plan = std::move(*resumed);
    test = run_plan.test;
    const std::string run = "--resume: run " + std::to_string(run_plan.run_id);
    if (!experiments::find_experiment(test))
      return fail(run + " used an unknown test " + test);
    if (!o.test.empty() && o.test != test)
      return fail(run + " measured " + test + ", not " + o.test);
    if (settings.common.control.helpers.empty() && experiments::find_experiment(test)->needs_helper)
      return fail("no test helper: give --helper URL (or --collector URL)");
    // The stored run's experiment.
    if (auto added = runner::add_experiment_settings(probe, test, settings); !added)
      return fail(added.error().message());
    std::cerr << "ashyq run: resuming run " << run_plan.run_id << ", " << run_plan.todo.size()
              << " URLs left\n";
  } else {
    auto created = runner::new_plan(
        db.get(), test, plan.source + (o.suite_tag.empty() ? "" : " " + o.suite_tag), plan.inputs);
    if (!created) {
      std::cerr << "ashyq run: " << created.error().message() << "\n";
      return kEnvironment;
    }
    run_plan = std::move(*created);
  }

  std::ofstream file;
  if (!o.output.empty() && o.output != "-") {
    file.open(o.output, std::ios::app);
    if (!file)
      return fail("--output " + o.output + ": cannot open for appending");
  }
  const bool to_stdout = o.output == "-" || (o.output.empty() && o.no_db);

  runner::RunSettings run;
  // A volunteer's default run (both lists, ~1,600 URLs) stops starting new URLs after 15 minutes
  // unless told otherwise; --resume continues it. An explicit list or input has no limit.
  const double max_runtime = o.max_runtime.value_or(default_lists ? kVolunteerMaxRuntime : 0);
  run.limits = {o.concurrency, o.per_host, ms(max_runtime)};
  auto known_addresses = o.probe.probe_ips;
  if (!public_address.empty())
    known_addresses.push_back(public_address);
  run.scrubbed = runner::probe_addresses(known_addresses);
  run.db = db.get();
  run.jsonl = file.is_open() ? &file : (to_stdout ? &std::cout : nullptr);
  run.log = &std::cerr;
  run.quiet = o.quiet;
  run.tty = isatty(STDERR_FILENO);
  std::unique_ptr<runner::Uploader> uploader;
  if (!o.collector.empty()) {
    runner::UploadSettings upload;
    upload.collector = o.collector;
    upload.client = {settings.common.resolver, settings.common.dialer, settings.common.trust,
                     ms(o.control_timeout)};
    upload.only_run = run_plan.run_id;
    uploader = std::make_unique<runner::Uploader>(*db, std::move(upload));
    run.uploader = uploader.get();
  }
  // Confirmation before accusation (analysis/attempts.hpp), for experiments that can merge.
  if (const auto* spec = experiments::find_experiment(test);
      o.confirmations > 0 && spec && spec->merge_attempt) {
    runner::Confirmation confirm;
    confirm.wanted = [n = o.confirmations](const json::object& m) {
      return analysis::measure_again(m, n);
    };
    confirm.merge = [&settings, merge = spec->merge_attempt](json::object& held,
                                                             json::object again) {
      return merge(held, std::move(again), settings);
    };
    run.confirmation = std::move(confirm);
  }
  auto measure = [&](const std::string& input) -> asio::awaitable<core::Result<json::object>> {
    // A named envelope, not a braced temporary: GCC 12 destroys temporaries of a co_await
    // expression twice (ASan: bad-free).
    experiments::EnvelopeInfo info;
    co_return co_await experiments::measure_experiment(test, input, settings, info);
  };
  auto outcome = runner::run_plan(run_plan, measure, run);
  if (!outcome) {
    std::cerr << "\nashyq run: " << outcome.error().message() << "\n";
    return kEnvironment;
  }
  if (!o.quiet && outcome->remeasured > 0) {
    std::cerr << "ashyq run: " << outcome->remeasured
              << " measurements made again to confirm failures that were timeouts (a lossy "
                 "network causes them too; --confirmations)\n";
  }
  if (db && (!o.quiet || outcome->interrupted())) {
    std::cerr << "ashyq run: run " << run_plan.run_id << " "
              << (outcome->complete ? "finished" : "interrupted") << "; results in " << db->path()
              << (outcome->complete ? "" : " (continue with ashyq run --resume)") << "\n";
  }
  if (outcome->upload) {
    const auto& up = *outcome->upload;
    std::cerr << "ashyq run: " << up.accepted << " submitted to " << o.collector;
    if (up.refused)
      std::cerr << ", " << up.refused << " refused";
    if (up.unsent)
      std::cerr << ", " << up.unsent << " not sent yet (ashyq upload --collector " << o.collector
                << ")";
    std::cerr << "\n";
    if (!up.last_problem.empty() && (up.refused || up.unsent))
      std::cerr << "ashyq run: the last problem: " << up.last_problem << "\n";
  }
  if (outcome->interrupted())
    return 130;
  if (outcome->upload && (outcome->upload->refused || outcome->upload->unsent))
    return kPartial;
  return (!plan.skipped.empty() || outcome->unmeasurable) ? kPartial : kMeasured;
}

// `--suite`: every step as its own run, one after the other. Ctrl-C stops the suite (what was
// measured stays stored); the exit status is the worst of the steps'.
int run_suite(const RunOptions& o) {
  auto fail = [](const std::string& message) {
    std::cerr << "ashyq run: " << message << "\n";
    return kUsage;
  };
  if (!o.test.empty() || !o.inputs.empty() || !o.list.empty() || o.resume)
    return fail(
        "--suite chooses the experiments and inputs: give no -t, --input, --list or --resume");
  const auto path = runner::suite_path(o.suite, core::data_dir());
  auto text = analysis::read_file(path);
  if (!text)
    return fail("--suite " + text.error().message());
  auto suite = runner::parse_suite(*text, path);
  if (!suite)
    return fail("--suite " + suite.error().message());
  // A command-line -O goes to the steps whose experiment knows the key (e.g. a lab's endpoints).
  auto steps = runner::with_command_line_options(*suite, o.probe.experiment_options);
  if (!steps)
    return fail(steps.error().message());
  // The tag every step's stored run ends with: `ashyq report` shows a suite's runs together.
  const std::string tag = runner::suite_tag(suite->name, std::chrono::system_clock::now());
  int worst = kMeasured;
  auto rank = [](int code) {  // usage/environment problems outrank partial runs
    return code == kMeasured ? 0 : code == kPartial ? 1 : code == kFailure ? 2 : 3;
  };
  for (std::size_t i = 0; i < steps->size(); ++i) {
    const auto& step = (*steps)[i];
    RunOptions one = o;
    one.suite.clear();
    one.suite_tag = tag;
    one.test = step.test;
    one.list = step.list;
    one.inputs = step.inputs;
    one.probe.experiment_options = step.options;
    if (!o.quiet) {
      std::cerr << "ashyq run: suite " << suite->name << ", step " << i + 1 << " of "
                << steps->size() << ": " << step.test << "\n";
    }
    int code = run(one);
    if (code == 130)
      return 130;
    if (rank(code) > rank(worst))
      worst = code;
  }
  return worst;
}

}  // namespace

Command add_run_command(CLI::App& app) {
  auto o = std::make_shared<RunOptions>();
  auto* sub = app.add_subcommand(
      "run", "Run an experiment (web_connectivity by default) over a test list or URLs");
  sub->add_option("--test,-t", o->test,
                  "the experiment: " + experiments::experiment_names() +
                      " (default web_connectivity; --resume continues the stored run's)");
  sub->add_option("--input,-i", o->inputs, "a URL to measure (repeatable)");
  sub->add_option("--list", o->list,
                  "a Citizen Lab list: kz, global, a path to a CSV file, or auto (the "
                  "--collector's list for this country); default: the country's list, then "
                  "the global one");
  sub->add_option("--category", o->categories, "only these category codes (repeatable)");
  sub->add_option("--helper", o->probe.helpers,
                  "test helper base URL (repeatable; tried in order)");
  sub->add_option("--resolver", o->probe.resolver, "the probe's resolver (see ashyq get)")
      ->capture_default_str();
  sub->add_option("--ca-file", o->probe.ca_file, "PEM roots to trust instead of the system's")
      ->check(CLI::ExistingFile);
  sub->add_option("--bogons", o->probe.bogons, "bogon overrides (a lab's address plan)")
      ->check(CLI::ExistingFile);
  sub->add_option("--fingerprints", o->probe.fingerprints, "blockpage fingerprint CSV (repeatable)")
      ->check(CLI::ExistingFile);
  sub->add_option("--asn-db", o->probe.asn_db,
                  "location database: a directory of ip-location-db CSV files (default: "
                  "data/ip-location-db when installed), a MaxMind .mmdb or a prefix table: the "
                  "ASNs of DNS answers and of the probe's own network (recorded as probe_asn; "
                  "the address itself never is)");
  sub->add_option("--probe-cc", o->probe.probe_cc,
                  "the probe's country code (default: from its public address, learnt with "
                  "STUN, in the location database)")
      ->capture_default_str();
  sub->add_option("--probe-asn", o->probe.probe_asn,
                  "the probe's network, e.g. AS9198 (default: as for --probe-cc)");
  sub->add_option("--stun-server", o->probe.stun_servers,
                  "HOST:PORT of a STUN server to learn the public address from (repeatable; "
                  "default: data/stun-servers.txt)");
  sub->add_option("--output,-o", o->output,
                  "also append measurements (JSONL) to this file ('-': stdout)");
  sub->add_option("--concurrency", o->concurrency, "measurements at once")
      ->capture_default_str()
      ->check(CLI::Range(1u, 1024u));
  o->timeouts.add_to(sub);
  sub->add_option("--control-timeout", o->control_timeout, "seconds")->capture_default_str();
  sub->add_flag("--quiet,-q", o->quiet, "no progress lines");
  sub->add_flag("--accept-risks", o->accept_risks,
                "accept the informed-consent notice without the prompt (automation)");
  sub->add_option("--db", o->db, "results database (default: $ASHYQ_HOME/results.sqlite)");
  sub->add_option("--collector", o->collector,
                  "an observatory's collector URL: submit each measurement once stored (what "
                  "fails is retried, and left for ashyq upload)");
  sub->add_flag("--no-db", o->no_db, "do not store results in the database (JSONL on stdout)");
  sub->add_flag("--resume", o->resume,
                "continue the last interrupted run (no URL is measured twice)");
  sub->add_option("--per-host", o->per_host, "measurements of one host at once")
      ->capture_default_str()
      ->check(CLI::Range(1u, 64u));
  sub->add_option("--max-runtime", o->max_runtime,
                  "seconds; start no measurement after that (0: none; default 900 when no --list "
                  "or --input is given, else none)");
  sub->add_option("--confirmations", o->confirmations,
                  "when a URL's failures were all timeouts, measure it again up to this many "
                  "times (after the other URLs) before calling it blocked (0: never)")
      ->capture_default_str()
      ->check(CLI::Range(0u, 5u));
  sub->add_flag("--allow-loopback", o->probe.allow_loopback,
                "dial loopback answers (tests on one machine only: a volunteer never wants this)")
      ->group("");
  sub->add_option("--interception-roots", o->probe.interception_roots,
                  "tls_interception: CSV of known interception roots (default "
                  "data/interception-roots.csv)")
      ->check(CLI::ExistingFile);
  sub->add_option("--sni-server", o->probe.sni_server,
                  "sni_blocking: the neutral TLS server IP:PORT (default: the control SNI's "
                  "address, port 443)");
  sub->add_option(
      "--suite", o->suite,
      "run a suite of experiments (data/suites/NAME.toml, e.g. kz), each as its own run");
  sub->add_option("-O,--option", o->probe.experiment_options,
                  "an experiment's option, KEY=VALUE (repeatable; see docs/experiments.md)");
  sub->add_option("--control-sni", o->probe.control_sni, "sni_blocking: the control SNI")
      ->capture_default_str();
  sub->add_option("--probe-ip", o->probe.probe_ips,
                  "an address of yours to scrub too (the machine's own are always scrubbed)");
  return {sub, [o] { return o->suite.empty() ? run(*o) : run_suite(*o); }};
}

}  // namespace ashyq::cli
