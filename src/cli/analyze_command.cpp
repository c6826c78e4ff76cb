// `ashyq analyze FILE…`: re-run the analysis on stored measurements (ashyq's, or OONI's JSONL as
// its API and S3 serve them, gzip or plain) and compare with the verdicts recorded in them.
#include <iostream>
#include <map>

#include "analysis/read_file.hpp"
#include "analysis/reanalysis.hpp"
#include "cli/commands.hpp"
#include "cli/common_flags.hpp"
#include "cli/exit_codes.hpp"
#include "cli/jsonl_reader.hpp"
#include "core/json.hpp"

namespace ashyq::cli {

namespace json = boost::json;

namespace {

struct AnalyzeOptions {
  std::vector<std::string> files;
  bool json = false;
  std::string bogons;
  std::vector<std::string> fingerprints;
  std::string probe_cc;
};

std::string accessible_text(std::optional<bool> a) {
  return a ? (*a ? "true" : "false") : "null";
}

int run_analyze(const AnalyzeOptions& o) {
  auto fail = [](const std::string& message) {
    std::cerr << "ashyq analyze: " << message << "\n";
    return kUsage;
  };
  analysis::BogonList bogons = analysis::BogonList::defaults();
  if (!o.bogons.empty()) {
    auto text = analysis::read_file(o.bogons);
    if (!text)
      return fail("--bogons " + text.error().message());
    auto parsed = analysis::BogonList::parse(*text);
    if (!parsed)
      return fail("--bogons " + o.bogons + ": " + parsed.error().message());
    bogons = std::move(parsed.value());
  }
  analysis::FingerprintDb fingerprints;
  if (auto loaded = load_fingerprint_files(o.fingerprints, fingerprints); !loaded)
    return fail(loaded.error().message());
  analysis::VerdictOptions options;
  options.bogons = &bogons;
  options.fingerprints = &fingerprints;
  options.probe_cc = o.probe_cc;

  std::size_t analysed = 0, agree = 0, other_tests = 0, unusable = 0, malformed = 0;
  bool unreadable = false;
  std::map<std::string, std::size_t> disagreements;  // "recorded → ours"
  std::map<std::string, std::size_t> methods;

  for (const auto& path : o.files) {
    JsonlStats stats;
    auto on_value = [&](json::value v, std::size_t line) {
      auto result = analysis::reanalyze(v, options);
      if (!result) {
        ++other_tests;
        return;
      }
      if (!*result) {
        ++unusable;
        std::cerr << path << ":" << line << ": skipped: " << result->error().message() << "\n";
        return;
      }
      const auto& r = result->value();
      ++analysed;
      ++methods[std::string(analysis::to_string(r.verdict.method))];
      if (r.agrees) {
        ++agree;
      } else {
        ++disagreements[r.recorded_blocking + "/" + accessible_text(r.recorded_accessible) + " → " +
                        std::string(analysis::to_string(r.classic.blocking)) + "/" +
                        accessible_text(r.classic.accessible)];
      }
      if (o.json) {
        auto out = r.to_json();
        out["file"] = path;
        out["line"] = line;
        std::cout << core::to_json_text(out) << "\n";
      } else {
        std::cout << path << ":" << line << "  " << r.input << "  recorded=" << r.recorded_blocking
                  << "/" << accessible_text(r.recorded_accessible)
                  << "  ours=" << analysis::to_string(r.classic.blocking) << "/"
                  << accessible_text(r.classic.accessible)
                  << "  method=" << analysis::to_string(r.verdict.method)
                  << (r.agrees ? "" : "  DISAGREE") << "\n";
        for (const auto& why : r.explanation())
          std::cout << "    " << why << "\n";
      }
    };
    auto on_error = [&](std::size_t line, const std::string& why) {
      std::cerr << path << ":" << line << ": malformed measurement skipped: " << why << "\n";
    };
    if (auto read = read_json_values(path, on_value, on_error, stats); !read) {
      std::cerr << "ashyq analyze: " << read.error().message() << "\n";
      unreadable = true;
      continue;
    }
    malformed += stats.malformed;
  }

  std::ostream& summary = o.json ? std::cerr : std::cout;
  summary << "analysed " << analysed << " web_connectivity measurements: " << agree
          << " agree with the recorded verdict, " << (analysed - agree) << " disagree";
  if (other_tests)
    summary << "; " << other_tests << " of other tests skipped";
  if (unusable)
    summary << "; " << unusable << " unusable";
  if (malformed)
    summary << "; " << malformed << " malformed lines skipped";
  summary << "\n";
  for (const auto& [kind, n] : disagreements)
    summary << "  disagree " << kind << ": " << n << "\n";
  for (const auto& [method, n] : methods)
    summary << "  method " << method << ": " << n << "\n";
  if (unreadable)
    return kUsage;
  if (malformed || unusable)
    return kPartial;
  return kMeasured;
}

}  // namespace

Command add_analyze_command(CLI::App& app) {
  auto o = std::make_shared<AnalyzeOptions>();
  auto* sub = app.add_subcommand(
      "analyze",
      "Re-run the analysis on stored measurements (ashyq's or OONI's JSONL, gzip or plain)");
  sub->add_option("files", o->files, "measurement files")->required();
  sub->add_flag("--json", o->json, "one JSON object per measurement on stdout");
  sub->add_option("--bogons", o->bogons, "bogon overrides (a lab's address plan)")
      ->check(CLI::ExistingFile);
  sub->add_option("--fingerprints", o->fingerprints, "blockpage fingerprint CSV (repeatable)")
      ->check(CLI::ExistingFile);
  sub->add_option("--probe-cc", o->probe_cc, "country for fingerprint rules (default: recorded)");
  return {sub, [o] { return run_analyze(*o); }};
}

}  // namespace ashyq::cli
