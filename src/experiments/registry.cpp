#include "experiments/registry.hpp"

#include "experiments/sni_blocking.hpp"
#include "experiments/tls_interception.hpp"

namespace ashyq::experiments {

namespace asio = boost::asio;
namespace json = boost::json;

const std::vector<ExperimentSpec>& experiment_specs() {
  static const std::vector<ExperimentSpec> specs = {
      {"web_connectivity", "is this URL blocked, and how (OONI's web_connectivity)", true, false},
      {"tls_interception", "does a middlebox answer this site's TLS with its own certificate",
       false, true},
      {"sni_blocking", "is the TLS handshake filtered on the SNI (OONI's sni_blocking)", false,
       false},
  };
  return specs;
}

const ExperimentSpec* find_experiment(std::string_view name) {
  for (const auto& spec : experiment_specs()) {
    if (spec.name == name)
      return &spec;
  }
  return nullptr;
}

std::string experiment_names() {
  std::string out;
  for (const auto& spec : experiment_specs())
    out += (out.empty() ? "" : ", ") + std::string(spec.name);
  return out;
}

asio::awaitable<std::variant<json::object, std::string>> measure_experiment(
    std::string_view name, std::string input, const ExperimentSettings& settings,
    EnvelopeInfo info) {
  const auto& c = settings.common;
  if (name == "tls_interception") {
    TlsInterceptionConfig config;
    static_cast<ProbeBasics&>(config) = c;
    config.roots = settings.interception_roots;
    config.control = c.control;
    co_return co_await measure_tls_interception(std::move(input), config, std::move(info));
  }
  if (name == "sni_blocking") {
    SniBlockingConfig config;
    static_cast<ProbeBasics&>(config) = c;
    config.server = settings.sni_server;
    config.control_sni = settings.control_sni;
    co_return co_await measure_sni_blocking(std::move(input), config, std::move(info));
  }
  co_return co_await measure_web_connectivity(std::move(input), c, std::move(info));
}

}  // namespace ashyq::experiments
