#include "experiments/registry.hpp"

#include "experiments/dnscheck.hpp"
#include "experiments/facebook_messenger.hpp"
#include "experiments/signal.hpp"
#include "experiments/sni_blocking.hpp"
#include "experiments/telegram.hpp"
#include "experiments/throttling.hpp"
#include "experiments/tls_interception.hpp"
#include "experiments/tor.hpp"
#include "experiments/web_connectivity.hpp"
#include "experiments/whatsapp.hpp"

namespace ashyq::experiments {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

asio::awaitable<MeasureResult> web_connectivity_entry(std::string input,
                                                      const ExperimentSettings& settings,
                                                      EnvelopeInfo info) {
  co_return co_await measure_web_connectivity(std::move(input), settings.common, std::move(info));
}

core::Result<void> web_connectivity_merge(json::object& held, json::object again,
                                          const ExperimentSettings& settings) {
  return add_attempt(held, std::move(again), settings.common);
}

asio::awaitable<MeasureResult> tls_interception_entry(std::string input,
                                                      const ExperimentSettings& settings,
                                                      EnvelopeInfo info) {
  TlsInterceptionConfig config;
  static_cast<ProbeBasics&>(config) = settings.common;
  config.roots = settings.interception_roots;
  config.control = settings.common.control;
  co_return co_await measure_tls_interception(std::move(input), config, std::move(info));
}

asio::awaitable<MeasureResult> sni_blocking_entry(std::string input,
                                                  const ExperimentSettings& settings,
                                                  EnvelopeInfo info) {
  SniBlockingConfig config;
  static_cast<ProbeBasics&>(config) = settings.common;
  config.server = settings.sni_server;
  config.control_sni = settings.control_sni;
  co_return co_await measure_sni_blocking(std::move(input), config, std::move(info));
}

}  // namespace

const std::vector<ExperimentSpec>& experiment_specs() {
  static const std::vector<ExperimentSpec> specs = {
      {.name = "web_connectivity",
       .summary = "is this URL blocked, and how (OONI's web_connectivity)",
       .needs_helper = true,
       .needs_interception_roots = false,
       .takes_input = true,
       .options = {},
       .measure = &web_connectivity_entry,
       .merge_attempt = &web_connectivity_merge},
      {.name = "tls_interception",
       .summary = "does a middlebox answer this site's TLS with its own certificate",
       .needs_helper = false,
       .needs_interception_roots = true,
       .takes_input = true,
       .options = {},
       .measure = &tls_interception_entry},
      {.name = "sni_blocking",
       .summary = "is the TLS handshake filtered on the SNI (OONI's sni_blocking)",
       .needs_helper = false,
       .needs_interception_roots = false,
       .takes_input = true,
       .options = {},
       .measure = &sni_blocking_entry},
      {.name = "throttling",
       .summary = "is this URL's domain slowed down compared with a control on the same path",
       .needs_helper = false,
       .needs_interception_roots = false,
       .takes_input = true,
       .options = {{"control",
                    "MANDATORY: the control URL, e.g. a site on the same server address or CDN"},
                   {"bytes", "body bytes to download at most per download (default 262144)"},
                   {"rounds", "target and control downloads, alternating (default 3)"},
                   {"max_seconds",
                    "deadline of one download; what arrived by then still gives a rate (10)"}},
       .measure = &measure_throttling_entry},
      {.name = "tor",
       .summary = "can Tor's directory authorities and default bridges be reached (OONI's tor)",
       .needs_helper = false,
       .needs_interception_roots = false,
       .takes_input = false,
       .options = {{"targets",
                    "a targets CSV (name,address,protocol,source) instead of data/tor/targets.csv"},
                   {"or_handshake",
                    "true (default) or false: send Tor's VERSIONS cell after the TLS handshake"}},
       .measure = &measure_tor_entry},
      {.name = "telegram",
       .summary = "can Telegram's data centres and web client be reached (OONI's telegram)",
       .needs_helper = false,
       .needs_interception_roots = false,
       .takes_input = false,
       .options = {{"endpoints", "an endpoint list instead of data/messaging/telegram.csv"}},
       .measure = &measure_telegram_entry},
      {.name = "whatsapp",
       .summary = "can WhatsApp's endpoints, registration and web be reached (OONI's whatsapp)",
       .needs_helper = false,
       .needs_interception_roots = false,
       .takes_input = false,
       .options = {{"endpoints", "an endpoint list instead of data/messaging/whatsapp.csv"}},
       .measure = &measure_whatsapp_entry},
      {.name = "signal",
       .summary = "can Signal's backend services be reached (OONI's signal)",
       .needs_helper = false,
       .needs_interception_roots = false,
       .takes_input = false,
       .options = {{"endpoints", "an endpoint list instead of data/messaging/signal.csv"},
                   {"ca_file", "the pinned CA (PEM) instead of data/messaging/signal-ca.pem"}},
       .measure = &measure_signal_entry},
      {.name = "facebook_messenger",
       .summary = "do Messenger's hosts resolve to Facebook and accept connections (OONI's "
                  "facebook_messenger)",
       .needs_helper = false,
       .needs_interception_roots = false,
       .takes_input = false,
       .options = {{"endpoints",
                    "an endpoint list instead of data/messaging/facebook_messenger.csv"}},
       .measure = &measure_facebook_messenger_entry},
      {.name = "dnscheck",
       .summary =
           "is DNS for this domain tampered with: system, ISP and foreign UDP resolvers vs DoH/DoT",
       .needs_helper = false,
       .needs_interception_roots = false,
       .takes_input = true,
       .options = {{"isp_resolver",
                    "IP[:PORT] of the ISP's resolver (default: resolv.conf's first)"},
                   {"foreign_resolver", "IP[:PORT] of a foreign UDP resolver (default 8.8.8.8:53)"},
                   {"doh", "DoH URL (default https://dns.google/dns-query)"},
                   {"doh_address",
                    "IP:PORT to reach the DoH server at (default 8.8.8.8:443 for dns.google)"},
                   {"dot", "HOST_OR_IP[:PORT] of a DoT server (default 1.1.1.1:853)"},
                   {"dot_sni", "the name to verify the DoT server as (default one.one.one.one)"},
                   {"nonresolver", "IP[:PORT] of a host that is no resolver (default 192.0.2.1)"},
                   {"tls_check",
                    "true|false: TLS-check addresses only plaintext resolvers gave (true)"}},
       .measure = &measure_dnscheck_entry},
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

core::Result<void> check_options(const ExperimentSpec& spec, const ExperimentOptions& options) {
  for (const auto& [key, value] : options.values) {
    bool known = false;
    for (const auto& o : spec.options)
      known = known || o.key == key;
    if (known)
      continue;
    std::string names;
    for (const auto& o : spec.options)
      names += (names.empty() ? "" : ", ") + std::string(o.key);
    return core::Error{"-O " + key,
                       std::string(spec.name) + " has " +
                           (names.empty() ? std::string("no options") : "the options " + names)};
  }
  return {};
}

asio::awaitable<MeasureResult> measure_experiment(std::string_view name, std::string input,
                                                  const ExperimentSettings& settings,
                                                  EnvelopeInfo info) {
  const auto* spec = find_experiment(name);
  if (!spec)
    co_return core::Error{"", "unknown experiment " + std::string(name)};
  co_return co_await spec->measure(std::move(input), settings, std::move(info));
}

}  // namespace ashyq::experiments
