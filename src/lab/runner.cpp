// The scenario runner and the expectation checks.
#include "lab/runner.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <set>
#include <sstream>

#include "analysis/failed_step.hpp"
#include "core/base64.hpp"
#include "core/data_dir.hpp"
#include "core/json_path.hpp"
#include "core/result.hpp"
#include "lab/address_plan.hpp"
#include "lab/lab.hpp"
#include "lab/process.hpp"

namespace ashyq::lab {

namespace json = boost::json;

namespace {

std::string as_text(const json::value* v) {
  if (!v || v->is_null())
    return "none";
  if (v->is_string())
    return std::string(v->as_string());
  return json::serialize(*v);
}

const json::object* test_keys(const json::object& m) {
  return core::object_at(m, "test_keys");
}

std::string body_text(const json::value& body) {
  if (body.is_string())
    return std::string(body.as_string());
  if (body.is_object()) {
    auto* data = body.as_object().if_contains("data");
    if (data && data->is_string()) {
      return core::base64_decode(data->as_string()).value_or("");
    }
  }
  return "";
}

std::string range_text(std::pair<double, double> r) {
  std::ostringstream s;
  s << "[" << r.first << ", " << r.second << "]";
  return s.str();
}

std::optional<json::object> parse_last_line(const std::string& out) {
  auto end = out.find_last_not_of("\n ");
  if (end == std::string::npos)
    return std::nullopt;
  auto start = out.rfind('\n', end);
  auto line = out.substr(start == std::string::npos ? 0 : start + 1, end + 1);
  boost::system::error_code ec;
  auto v = json::parse(line, ec);
  if (ec || !v.is_object())
    return std::nullopt;
  return v.as_object();
}

}  // namespace

bool ScenarioOutcome::passed() const {
  if (!error.empty())
    return false;
  for (auto& u : urls) {
    if (!u.problems.empty())
      return false;
  }
  return true;
}

std::vector<std::string> default_probe_template() {
  return {"{ashyq}", "run", "--accept-risks", "--no-db", "--quiet", "--input", "{url}", "--helper",
          "{helper}", "--resolver", "system", "--ca-file", "{ca}", "--bogons", "{plan}",
          "--fingerprints", "{fingerprints}", "--probe-cc", "KZ", "--stun-server",
          addr::stun_endpoint(), "--dns-timeout", "3", "--connect-timeout", "3", "--tls-timeout",
          "3", "--http-timeout", "5", "--control-timeout", "10",
          // One more attempt is enough to show confirmation at work (a passing fault is not
          // reproducible, a blackhole repeats) and costs the lab tier half of the default two.
          "--confirmations", "1"};
}

std::string default_fingerprints_file() {
  return core::data_path("fingerprints/ashyq.csv");
}

std::vector<std::string> merge_probe_args(std::vector<std::string> templ,
                                          const std::vector<std::string>& extra) {
  for (std::size_t i = 0; i < extra.size(); ++i) {
    bool has_value =
        extra[i].rfind("--", 0) == 0 && i + 1 < extra.size() && extra[i + 1].rfind("--", 0) != 0;
    auto it = std::find(templ.begin(), templ.end(), extra[i]);
    if (has_value && it != templ.end() && it + 1 != templ.end()) {
      *(it + 1) = extra[++i];  // override the template's value
    } else {
      templ.push_back(extra[i]);
      if (has_value)
        templ.push_back(extra[++i]);
    }
  }
  return templ;
}

std::vector<std::string> volunteer_probe(std::vector<std::string> templ) {
  for (const char* flag : {"--helper", "--probe-cc", "--stun-server"}) {
    for (auto it = std::find(templ.begin(), templ.end(), flag); it != templ.end();
         it = std::find(templ.begin(), templ.end(), flag))
      it = templ.erase(it, it + 1 == templ.end() ? it + 1 : it + 2);
  }
  return templ;
}

std::filesystem::path volunteer_data_dir(const Scenario& scenario,
                                         const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  const fs::path data = dir / "volunteer-data";
  fs::remove_all(data);
  fs::create_directories(data);
  const std::set<std::string> replaced{"test-helpers.txt", "stun-servers.txt", "ip-location-db"};
  for (const auto& entry : fs::directory_iterator(core::data_dir())) {
    if (!replaced.contains(entry.path().filename().string()))
      fs::create_directory_symlink(fs::absolute(entry.path()), data / entry.path().filename());
  }
  std::ofstream(data / "test-helpers.txt") << "# the lab's test helper\n"
                                           << addr::helper_url() << "\n";
  std::ofstream(data / "stun-servers.txt") << "# the lab's STUN server\n"
                                           << addr::stun_endpoint() << "\n";
  if (!scenario.volunteer_location_db.empty()) {
    fs::create_directory_symlink(
        fs::absolute(scenario.file).parent_path() / scenario.volunteer_location_db,
        data / "ip-location-db");
  }
  return data;
}

std::vector<std::string> expand_probe(const std::vector<std::string>& templ,
                                      const ProbePlaceholders& values) {
  const std::pair<const char*, const std::string*> keys[] = {
      {"{ashyq}", &values.ashyq},
      {"{url}", &values.url},
      {"{resolver}", &values.resolver},
      {"{ca}", &values.ca},
      {"{plan}", &values.plan},
      {"{helper}", &values.helper},
      {"{fingerprints}", &values.fingerprints},
      {"{scenario_dir}", &values.scenario_dir}};
  std::vector<std::string> out;
  for (auto arg : templ) {
    for (auto [key_text, value] : keys) {
      const std::string key = key_text;
      for (auto pos = arg.find(key); pos != std::string::npos; pos = arg.find(key, pos)) {
        arg.replace(pos, key.size(), *value);
        pos += value->size();
      }
    }
    out.push_back(arg);
  }
  return out;
}

std::vector<std::string> probe_for_check(std::vector<std::string> templ,
                                         const std::vector<std::string>& scenario_args,
                                         const UrlCheck& check) {
  templ = merge_probe_args(merge_probe_args(std::move(templ), scenario_args), check.probe_args);
  if (check.url.empty()) {
    for (auto it = templ.begin(); it != templ.end(); ++it) {
      if ((*it == "--input" || *it == "-i") && it + 1 != templ.end() && *(it + 1) == "{url}") {
        templ.erase(it, it + 2);
        break;
      }
    }
  }
  return templ;
}

bool same_json(const json::value& a, const json::value& b) {
  if (a.is_number() && b.is_number())
    return a.to_number<double>() == b.to_number<double>();
  return a == b;
}

FailingStep failing_step(const json::object& m) {
  FailingStep step;
  const auto* tk = test_keys(m);
  if (!tk)
    return step;
  if (auto failed = analysis::failed_step(*tk)) {
    step.failure = std::move(failed->failure);
    step.operation = failed->step.empty() ? "none" : std::move(failed->step);
  }
  return step;
}

std::vector<std::string> verdict_evidence(const json::object& m) {
  std::vector<std::string> out;
  auto* tk = test_keys(m);
  auto* verdict = tk ? tk->if_contains("x_ashyq_verdict") : nullptr;
  auto* evidence =
      verdict && verdict->is_object() ? verdict->as_object().if_contains("evidence") : nullptr;
  if (evidence && evidence->is_array()) {
    for (auto& e : evidence->as_array())
      out.push_back(as_text(&e));
  }
  return out;
}

std::string summarize(const json::object& m) {
  auto* tk = test_keys(m);
  if (!tk)
    return "no test_keys";
  std::ostringstream s;
  auto step = failing_step(m);
  s << "failure=" << step.failure << " failed_operation=" << step.operation;
  if (auto* tc = tk->if_contains("tcp_connect"); tc && tc->is_array() && !tc->as_array().empty()) {
    auto& first = tc->as_array().front().as_object();
    if (first.contains("t") && first.contains("t0")) {
      s << " connect_ms=" << std::fixed << std::setprecision(1)
        << (first.at("t").to_number<double>() - first.at("t0").to_number<double>()) * 1000;
    }
  }
  if (auto* rt = m.if_contains("test_runtime"); rt && rt->is_number()) {
    s << " runtime_s=" << std::fixed << std::setprecision(2) << rt->to_number<double>();
  }
  if (auto* b = tk->if_contains("blocking"))
    s << " blocking=" << json::serialize(*b);
  if (auto* a = tk->if_contains("accessible"))
    s << " accessible=" << json::serialize(*a);
  if (auto* d = tk->if_contains("dns_consistency"))
    s << " dns_consistency=" << as_text(d);
  if (auto* v = tk->if_contains("x_ashyq_verdict"); v && v->is_object()) {
    s << " method=" << as_text(v->as_object().if_contains("method"));
  }
  if (auto* cf = tk->if_contains("control_failure"); cf && !cf->is_null())
    s << " control_failure=" << as_text(cf);
  return s.str();
}

std::vector<std::string> check_measurement(const UrlCheck& check, const json::object& m,
                                           const json::object* control) {
  std::vector<std::string> problems;
  auto* tk = test_keys(m);
  if (!tk)
    return {"the measurement has no test_keys"};
  auto expect_text = [&](const char* what, const std::optional<std::string>& want,
                         const json::value* got) {
    if (want && *want != as_text(got)) {
      problems.push_back(std::string(what) + ": expected " + *want + ", got " + as_text(got));
    }
  };
  const auto step = failing_step(m);
  const json::value failure(step.failure), operation(step.operation);
  expect_text("failure", check.failure, &failure);
  expect_text("failed_operation", check.failed_operation, &operation);
  if (check.body_contains) {
    bool found = false;
    if (auto* reqs = tk->if_contains("requests"); reqs && reqs->is_array()) {
      for (auto& r : reqs->as_array()) {
        auto* resp = r.is_object() ? r.as_object().if_contains("response") : nullptr;
        auto* body = resp && resp->is_object() ? resp->as_object().if_contains("body") : nullptr;
        if (body && body_text(*body).find(*check.body_contains) != std::string::npos)
          found = true;
      }
    }
    if (!found)
      problems.push_back("no response body contains '" + *check.body_contains + "'");
  }
  if (check.tcp_connect_ms) {
    auto* tc = tk->if_contains("tcp_connect");
    if (!tc || !tc->is_array() || tc->as_array().empty()) {
      problems.push_back("no tcp_connect entries to time");
    } else {
      for (auto& e : tc->as_array()) {
        auto& o = e.as_object();
        double ms = (o.at("t").to_number<double>() - o.at("t0").to_number<double>()) * 1000;
        if (ms < check.tcp_connect_ms->first || ms > check.tcp_connect_ms->second) {
          std::ostringstream s;
          s << "tcp_connect took " << std::fixed << std::setprecision(1) << ms << " ms, expected "
            << range_text(*check.tcp_connect_ms);
          problems.push_back(s.str());
        }
      }
    }
  }
  if (check.runtime_s) {
    auto* rt = m.if_contains("test_runtime");
    double v = rt && rt->is_number() ? rt->to_number<double>() : -1;
    if (v < check.runtime_s->first || v > check.runtime_s->second) {
      std::ostringstream s;
      s << "test_runtime " << v << " s, expected " << range_text(*check.runtime_s);
      problems.push_back(s.str());
    }
  }
  // web_connectivity keys: checked only when the probe produces them.
  auto expect_json = [&](const char* key, const Expected& want) {
    if (!want)
      return;
    auto* got = tk->if_contains(key);
    if (got && *got != *want) {
      problems.push_back(std::string(key) + ": expected " + json::serialize(*want) + ", got " +
                         json::serialize(*got));
    }
  };
  expect_json("blocking", check.blocking);
  expect_json("accessible", check.accessible);
  if (check.method) {
    auto* verdict = tk->if_contains("x_ashyq_verdict");
    auto* method =
        verdict && verdict->is_object() ? verdict->as_object().if_contains("method") : nullptr;
    if (method && as_text(method) != *check.method) {
      problems.push_back("x_ashyq_verdict.method: expected " + *check.method + ", got " +
                         as_text(method));
    }
  }
  if (check.evidence_contains) {
    bool found = false;
    for (auto& line : verdict_evidence(m))
      found = found || line.find(*check.evidence_contains) != std::string::npos;
    if (!found) {
      problems.push_back("x_ashyq_verdict.evidence: no line contains '" + *check.evidence_contains +
                         "'");
    }
  }
  for (const auto& [path, want] : check.test_keys) {
    auto* got = core::value_at(*tk, path);
    if (!got) {
      problems.push_back("test_keys." + path + ": expected " + json::serialize(want) +
                         ", but the key is absent");
    } else if (!same_json(*got, want)) {
      problems.push_back("test_keys." + path + ": expected " + json::serialize(want) + ", got " +
                         json::serialize(*got));
    }
  }
  for (const auto& [path, want] : check.measurement_keys) {
    auto* got = core::value_at(m, path);
    if (!got) {
      problems.push_back(path + ": expected " + json::serialize(want) + ", but the key is absent");
    } else if (!same_json(*got, want)) {
      problems.push_back(path + ": expected " + json::serialize(want) + ", got " +
                         json::serialize(*got));
    }
  }
  if (!check.absent.empty()) {
    const auto text = json::serialize(m);
    for (const auto& a : check.absent) {
      if (text.find(a) != std::string::npos)
        problems.push_back("the measurement contains '" + a + "'");
    }
  }
  if (check.control_failure) {
    auto* ctk = control ? test_keys(*control) : nullptr;
    if (!ctk) {
      problems.push_back("no control measurement");
    } else if (auto got = failing_step(*control).failure; *check.control_failure != got) {
      problems.push_back("control failure: expected " + *check.control_failure + ", got " + got);
    }
  }
  return problems;
}

ScenarioOutcome run_scenario(const Scenario& scenario, const RunnerOptions& options,
                             std::ostream& out) {
  ScenarioOutcome outcome;
  outcome.name = scenario.name;
  auto templ = options.probe_template.empty() ? default_probe_template() : options.probe_template;
  const std::string fingerprints =
      options.fingerprints_file.empty() ? default_fingerprints_file() : options.fingerprints_file;
  LabOptions lab_options;
  lab_options.ashyq_binary = options.ashyq_binary;
  lab_options.keep_run_dir = options.keep_run_dir;
  lab_options.verbose = options.verbose;
  Lab lab(scenario, lab_options);
  try {
    lab.up();
  } catch (const Interrupted&) {
    throw;
  } catch (const std::exception& e) {
    outcome.error = e.what();
    out << "  ERROR " << e.what() << "\n";
    return outcome;
  }
  std::filesystem::path volunteer_data;
  if (scenario.volunteer) {
    try {
      volunteer_data = volunteer_data_dir(scenario, lab.run_dir());
    } catch (const std::exception& e) {
      outcome.error = std::string("the volunteer's data directory: ") + e.what();
      out << "  ERROR " << outcome.error << "\n";
      lab.down();
      return outcome;
    }
  }
  auto run_probe = [&](const std::string& ns, const UrlCheck& check,
                       const std::string& resolver) -> core::Result<json::object> {
    std::vector<std::string> argv{"ip", "netns", "exec", ns};
    if (scenario.volunteer)
      argv.insert(argv.end(), {"env", "ASHYQ_DATA_DIR=" + volunteer_data.string()});
    ProbePlaceholders values{options.ashyq_binary,
                             check.url,
                             resolver,
                             lab.ca_file().string(),
                             lab.plan_file().string(),
                             addr::helper_url(),
                             fingerprints,
                             std::filesystem::absolute(scenario.file).parent_path().string()};
    auto probe = expand_probe(probe_for_check(scenario.volunteer ? volunteer_probe(templ) : templ,
                                              scenario.probe_args, check),
                              values);
    argv.insert(argv.end(), probe.begin(), probe.end());
    if (options.verbose)
      out << "    $ " << join_command(argv) << "\n";
    auto r = run_command(argv, 120s);
    auto m = parse_last_line(r.out);
    if (!m) {
      return core::Error{"", "the probe printed no measurement (exit " + std::to_string(r.status) +
                                 (r.timed_out ? ", timed out" : "") + "): " + r.err.substr(0, 500)};
    }
    return std::move(*m);
  };
  for (auto& check : scenario.urls) {
    UrlOutcome u;
    u.url = check.url;
    if (u.url.empty()) {  // an experiment without input: name it by its arguments
      for (const auto& a : check.probe_args.empty() ? scenario.probe_args : check.probe_args)
        u.url += (u.url.empty() ? "" : " ") + a;
      u.url = "(no input) " + u.url;
    }
    auto m = run_probe(lab.client_ns(check.isp), check, addr::kIspResolver);
    std::optional<core::Result<json::object>> control;
    if (check.control_failure)
      control = run_probe(lab.helper_ns(), check, addr::kPublicResolver);
    if (!m) {
      u.problems.push_back(m.error().message());
    } else {
      u.observed = summarize(*m);
      u.problems = check_measurement(check, *m, control && *control ? &control->value() : nullptr);
      if (control && !*control)
        u.problems.push_back(control->error().message());
    }
    out << "  " << (u.problems.empty() ? "PASS " : "FAIL ") << u.url
        << (check.isp.empty() ? "" : " [" + check.isp + "]") << "  (" << u.observed << ")\n";
    for (auto& p : u.problems)
      out << "       - " << p << "\n";
    if (m && (!u.problems.empty() || options.verbose)) {
      for (auto& e : verdict_evidence(*m))
        out << "         evidence: " << e << "\n";
    }
    outcome.urls.push_back(u);
  }
  if (!outcome.passed() || options.verbose) {
    auto log = lab.censor_log();
    std::istringstream lines(log);
    std::string line;
    while (std::getline(lines, line)) {
      if (line.rfind("censor: rule", 0) == 0)
        out << "       " << line << "\n";
    }
  }
  lab.down();
  return outcome;
}

}  // namespace ashyq::lab
