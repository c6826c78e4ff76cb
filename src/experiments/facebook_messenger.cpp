#include "experiments/facebook_messenger.hpp"

namespace ashyq::experiments {

namespace json = boost::json;
using analysis::Method;
using core::Operation;

namespace {

const AppExperiment kFacebookMessenger{"facebook_messenger",
                                       kFacebookMessengerVersion,
                                       "messaging/facebook_messenger.csv",
                                       {"service"},
                                       &analyze_facebook_messenger};

// true: every answer in Facebook's network; false: the lookup failed or an answer is a bogon or
// in another known AS; nullopt: some answers' AS is unknown and none is wrong.
std::optional<bool> dns_consistent(const TargetOutcome& o) {
  if (!o.resolved)
    return o.failed_operation == Operation::resolve ? std::optional<bool>(false) : std::nullopt;
  bool unknown = false;
  for (const auto& a : o.addresses) {
    if (a.bogon || (a.asn != 0 && a.asn != kFacebookAsn))
      return false;
    unknown = unknown || a.asn == 0;
  }
  return unknown ? std::nullopt : std::optional<bool>(true);
}

json::value nullable(std::optional<bool> b) {
  return b ? json::value(*b) : json::value(nullptr);
}

std::string answers_text(const TargetOutcome& o) {
  std::string text;
  for (const auto& a : o.addresses) {
    text +=
        (text.empty() ? "" : ", ") + a.ip +
        (a.bogon ? " (bogon)" : (a.asn ? " (AS" + std::to_string(a.asn) + ")" : " (AS unknown)"));
  }
  return text;
}

}  // namespace

AppAnalysis analyze_facebook_messenger(const std::vector<TargetOutcome>& outcomes) {
  const auto services = outcomes_with_role(outcomes, "service");
  AppAnalysis out;
  bool dns_blocking = false, tcp_blocking = false, dns_unjudged = false, lookup_only = true;
  std::vector<std::string> wrong_answers, failed_lookups, unreachable;
  for (const auto* o : services) {
    const auto consistent = dns_consistent(*o);
    std::optional<bool> reachable;
    if (consistent == false) {
      dns_blocking = true;
      if (o->resolved)
        wrong_answers.push_back(o->entry.host + " → " + answers_text(*o));
      else
        failed_lookups.push_back(o->entry.host + " (" + o->failure->str() + ")");
    } else if (o->entry.check != EndpointCheck::dns) {
      // OONI judges the connect only once DNS is not known to lie.
      reachable = o->ok();
      if (!o->ok()) {
        tcp_blocking = true;
        unreachable.push_back(o->entry.target() + " (" + o->failure->str() + ")");
      }
    }
    dns_unjudged = dns_unjudged || !consistent.has_value();
    lookup_only = lookup_only && o->entry.check == EndpointCheck::dns;
    out.keys["facebook_" + o->entry.name + "_dns_consistent"] = nullable(consistent);
    if (o->entry.check != EndpointCheck::dns)
      out.keys["facebook_" + o->entry.name + "_reachable"] = nullable(reachable);
  }
  out.keys["facebook_dns_blocking"] = dns_blocking;
  out.keys["facebook_tcp_blocking"] = tcp_blocking;

  auto join = [](const std::vector<std::string>& items) {
    std::string text;
    for (const auto& i : items)
      text += (text.empty() ? "" : "; ") + i;
    return text;
  };
  const bool working = network_seen_working(outcomes);
  std::vector<AppFinding> findings;
  if (!wrong_answers.empty()) {
    findings.push_back({Method::dns, 0.8,
                        "DNS answers outside Facebook's AS" + std::to_string(kFacebookAsn) + ": " +
                            join(wrong_answers)});
  }
  if (!failed_lookups.empty()) {
    findings.push_back({Method::dns, working ? 0.7 : 0.4,
                        "the lookup of Facebook service hosts failed: " + join(failed_lookups)});
  }
  if (tcp_blocking) {
    findings.push_back({Method::tcp_ip, working ? 0.8 : 0.5,
                        "TCP connects to Facebook service hosts failed: " + join(unreachable)});
  }
  add_outage_caveat(findings, working);
  AppFinding fallback{Method::none, 0.9,
                      "every Facebook service host resolved inside AS" +
                          std::to_string(kFacebookAsn) + " and accepted a connection"};
  if (services.empty() || lookup_only) {
    fallback = {Method::unknown, 0.2, "no service host was connected to"};
  } else if (dns_unjudged) {
    fallback = {Method::none, 0.5,
                "every service host accepted a connection, but some answers' AS is unknown (no "
                "--asn-db, or addresses it does not list): DNS consistency was not judged"};
  }
  out.verdict = verdict_from(findings, describe_all(outcomes), fallback);
  return out;
}

boost::asio::awaitable<core::Result<json::object>> measure_facebook_messenger_entry(
    std::string /*input*/, const ExperimentSettings& settings, EnvelopeInfo info) {
  co_return co_await measure_app(kFacebookMessenger, settings, std::move(info));
}

}  // namespace ashyq::experiments
