#include "experiments/telegram.hpp"

#include "core/json.hpp"

namespace ashyq::experiments {

namespace json = boost::json;
using analysis::Method;
using core::Operation;

namespace {

const AppExperiment kTelegram{
    "telegram", kTelegramVersion, "messaging/telegram.csv", {"dc", "web"}, &analyze_telegram};

}  // namespace

AppAnalysis analyze_telegram(const std::vector<TargetOutcome>& outcomes) {
  const auto dcs = outcomes_with_role(outcomes, "dc");
  const auto web = outcomes_with_role(outcomes, "web");
  // OONI: any DC request that got a response clears both; any that got past the connect
  // clears TCP blocking.
  bool tcp_blocking = !dcs.empty();
  bool http_blocking = !dcs.empty();
  std::size_t dc_failed = 0;
  for (const auto* o : dcs) {
    if (o->ok()) {
      tcp_blocking = http_blocking = false;
      continue;
    }
    ++dc_failed;
    if (o->failed_operation != Operation::connect)
      tcp_blocking = false;
  }
  const TargetOutcome* web_failed = first_failure(web);

  AppAnalysis out;
  out.keys["telegram_tcp_blocking"] = tcp_blocking;
  out.keys["telegram_http_blocking"] = http_blocking;
  out.keys["telegram_web_status"] = web_failed ? "blocked" : "ok";
  out.keys["telegram_web_failure"] =
      web_failed ? core::failure_json(web_failed->failure) : json::value(nullptr);

  const bool working = network_seen_working(outcomes);
  const std::string n_dc = std::to_string(dcs.size());
  std::vector<AppFinding> findings;
  if (tcp_blocking) {
    findings.push_back({Method::tcp_ip, working ? 0.85 : 0.5,
                        "no Telegram data centre accepted a TCP connection (" + n_dc + " of " +
                            n_dc + " DC endpoints on ports 80 and 443 failed at connect)"});
  } else if (http_blocking) {
    findings.push_back({Method::http_failure, 0.7,
                        "TCP connections to the Telegram data centres worked but none of the " +
                            n_dc + " HTTP requests got a response"});
  }
  if (web_failed)
    findings.push_back(failure_finding("Telegram's web client", *web_failed, working ? 0.8 : 0.5));
  add_outage_caveat(findings, working);
  auto details = describe_all(outcomes);
  if (!tcp_blocking && !http_blocking && dc_failed > 0) {
    details.insert(details.begin(),
                   std::to_string(dc_failed) + " of " + n_dc +
                       " DC endpoints failed while others answered: not blocking by OONI's "
                       "rule (one answering DC is enough for the app)");
  }
  out.verdict = verdict_from(
      findings, details,
      outcomes.empty()
          ? AppFinding{Method::unknown, 0.2, "no endpoint was measured"}
          : AppFinding{Method::none, 0.9,
                       "the Telegram data centres answered and the web client loaded"});
  return out;
}

boost::asio::awaitable<core::Result<json::object>> measure_telegram_entry(
    std::string /*input*/, const ExperimentSettings& settings, EnvelopeInfo info) {
  co_return co_await measure_app(kTelegram, settings, std::move(info));
}

}  // namespace ashyq::experiments
