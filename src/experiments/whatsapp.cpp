#include "experiments/whatsapp.hpp"

#include <algorithm>

#include "core/json.hpp"

namespace ashyq::experiments {

namespace json = boost::json;
using analysis::Method;

namespace {

const AppExperiment kWhatsapp{"whatsapp",
                              kWhatsappVersion,
                              "messaging/whatsapp.csv",
                              {"endpoint", "registration", "web"},
                              &analyze_whatsapp};

}  // namespace

AppAnalysis analyze_whatsapp(const std::vector<TargetOutcome>& outcomes) {
  const auto endpoints = outcomes_with_role(outcomes, "endpoint");
  // Per host: blocked when every port failed.
  std::vector<std::string> hosts;
  for (const auto* o : endpoints) {
    if (std::find(hosts.begin(), hosts.end(), o->entry.host) == hosts.end())
      hosts.push_back(o->entry.host);
  }
  AppAnalysis out;
  json::array blocked;
  bool any_connected = false;
  for (const auto& host : hosts) {
    bool host_ok = false;
    for (const auto* o : endpoints)
      host_ok = host_ok || (o->entry.host == host && o->ok());
    any_connected = any_connected || host_ok;
    if (!host_ok)
      blocked.emplace_back(host);
  }
  // Registration and web: one URL each in OONI; blocked when any of the role's entries failed.
  const auto* registration = first_failure(outcomes_with_role(outcomes, "registration"));
  const auto* web = first_failure(outcomes_with_role(outcomes, "web"));
  auto status = [&](const TargetOutcome* failed, const char* status_key, const char* failure_key) {
    out.keys[status_key] = failed ? "blocked" : "ok";
    out.keys[failure_key] = failed ? core::failure_json(failed->failure) : json::value(nullptr);
  };

  out.keys["whatsapp_endpoints_status"] = any_connected ? "ok" : "blocked";
  out.keys["whatsapp_endpoints_blocked"] = blocked;
  out.keys["whatsapp_endpoints_dns_inconsistent"] = json::array{};
  status(registration, "registration_server_status", "registration_server_failure");
  status(web, "whatsapp_web_status", "whatsapp_web_failure");

  const bool working = network_seen_working(outcomes);
  std::vector<AppFinding> findings;
  if (!any_connected) {
    const auto* worst = furthest_failure(endpoints);
    findings.push_back(
        {worst ? analysis::method_of_failure(worst->failed_operation) : Method::unknown,
         working ? 0.85 : 0.5,
         "none of the " + std::to_string(hosts.size()) +
             " WhatsApp chat endpoints accepted a connection on any port (e.g. " +
             (worst ? worst->entry.target() + ": " + worst->failure->str() : std::string("?")) +
             ")"});
  }
  if (registration)
    findings.push_back(
        failure_finding("the registration server", *registration, working ? 0.75 : 0.5));
  if (web)
    findings.push_back(failure_finding("WhatsApp Web", *web, working ? 0.75 : 0.5));
  add_outage_caveat(findings, working);
  auto details = describe_all(outcomes);
  if (any_connected && !blocked.empty()) {
    details.insert(details.begin(),
                   std::to_string(blocked.size()) + " of " + std::to_string(hosts.size()) +
                       " chat endpoints failed on every port while others connected: the app "
                       "can still reach WhatsApp (OONI's status stays ok)");
  }
  out.verdict = verdict_from(
      findings, details,
      outcomes.empty() ? AppFinding{Method::unknown, 0.2, "no endpoint was measured"}
                       : AppFinding{Method::none, 0.9,
                                    "WhatsApp's chat endpoints, registration server and web client "
                                    "were all reachable"});
  return out;
}

boost::asio::awaitable<core::Result<json::object>> measure_whatsapp_entry(
    std::string /*input*/, const ExperimentSettings& settings, EnvelopeInfo info) {
  co_return co_await measure_app(kWhatsapp, settings, std::move(info));
}

}  // namespace ashyq::experiments
