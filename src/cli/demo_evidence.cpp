#include "cli/demo_evidence.hpp"

#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>

#include "collector/sqlite_observatory.hpp"
#include "evidence/bundle_archive.hpp"
#include "lab/process.hpp"

namespace ashyq::cli {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

std::string file_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string last_line(const std::string& text) {
  std::istringstream in(text);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty())
      last = line;
  return last;
}

// The (country, domain) with the most measurements showing interference; `preferred` when it
// shows any.
struct Target {
  std::string probe_cc, domain;
  std::int64_t anomalies = 0;
};
std::optional<Target> most_interfered(const fs::path& observatory, const std::string& preferred) {
  auto store = collector::SqliteObservatory::open(observatory.string());
  if (!store)
    return std::nullopt;
  collector::MeasurementQuery all;
  all.since = "2000-01-01 00:00:00";
  auto cells = (*store)->aggregation(all, collector::Axis::probe_cc, collector::Axis::domain);
  if (!cells)
    return std::nullopt;
  std::optional<Target> best, best_preferred;
  for (const auto& c : *cells) {
    const auto interfered = c.anomaly_count + c.confirmed_count;
    if (!c.x || !c.y || c.y->empty())
      continue;
    if (!best || interfered > best->anomalies)
      best = Target{*c.x, *c.y, interfered};
    if (*c.y == preferred && interfered > 0 &&
        (!best_preferred || interfered > best_preferred->anomalies))
      best_preferred = Target{*c.x, *c.y, interfered};
  }
  return best_preferred ? best_preferred : best;
}

}  // namespace

bool demo_evidence(const std::string& ashyq, const fs::path& out, const fs::path& observatory,
                   const std::string& fingerprints, const std::string& preferred_domain) {
  auto say = [](const std::string& s) { std::cout << "ashyq demo: " << s << std::endl; };
  const fs::path witness_key = fs::absolute(out / "witness.key");
  std::error_code ec;
  for (const auto& stale : {witness_key, fs::path(witness_key.string() + ".state")})
    fs::remove(stale, ec);  // this demo's witness only
  auto keygen = lab::run_command({ashyq, "witness", "keygen", "--name", "witness.demo.invalid",
                                  "--out", witness_key.string()});
  if (keygen.status != 0) {
    say("witness keygen failed: " + keygen.err);
    return false;
  }
  const std::string witness_vkey = last_line(keygen.out);

  // The observatory served again on loopback, accepting the witness's cosignatures.
  const fs::path log_file = fs::absolute(out / "collector-after-lab.log");
  fs::remove(log_file, ec);
  pid_t collector =
      lab::spawn({ashyq, "collector", "--listen", "127.0.0.1:0", "--store",
                  "sqlite:" + observatory.string(), "--witness-key", witness_vkey, "--fingerprints",
                  fingerprints, "--checkpoint-interval", "1", "--threads", "1"},
                 log_file.string());
  const std::regex listening(R"(listening on (http://127\.0\.0\.1:\d+)/)");
  std::smatch m;
  std::string log;
  lab::wait_until(
      [&] {
        log = file_text(log_file);
        return std::regex_search(log, m, listening) || !lab::process_alive(collector);
      },
      10s);
  if (!std::regex_search(log, m, listening)) {
    lab::stop_process(collector);
    say("the observatory did not start again: " + log);
    return false;
  }
  const std::string url = m[1];
  std::smatch k;
  const std::regex verifier(R"(verifier key:\n(\S+))");
  const std::string log_vkey = std::regex_search(log, k, verifier) ? std::string(k[1]) : "";
  auto witnessed = lab::run_command({ashyq, "witness", "--once", "--log", url, "--verifier-key",
                                     log_vkey, "--key", witness_key.string()},
                                    60s);
  lab::stop_process(collector);
  if (witnessed.status != 0) {
    say("the witness did not cosign: " + witnessed.err);
    return false;
  }
  say("transparency log " + log_vkey.substr(0, log_vkey.find('+')) + ": " +
      last_line(witnessed.err).substr(std::string("ashyq witness: ").size()) + " (witness key " +
      witness_vkey + ")");

  auto target = most_interfered(observatory, preferred_domain);
  if (!target) {
    say("no measured domain to draw evidence for");
    return false;
  }
  const fs::path bundle = fs::absolute(out / ("evidence-" + target->domain + ".tar.gz"));
  auto exported = lab::run_command(
      {ashyq, "evidence", "export", "--store", "sqlite:" + observatory.string(), "--domain",
       target->domain, "--probe-cc", target->probe_cc, "--min-cosignatures", "1",
       "--with-log-entries", "--fingerprints", fingerprints, "--out", bundle.string()},
      120s);
  if (exported.status != 0) {
    say("evidence export failed: " + exported.err);
    return false;
  }
  const std::vector<std::string> verify_flags{"--key",          log_vkey,      "--witness-key",
                                              witness_vkey,     "--witnesses", "1",
                                              "--fingerprints", fingerprints};
  auto verify = [&](const fs::path& file) {
    std::vector<std::string> argv{ashyq, "evidence", "verify", file.string()};
    argv.insert(argv.end(), verify_flags.begin(), verify_flags.end());
    return lab::run_command(argv, 120s);
  };
  auto verified = verify(bundle);
  say("evidence: " + last_line(exported.err).substr(std::string("ashyq evidence export: ").size()));
  say("evidence verify " + bundle.string() + ": exit " + std::to_string(verified.status) + ", " +
      last_line(verified.out));

  // An altered copy: one byte of one measurement changed.
  const fs::path altered = fs::absolute(out / ("evidence-" + target->domain + "-altered.tar.gz"));
  auto files = evidence::read_bundle_archive(bundle.string());
  bool altered_ok = false;
  if (files) {
    std::vector<evidence::BundleFile> copy;
    bool changed = false;
    for (auto& [path, bytes] : *files) {
      if (!changed && path.starts_with("measurements/") && !bytes.empty()) {
        auto at = bytes.find("\"probe_asn\":\"AS");
        bytes[at == std::string::npos ? bytes.size() / 2 : at + 15] ^= 0x01;
        changed = true;
      }
      copy.push_back({path, bytes});
    }
    altered_ok =
        changed && evidence::write_bundle_archive(altered.string(), "ashyq-evidence", copy);
  }
  auto refused = altered_ok ? verify(altered) : lab::CommandOutput{};
  std::string first_failure;
  {
    std::istringstream lines(refused.out);
    for (std::string line; std::getline(lines, line);)
      if (line.starts_with("FAILED: ")) {
        first_failure = line;
        break;
      }
  }
  say("evidence verify " + altered.string() + " (one byte changed): exit " +
      std::to_string(refused.status) + ", " + first_failure);
  const bool ok = verified.status == 0 && refused.status == 5;
  if (ok)
    std::cout << "evidence: " << bundle.string() << " (verify: ashyq evidence verify "
              << bundle.string() << " --key " << log_vkey << " --witness-key " << witness_vkey
              << " --witnesses 1 --fingerprints " << fingerprints << ")" << std::endl;
  return ok;
}

}  // namespace ashyq::cli
