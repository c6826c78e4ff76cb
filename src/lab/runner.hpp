// `ashyq lab test`: for each scenario, bring the lab up, run the probe in the client namespace
// (and the control in the helper namespace) for every [[url]], compare what was measured with the
// scenario's expectations, tear the lab down.
//
// The probe is a command template, so any tool can be tested. Placeholders: {ashyq} (this
// binary), {url}, {resolver} (the vantage's resolver address), {ca} (the lab root, PEM),
// {plan} (the address plan file, `--bogons` syntax), {helper} (the lab's test helper URL),
// {fingerprints} (ashyq's blockpage fingerprint CSV). The probe must print one OONI measurement
// (JSON) as its last stdout line: web_connectivity (checked on blocking, accessible and the ashyq
// method, and on failures derived from its steps) or urlgetter (`ashyq get`).
#pragma once

#include <boost/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "lab/scenario.hpp"

namespace ashyq::lab {

// The default probe: `ashyq run` (web_connectivity) against the lab's helper, with short step
// deadlines (scenarios lengthen or shorten them with probe_args).
std::vector<std::string> default_probe_template();

// Where ashyq's own fingerprint file is: $ASHYQ_DATA_DIR, else the source tree's data/.
std::string default_fingerprints_file();

struct RunnerOptions {
  std::string ashyq_binary;                 // MANDATORY
  std::vector<std::string> probe_template;  // default_probe_template() if empty
  std::string fingerprints_file;            // default_fingerprints_file() if empty
  bool keep_run_dir = false;
  bool verbose = false;
};

struct UrlOutcome {
  std::string url;
  std::vector<std::string> problems;  // empty: passed
  std::string observed;               // one-line summary of what the probe saw
};

struct ScenarioOutcome {
  std::string name;
  std::string error;  // the lab could not run the scenario
  std::vector<UrlOutcome> urls;
  bool passed() const;
};

// The template with a scenario's probe_args applied: "--flag value" replaces the template's
// value for --flag when it has one; anything else is appended.
std::vector<std::string> merge_probe_args(std::vector<std::string> templ,
                                          const std::vector<std::string>& extra);

struct ProbePlaceholders {
  std::string ashyq, url, resolver, ca, plan, helper, fingerprints;
  std::string scenario_dir;  // the directory of the scenario file (for data files beside it)
};

// The probe command for one [[url]]: the scenario's and the URL's own probe_args merged into
// the template; without a URL (experiments that take no input) `--input {url}` is dropped.
std::vector<std::string> probe_for_check(std::vector<std::string> templ,
                                         const std::vector<std::string>& scenario_args,
                                         const UrlCheck& check);

// A volunteer's command ([volunteer] scenarios): the template without the flags a volunteer
// does not give (--helper, --probe-cc, --stun-server and their values).
std::vector<std::string> volunteer_probe(std::vector<std::string> templ);

// The data directory a [volunteer] scenario's probe reads (ASHYQ_DATA_DIR), made in `dir`: the
// shipped data/ (each entry linked) with test-helpers.txt naming the lab's helper,
// stun-servers.txt the lab's STUN server and ip-location-db the scenario's `location_db`.
std::filesystem::path volunteer_data_dir(const Scenario& scenario,
                                         const std::filesystem::path& dir);

// Fills the template's placeholders.
std::vector<std::string> expand_probe(const std::vector<std::string>& templ,
                                      const ProbePlaceholders& values);

// The failing step of a measurement (analysis::failed_step, the same answer the results store
// and the reports give), with "none" for both when nothing failed, as scenarios write it.
struct FailingStep {
  std::string failure = "none";
  std::string operation = "none";
};
FailingStep failing_step(const boost::json::object& measurement);

// Pure: what is wrong with `measurement` (and `control`, may be null) for this URL's checks.
std::vector<std::string> check_measurement(const UrlCheck& check,
                                           const boost::json::object& measurement,
                                           const boost::json::object* control);
// One line: the failing step, timings, and the web_connectivity verdict when there is one.
std::string summarize(const boost::json::object& measurement);
// The x_ashyq_verdict evidence lines (empty when there are none).
std::vector<std::string> verdict_evidence(const boost::json::object& measurement);

// Runs one scenario; writes progress lines to `out`. Throws Interrupted on Ctrl-C (after
// tearing the lab down).
ScenarioOutcome run_scenario(const Scenario& scenario, const RunnerOptions& options,
                             std::ostream& out);

}  // namespace ashyq::lab
