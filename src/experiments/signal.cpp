#include "experiments/signal.hpp"

#include "core/json.hpp"

namespace ashyq::experiments {

namespace json = boost::json;
using analysis::Method;

namespace {

const AppExperiment kSignal{
    "signal", kSignalVersion, "messaging/signal.csv", {"backend", "uptime"}, &analyze_signal};

// The system roots plus the pinned CA file (as OONI: Mozilla's roots and Signal's CA).
core::Result<std::shared_ptr<net::TrustStore>> signal_trust(const std::string& path) {
  auto store = net::TrustStore::system();
  boost::system::error_code ec;
  store->context().load_verify_file(path, ec);
  if (ec)
    return core::Error{"-O ca_file=" + path, "cannot load: " + ec.message()};
  return store;
}

}  // namespace

AppAnalysis analyze_signal(const std::vector<TargetOutcome>& outcomes) {
  const auto backends = outcomes_with_role(outcomes, "backend");
  const auto* failed = first_failure(backends);
  std::size_t n_failed = 0;
  for (const auto* o : backends)
    n_failed += o->ok() ? 0 : 1;

  AppAnalysis out;
  out.keys["signal_backend_status"] = failed ? "blocked" : "ok";
  out.keys["signal_backend_failure"] =
      failed ? core::failure_json(failed->failure) : json::value(nullptr);

  const bool working = network_seen_working(outcomes);
  std::vector<AppFinding> findings;
  if (failed) {
    // Every backend failing is the app cut off; one failing host among working ones may be
    // that host down (OONI calls both "blocked").
    const bool all = n_failed == backends.size();
    const auto* worst = furthest_failure(backends);
    auto finding = failure_finding("the Signal backend", *worst, all ? 0.85 : 0.6);
    finding.headline = std::to_string(n_failed) + " of " + std::to_string(backends.size()) +
                       " Signal backends failed; " + finding.headline;
    if (!working)
      finding.confidence = 0.5;
    findings.push_back(std::move(finding));
  }
  add_outage_caveat(findings, working);
  out.verdict = verdict_from(
      findings, describe_all(outcomes),
      backends.empty()
          ? AppFinding{Method::unknown, 0.2, "no backend was measured"}
          : AppFinding{Method::none, 0.9,
                       "every Signal backend completed an HTTPS exchange with a trusted "
                       "certificate"});
  return out;
}

boost::asio::awaitable<core::Result<json::object>> measure_signal_entry(
    std::string /*input*/, const ExperimentSettings& settings, EnvelopeInfo info) {
  auto list = app_endpoint_list(kSignal, settings);
  if (!list)
    co_return list.error();
  auto trust = signal_trust(
      settings.options.get("ca_file").value_or(settings.data_path("messaging/signal-ca.pem")));
  if (!trust)
    co_return trust.error();
  auto config = reachability_config(settings);
  config.trust = trust.value();
  co_return co_await measure_app(kSignal, list.value(), config, std::move(info));
}

}  // namespace ashyq::experiments
