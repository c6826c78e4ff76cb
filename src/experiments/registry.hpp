// The experiments `ashyq run -t NAME` knows, and one entry point that runs any of them on one
// input. Each experiment keeps its own config type and builds it from ExperimentSettings (the
// command line) in its `measure` function; adding an experiment is one row in registry.cpp.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "experiments/experiment_settings.hpp"
#include "experiments/measurement.hpp"

namespace ashyq::experiments {

// One measurement, or why the input cannot be measured.
using MeasureResult = core::Result<boost::json::object>;
using MeasureFunction = boost::asio::awaitable<MeasureResult> (*)(
    std::string input, const ExperimentSettings& settings, EnvelopeInfo info);

// Merges a later measurement of the same input into a held one, for confirmation before
// accusation (analysis/attempts.hpp); the error says why they cannot be merged.
using MergeAttemptFunction = core::Result<void> (*)(boost::json::object& held,
                                                    boost::json::object again,
                                                    const ExperimentSettings& settings);

struct OptionSpec {
  std::string_view key;   // "endpoints"
  std::string_view help;  // one line: what the value is
};

struct ExperimentSpec {
  std::string_view name;     // "web_connectivity"
  std::string_view summary;  // one line for --help and errors
  bool needs_helper;         // cannot run without a test helper (--helper)
  bool needs_interception_roots;
  bool takes_input;  // false: one measurement per run, input null (telegram, tor, …)
  std::vector<OptionSpec> options;  // the -O keys it understands
  MeasureFunction measure;
  // Null: the experiment's verdicts are never confirmed by measuring again.
  MergeAttemptFunction merge_attempt = nullptr;
};

const std::vector<ExperimentSpec>& experiment_specs();
const ExperimentSpec* find_experiment(std::string_view name);
// "web_connectivity, tls_interception, sni_blocking".
std::string experiment_names();

// An error naming the first -O key the experiment does not know, and the keys it does.
core::Result<void> check_options(const ExperimentSpec& spec, const ExperimentOptions& options);

// One measurement of `input` by the experiment `name` (which must be one of experiment_specs()).
boost::asio::awaitable<MeasureResult> measure_experiment(std::string_view name, std::string input,
                                                         const ExperimentSettings& settings,
                                                         EnvelopeInfo info);

}  // namespace ashyq::experiments
