// `ashyq report`: one self-contained HTML report of a run (or of all stored runs), with CSV and
// JSONL exports beside it.
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include "analysis/read_file.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "core/csv_reader.hpp"
#include "i18n/catalogues.hpp"
#include "report/write_report.hpp"
#include "runner/home.hpp"
#include "runner/suite.hpp"
#include "store/results_store.hpp"

namespace ashyq::cli {

namespace fs = std::filesystem;

namespace {

struct ReportOptions {
  std::string db;
  std::string out = "ashyq-report";
  int64_t run = 0;  // 0: the latest run
  bool all = false;
  std::string title;
  std::string ground_truth;
  std::string lang = "en";  // the HTML report's language: en, ru or kk
};

int run_report(const ReportOptions& o) {
  auto fail = [](const std::string& message, int code = kUsage) {
    std::cerr << "ashyq report: " << message << "\n";
    return code;
  };
  const auto language = i18n::language_from_code(o.lang);
  if (!language)
    return fail("--lang: unknown language '" + o.lang + "' (en, ru or kk)");
  auto catalogues = i18n::Catalogues::load_default();
  if (!catalogues)
    return fail(catalogues.error().message(), kEnvironment);
  auto db_path = runner::results_db_path(o.db);
  if (!db_path)
    return fail(db_path.error().message(), kEnvironment);
  const std::string& path = *db_path;
  if (!fs::exists(path))
    return fail("no results database at " + path + " (run ashyq run first)");
  auto opened = store::ResultsStore::open(path);
  if (!opened)
    return fail(opened.error().message());
  auto& db = *opened;

  auto runs = db->runs();
  if (runs.empty())
    return fail("the results database " + path + " holds no run yet");
  std::vector<store::RunRecord> chosen;
  if (o.all) {
    chosen = runs;
  } else {
    int64_t id = o.run > 0 ? o.run : runs.back().id;
    std::string suite;  // the latest run's suite: all its runs are reported together
    for (const auto& r : runs) {
      if (r.id == id && o.run == 0)
        suite = runner::suite_tag_of(r.source);
    }
    for (const auto& r : runs) {
      if (r.id == id || (!suite.empty() && runner::suite_tag_of(r.source) == suite))
        chosen.push_back(r);
    }
    if (chosen.empty())
      return fail("no run " + std::to_string(id) + " in " + path);
  }

  report::ReportInput input;
  input.catalogue = catalogues->get(*language);
  if (!o.title.empty())
    input.title = o.title;
  fs::create_directories(o.out);
  fs::path raw = fs::path(o.out) / "measurements.jsonl.tmp";
  {
    std::ofstream raw_out(raw);
    for (const auto& r : chosen) {
      report::RunInfo info;
      info.run_id = r.id;
      info.start_time = r.started_at;
      info.end_time = r.finished_at;
      info.list = r.source;
      info.urls_planned = static_cast<std::size_t>(r.planned);
      input.runs.push_back(info);
      store::MeasurementFilter filter;
      filter.run_id = r.id;
      for (auto& s : db->measurements(filter))
        input.measurements.push_back(std::move(s));
      // Where the run measured from, as its measurements recorded it (a run from one place has
      // one country and one network; a run that moved lists each).
      std::set<std::string> countries, networks;
      for (const auto& line : db->measurement_json(r.id)) {
        raw_out << line << "\n";
        boost::system::error_code ec;
        auto m = boost::json::parse(line, ec);
        if (ec || !m.is_object())
          continue;
        auto text = [&](const char* key) {
          auto* v = m.as_object().if_contains(key);
          return v && v->is_string() ? std::string(v->as_string()) : std::string();
        };
        if (auto cc = text("probe_cc"); !cc.empty() && cc != "ZZ")
          countries.insert(cc);
        if (auto asn = text("probe_asn"); !asn.empty() && asn != "AS0") {
          auto name = text("probe_network_name");
          networks.insert(name.empty() ? asn : asn + " " + name);
        }
      }
      auto joined = [](const std::set<std::string>& values) {
        std::string out;
        for (const auto& v : values)
          out += (out.empty() ? "" : ", ") + v;
        return out;
      };
      input.runs.back().probe_cc = joined(countries);
      input.runs.back().probe_asn = joined(networks);
    }
    if (!raw_out)
      return fail("cannot write " + raw.string(), kEnvironment);
  }
  if (!o.ground_truth.empty()) {
    // CSV with a header: domain,expected_method (what a lab world blocked, and how).
    auto text = analysis::read_file(o.ground_truth);
    if (!text)
      return fail("--ground-truth " + text.error().message());
    auto rows = core::parse_csv_rows(*text);
    if (!rows)
      return fail("--ground-truth " + o.ground_truth + ": " + rows.error().message());
    input.has_ground_truth = true;
    for (std::size_t i = 1; i < rows->size(); ++i) {
      const auto& row = (*rows)[i].fields;
      if (row.size() < 2) {
        return fail("--ground-truth " + o.ground_truth + ":" + std::to_string((*rows)[i].line) +
                    ": expected 'domain,expected_method'");
      }
      input.ground_truth.push_back({row[0], row[1]});
    }
  }
  auto written = report::write_report(o.out, input, raw);
  fs::remove(raw);
  if (!written)
    return fail(written.error().message(), kEnvironment);
  std::cout << (fs::path(o.out) / "report.html").string() << "\n";
  return kMeasured;
}

}  // namespace

Command add_report_command(CLI::App& app) {
  auto o = std::make_shared<ReportOptions>();
  auto* sub =
      app.add_subcommand("report", "Write the HTML report (and CSV/JSONL exports) of a run");
  sub->add_option("--db", o->db, "results database (default: $ASHYQ_HOME/results.sqlite)");
  sub->add_option("--out,-o", o->out, "directory to write into")->capture_default_str();
  sub->add_option("--run", o->run,
                  "the run to report (default: the latest, with the other runs of its suite)");
  sub->add_flag("--all", o->all, "every stored run");
  sub->add_option("--title", o->title, "the report's title");
  sub->add_option("--ground-truth", o->ground_truth,
                  "CSV 'domain,expected_method' of a lab world, compared in the report")
      ->check(CLI::ExistingFile);
  sub->add_option("--lang", o->lang,
                  "the HTML report's language: en, ru or kk (CSV and JSONL stay English)")
      ->capture_default_str();
  return {sub, [o] { return run_report(*o); }};
}

}  // namespace ashyq::cli
