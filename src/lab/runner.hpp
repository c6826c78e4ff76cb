// `ashyq lab test`: for each scenario, bring the lab up, run the probe in the client namespace
// (and the control in the helper namespace) for every [[url]], compare what was measured with the
// scenario's expectations, tear the lab down.
//
// The probe is a command template, so any tool can be tested. Placeholders: {ashyq} (this
// binary), {url}, {resolver} (the vantage's resolver address), {ca} (the lab root, PEM),
// {plan} (the address plan file). The probe must print one OONI measurement (JSON) as its last
// stdout line.
#pragma once

#include <boost/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "lab/scenario.hpp"

namespace ashyq::lab {

// The default probe: `ashyq get` with short step deadlines.
std::vector<std::string> default_probe_template();

struct RunnerOptions {
  std::string ashyq_binary;                 // MANDATORY
  std::vector<std::string> probe_template;  // default_probe_template() if empty
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

// Fills the template's placeholders.
std::vector<std::string> expand_probe(const std::vector<std::string>& templ,
                                      const std::string& ashyq, const std::string& url,
                                      const std::string& resolver, const std::string& ca,
                                      const std::string& plan);

// Pure: what is wrong with `measurement` (and `control`, may be null) for this URL's checks.
std::vector<std::string> check_measurement(const UrlCheck& check,
                                           const boost::json::object& measurement,
                                           const boost::json::object* control);
std::string summarize(const boost::json::object& measurement);

// Runs one scenario; writes progress lines to `out`. Throws Interrupted on Ctrl-C (after
// tearing the lab down).
ScenarioOutcome run_scenario(const Scenario& scenario, const RunnerOptions& options,
                             std::ostream& out);

}  // namespace ashyq::lab
