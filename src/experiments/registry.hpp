// The experiments `ashyq run -t NAME` knows, and one entry point that runs any of them on one
// input. Each experiment keeps its own config type; ExperimentSettings holds what the command
// line gives (the network, the helpers, the analysis data) and each experiment takes its part.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "analysis/interception_roots.hpp"
#include "experiments/measurement.hpp"
#include "experiments/web_connectivity.hpp"
#include "net/endpoint.hpp"

namespace ashyq::experiments {

struct ExperimentSpec {
  std::string_view name;     // "web_connectivity"
  std::string_view summary;  // one line for --help and errors
  bool needs_helper;         // cannot run without a test helper (--helper)
  bool needs_interception_roots;
};

const std::vector<ExperimentSpec>& experiment_specs();
const ExperimentSpec* find_experiment(std::string_view name);
// "web_connectivity, tls_interception, sni_blocking".
std::string experiment_names();

struct ExperimentSettings {
  // The network, the helpers and the analysis data every experiment shares; web_connectivity
  // uses it as is.
  WebConnectivityConfig common;
  std::shared_ptr<analysis::InterceptionRoots> interception_roots;  // tls_interception
  std::optional<net::Endpoint> sni_server;                          // sni_blocking
  std::string control_sni = "example.com";                          // sni_blocking
};

// One measurement of `input` by the experiment `name` (which must be one of experiment_specs()),
// or why the input cannot be measured.
boost::asio::awaitable<std::variant<boost::json::object, std::string>> measure_experiment(
    std::string_view name, std::string input, const ExperimentSettings& settings,
    EnvelopeInfo info);

}  // namespace ashyq::experiments
