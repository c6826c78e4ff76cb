// `ashyq run`: web_connectivity over a test list or given URLs, measurements written as OONI
// JSONL as each one completes. (The results database, consent, progress and resume of the full
// main job build on this: see issue 5.)
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <fstream>
#include <iostream>

#include "analysis/read_file.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "experiments/test_list.hpp"
#include "experiments/web_connectivity.hpp"

namespace ashyq::cli {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

struct RunOptions {
  std::vector<std::string> inputs;
  std::string list;
  std::vector<std::string> categories;
  std::vector<std::string> helpers;
  std::string resolver = "system";
  std::string ca_file;
  std::string bogons;
  std::vector<std::string> fingerprints;
  std::string asn_db;
  std::string probe_cc = "ZZ";
  std::string output;
  unsigned concurrency = 32;
  double dns_timeout = 4, connect_timeout = 10, tls_timeout = 10, http_timeout = 10,
         control_timeout = 30;
  bool quiet = false;
  bool accept_risks = false;
  std::string db;
  bool no_db = false;
};

std::chrono::milliseconds ms(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

// The list named by --list: a built-in name (data/<name>.csv next to the binary's source tree or
// in ASHYQ_DATA_DIR) or a path.
std::string list_path(const std::string& list) {
  if (list.find('/') != std::string::npos || list.ends_with(".csv")) return list;
  const char* dir = std::getenv("ASHYQ_DATA_DIR");
  return std::string(dir ? dir : ASHYQ_DATA_DIR) + "/test-lists/" + list + ".csv";
}

int run(const RunOptions& o) {
  auto fail = [](const std::string& message) {
    std::cerr << "ashyq run: " << message << "\n";
    return kUsage;
  };
  std::vector<std::string> urls = o.inputs;
  bool list_problems = false;
  if (!o.list.empty()) {
    auto path = list_path(o.list);
    auto text = analysis::read_file(path);
    if (!text) return fail("--list " + text.error().message());
    auto list = experiments::parse_test_list(*text, o.categories);
    for (const auto& p : list.problems) {
      std::cerr << path << ":" << p.line << ": skipped: " << p.why << "\n";
      list_problems = true;
    }
    for (auto& e : list.entries) urls.push_back(std::move(e.url));
  }
  if (urls.empty()) return fail("nothing to measure: give --input URL or --list LIST");
  if (o.helpers.empty()) return fail("no test helper: give --helper URL");

  experiments::WebConnectivityConfig config;
  config.timeouts.dns = ms(o.dns_timeout);
  config.timeouts.connect = ms(o.connect_timeout);
  config.timeouts.tls = ms(o.tls_timeout);
  config.timeouts.http = ms(o.http_timeout);
  config.probe_cc = o.probe_cc;
  if (o.ca_file.empty()) {
    config.trust = net::TrustStore::system();
  } else {
    std::string error;
    config.trust = net::TrustStore::from_ca_file(o.ca_file, &error);
    if (!config.trust) return fail(error);
  }
  net::ResolverOptions resolver_options;
  resolver_options.timeouts = config.timeouts;
  resolver_options.trust = config.trust;
  auto resolver = net::make_resolver(o.resolver, resolver_options);
  if (auto* err = std::get_if<std::string>(&resolver)) return fail(*err);
  config.resolver = std::get<std::shared_ptr<net::Resolver>>(resolver);
  config.dialer = std::make_shared<net::TcpDialer>();
  config.control.helpers = o.helpers;
  config.control.resolver = config.resolver;
  config.control.dialer = config.dialer;
  config.control.trust = net::TrustStore::system();
  config.control.timeout = ms(o.control_timeout);
  if (!o.bogons.empty()) {
    auto text = analysis::read_file(o.bogons);
    if (!text) return fail("--bogons " + text.error().message());
    auto parsed = analysis::BogonList::parse(*text);
    if (!parsed) return fail("--bogons " + o.bogons + ": " + parsed.error().message());
    config.bogons = std::make_shared<analysis::BogonList>(std::move(parsed.value()));
  }
  config.fingerprints = std::make_shared<analysis::FingerprintDb>();
  for (const auto& path : o.fingerprints) {
    auto text = analysis::read_file(path);
    if (!text) return fail("--fingerprints " + text.error().message());
    auto added = config.fingerprints->add_csv(*text, path);
    if (!added) return fail("--fingerprints " + path + ": " + added.error().message());
  }
  if (!o.asn_db.empty()) {
    auto db = geo::open_asn_database(o.asn_db);
    if (auto* err = std::get_if<std::string>(&db)) return fail("--asn-db " + *err);
    config.asn = std::get<std::shared_ptr<geo::AsnDatabase>>(db);
  }

  std::ofstream file;
  if (!o.output.empty()) {
    file.open(o.output, std::ios::app);
    if (!file) return fail("--output " + o.output + ": cannot open for appending");
  }
  std::ostream& out = o.output.empty() ? std::cout : file;

  asio::io_context io;
  std::size_t next = 0, done = 0, unmeasurable = 0;
  auto worker = [&]() -> asio::awaitable<void> {
    while (next < urls.size()) {
      const std::string url = urls[next++];
      experiments::EnvelopeInfo info;
      auto result = co_await experiments::measure_web_connectivity(url, config, info);
      ++done;
      if (auto* err = std::get_if<std::string>(&result)) {
        ++unmeasurable;
        std::cerr << "ashyq run: " << url << ": not measured: " << *err << "\n";
        continue;
      }
      out << json::serialize(std::get<json::object>(result)) << "\n" << std::flush;
      if (!o.quiet) {
        const auto& tk = std::get<json::object>(result).at("test_keys");
        std::cerr << "[" << done << "/" << urls.size() << "] " << url << " "
                  << tk.at("x_ashyq_verdict").at("method").as_string() << "\n";
      }
    }
  };
  for (unsigned i = 0; i < std::max(1u, o.concurrency); ++i) {
    asio::co_spawn(io, worker(), asio::detached);
  }
  io.run();
  if (!out) {
    std::cerr << "ashyq run: writing the measurements failed\n";
    return kFailure;
  }
  return (list_problems || unmeasurable) ? kPartial : kMeasured;
}

}  // namespace

Command add_run_command(CLI::App& app) {
  auto o = std::make_shared<RunOptions>();
  auto* sub = app.add_subcommand("run", "Measure web_connectivity over a test list or URLs");
  sub->add_option("--input,-i", o->inputs, "a URL to measure (repeatable)");
  sub->add_option("--list", o->list, "a Citizen Lab list: kz, global, or a path to a CSV file");
  sub->add_option("--category", o->categories, "only these category codes (repeatable)");
  sub->add_option("--helper", o->helpers, "test helper base URL (repeatable; tried in order)");
  sub->add_option("--resolver", o->resolver, "the probe's resolver (see ashyq get)")
      ->capture_default_str();
  sub->add_option("--ca-file", o->ca_file, "PEM roots to trust instead of the system's")
      ->check(CLI::ExistingFile);
  sub->add_option("--bogons", o->bogons, "bogon overrides (a lab's address plan)")
      ->check(CLI::ExistingFile);
  sub->add_option("--fingerprints", o->fingerprints, "blockpage fingerprint CSV (repeatable)")
      ->check(CLI::ExistingFile);
  sub->add_option("--asn-db", o->asn_db, "MaxMind .mmdb or prefix table for DNS answers' ASNs");
  sub->add_option("--probe-cc", o->probe_cc, "the probe's country code")->capture_default_str();
  sub->add_option("--output,-o", o->output, "append measurements (JSONL) here instead of stdout");
  sub->add_option("--concurrency", o->concurrency, "measurements at once")->capture_default_str()
      ->check(CLI::Range(1u, 1024u));
  sub->add_option("--dns-timeout", o->dns_timeout, "seconds")->capture_default_str();
  sub->add_option("--connect-timeout", o->connect_timeout, "seconds")->capture_default_str();
  sub->add_option("--tls-timeout", o->tls_timeout, "seconds")->capture_default_str();
  sub->add_option("--http-timeout", o->http_timeout, "seconds")->capture_default_str();
  sub->add_option("--control-timeout", o->control_timeout, "seconds")->capture_default_str();
  sub->add_flag("--quiet,-q", o->quiet, "no progress lines");
  sub->add_flag("--accept-risks", o->accept_risks,
                "accept the informed-consent notice without the prompt (automation)");
  sub->add_option("--db", o->db, "results database (default: $ASHYQ_HOME/results.sqlite)");
  sub->add_flag("--no-db", o->no_db, "do not store results in the database");
  return {sub, [o] { return run(*o); }};
}

}  // namespace ashyq::cli
