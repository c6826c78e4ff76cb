// `ashyq results`: what the results database holds — runs, and measurements filtered by run,
// verdict, method, category or domain — as a table or as JSON.
#include <boost/json.hpp>
#include <iomanip>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "core/json.hpp"
#include "runner/home.hpp"
#include "store/results_store.hpp"

namespace ashyq::cli {

namespace json = boost::json;

namespace {

struct ResultsOptions {
  std::string db;
  bool runs = false;
  bool json = false;
  int64_t run = 0;
  std::string method;
  std::string blocking;
  std::string category;
  std::string domain;
  bool blocked = false;
  std::size_t limit = 0;
};

json::object to_json(const store::MeasurementSummary& s) {
  json::array evidence;
  for (const auto& e : s.evidence)
    evidence.emplace_back(e);
  json::array fingerprints;
  for (const auto& f : s.fingerprints)
    fingerprints.emplace_back(f);
  json::value blocking = s.blocking == "null"    ? json::value(nullptr)
                         : s.blocking == "false" ? json::value(false)
                                                 : json::value(s.blocking);
  return json::object{
      {"id", s.id},
      {"run", s.run_id},
      {"input", s.input},
      {"domain", s.domain},
      {"category", s.category},
      {"measurement_start_time", s.measurement_start_time},
      {"blocking", blocking},
      {"accessible", s.accessible ? json::value(*s.accessible) : json::value(nullptr)},
      {"method", s.method},
      {"confidence", s.confidence},
      {"failed_step", s.failed_step},
      {"failure", s.failure},
      {"fingerprints", std::move(fingerprints)},
      {"certificate_issuer", s.certificate_issuer},
      {"evidence", std::move(evidence)}};
}

int run_results(const ResultsOptions& o) {
  auto db_path = runner::results_db_path(o.db);
  if (!db_path) {
    std::cerr << "ashyq results: " << db_path.error().message() << "\n";
    return kEnvironment;
  }
  const std::string& path = *db_path;
  auto opened = store::ResultsStore::open(path);
  if (!opened) {
    std::cerr << "ashyq results: " << opened.error().message() << "\n";
    return kUsage;
  }
  auto& db = *opened;
  if (o.runs) {
    for (const auto& r : db->runs()) {
      if (o.json) {
        std::cout << core::to_json_text(json::object{{"id", r.id},
                                                     {"started_at", r.started_at},
                                                     {"finished_at", r.finished_at},
                                                     {"source", r.source},
                                                     {"status", r.status},
                                                     {"planned", r.planned},
                                                     {"measured", r.measured}})
                  << "\n";
      } else {
        std::cout << std::setw(4) << r.id << "  " << r.started_at << "  " << std::setw(11)
                  << std::left << r.status << std::right << "  " << r.measured << "/" << r.planned
                  << "  " << r.source << "\n";
      }
    }
    return kMeasured;
  }
  store::MeasurementFilter filter;
  if (o.run > 0)
    filter.run_id = o.run;
  filter.method = o.method;
  filter.blocking = o.blocking;
  filter.category = o.category;
  filter.domain = o.domain;
  filter.blocked_only = o.blocked;
  filter.limit = o.limit;
  for (const auto& s : db->measurements(filter)) {
    if (o.json) {
      std::cout << core::to_json_text(to_json(s)) << "\n";
    } else {
      std::cout << std::setw(4) << s.run_id << "  " << std::left << std::setw(13) << s.method
                << std::setw(7) << (s.category.empty() ? "-" : s.category) << std::setw(36)
                << s.domain << std::setw(14) << (s.failed_step.empty() ? "-" : s.failed_step)
                << (s.failure.empty() ? "" : s.failure) << std::right << "\n";
    }
  }
  return kMeasured;
}

}  // namespace

Command add_results_command(CLI::App& app) {
  auto o = std::make_shared<ResultsOptions>();
  auto* sub = app.add_subcommand("results", "List stored runs and measurements");
  sub->add_option("--db", o->db, "results database (default: $ASHYQ_HOME/results.sqlite)");
  sub->add_flag("--runs", o->runs, "list runs instead of measurements");
  sub->add_flag("--json", o->json, "one JSON object per line");
  sub->add_option("--run", o->run, "only this run");
  sub->add_option("--method", o->method,
                  "only this ashyq method (none, dns, tcp_ip, tls, http-failure, http-diff, "
                  "blockpage, interception, down, unknown)");
  sub->add_option("--blocking", o->blocking, "only this OONI blocking value (false, dns, …)");
  sub->add_option("--category", o->category, "only this category code (NEWS, HUMR, …)");
  sub->add_option("--domain", o->domain, "only domains containing this text");
  sub->add_flag("--blocked", o->blocked, "only measurements showing interference");
  sub->add_option("--limit", o->limit, "at most this many");
  return {sub, [o] { return run_results(*o); }};
}

}  // namespace ashyq::cli
