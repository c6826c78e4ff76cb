// What `ashyq run` gives every experiment: the shared network configuration (web_connectivity
// uses it as is), the analysis data some experiments need, the data directory, and the
// experiment's own options (`-O KEY=VALUE`, as OONI's miniooni takes them).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "analysis/interception_roots.hpp"
#include "experiments/web_connectivity.hpp"
#include "net/endpoint.hpp"

namespace ashyq::experiments {

// `-O KEY=VALUE` options, checked against the experiment's declared keys before the run.
struct ExperimentOptions {
  std::map<std::string, std::string, std::less<>> values;

  // Adds "KEY=VALUE"; false (nothing added) when it has no '=' or an empty key.
  bool add(std::string_view key_value) {
    const auto eq = key_value.find('=');
    if (eq == std::string_view::npos || eq == 0)
      return false;
    values[std::string(key_value.substr(0, eq))] = std::string(key_value.substr(eq + 1));
    return true;
  }

  std::optional<std::string> get(std::string_view key) const {
    auto it = values.find(key);
    return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
  }
};

struct ExperimentSettings {
  WebConnectivityConfig common;  // network, helpers, deadlines, probe identity
  std::shared_ptr<analysis::InterceptionRoots> interception_roots;  // tls_interception
  std::optional<net::Endpoint> sni_server;                          // sni_blocking
  std::string control_sni = "example.com";                          // sni_blocking
  ExperimentOptions options;                                        // -O KEY=VALUE
  // Where the shipped data files are (endpoint lists, suites): $ASHYQ_DATA_DIR, else the
  // source tree's data/. An option naming a file overrides the shipped one.
  std::string data_dir;

  // data_dir + "/" + relative.
  std::string data_path(std::string_view relative) const {
    return data_dir + "/" + std::string(relative);
  }
};

}  // namespace ashyq::experiments
