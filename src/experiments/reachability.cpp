#include "experiments/reachability.hpp"

#include <filesystem>

#include "core/json.hpp"
#include "experiments/experiment_settings.hpp"
#include "experiments/urlgetter.hpp"
#include "net/concurrently.hpp"
#include "net/http_client.hpp"

namespace ashyq::experiments {

namespace asio = boost::asio;
namespace json = boost::json;
using analysis::Method;
using core::Operation;

namespace {

// How far a step got: a later failure says more about where the path breaks.
int progress(const core::MaybeFailure& failure, const std::optional<Operation>& op) {
  if (!failure)
    return 5;
  if (!op)
    return 0;
  switch (*op) {
    case Operation::resolve:
    case Operation::dns_round_trip:
      return 1;
    case Operation::connect:
      return 2;
    case Operation::tls_handshake:
      return 3;
    default:
      return 4;
  }
}

int progress(const AddressAttempt& a) {
  return progress(a.failure, a.failed_operation);
}

std::string host_header(const EndpointEntry& e) {
  const uint16_t default_port = e.check == EndpointCheck::https ? 443 : 80;
  std::string host = e.host.find(':') != std::string::npos ? "[" + e.host + "]" : e.host;
  return e.port == default_port ? host : host + ":" + std::to_string(e.port);
}

net::HttpRequestSpec request_for(const EndpointEntry& e) {
  net::HttpRequestSpec r;
  r.method = e.method;
  r.url = e.target();
  r.target = e.path;
  r.headers.emplace_back("Host", host_header(e));
  for (auto& h : net::ooni_default_headers())
    r.headers.push_back(std::move(h));
  return r;
}

// A request that never reached the exchange is still recorded, with why (as urlgetter does).
void record_unsent_request(const EndpointEntry& e, const core::Failure& failure,
                           net::Trace& trace) {
  auto spec = request_for(e);
  model::HttpTransaction tx;
  tx.request.method = spec.method;
  tx.request.url = spec.url;
  tx.request.headers = spec.headers;
  tx.t0 = tx.t = trace.now();
  tx.failure = failure;
  trace.add(std::move(tx));
}

// The entry's check on one address: connect, then (http) a request, or (https) a handshake and a
// request. Each step under its own deadline.
asio::awaitable<AddressAttempt> attempt(const ReachabilityConfig& config, const EndpointEntry& e,
                                        net::Endpoint endpoint, net::Trace& trace) {
  AddressAttempt a;
  a.address = endpoint.str();
  auto fail = [&](core::MaybeFailure failure, Operation op) {
    a.failure = failure ? failure : core::Failure::unknown("no detail");
    a.failed_operation = op;
    if (e.check != EndpointCheck::tcp && op != Operation::http_round_trip)
      record_unsent_request(e, *a.failure, trace);
    return a;
  };
  if (endpoint.ip.is_loopback() && !config.dial_loopback)
    co_return fail(core::Failure::unknown("loopback address not dialled"), Operation::connect);
  auto dialed = co_await config.dialer->dial(endpoint, config.timeouts.connect, trace);
  if (!dialed.stream)
    co_return fail(dialed.failure, Operation::connect);
  if (e.check == EndpointCheck::tcp)
    co_return a;
  const net::HttpLimits limits{config.timeouts.http, config.body_cap};
  const auto request = request_for(e);
  net::HttpRoundTripResult rt;
  if (e.check == EndpointCheck::https) {
    net::TlsOptions options;
    options.server_name = e.host;
    options.alpn = {"http/1.1"};  // one HTTP/1.1 request follows on this connection
    auto tls = co_await net::tls_handshake(std::move(*dialed.stream), *config.trust, options,
                                           config.timeouts.tls, trace);
    if (!tls.stream)
      co_return fail(tls.failure, Operation::tls_handshake);
    rt = co_await net::http_round_trip(*tls.stream, request, limits, trace);
  } else {
    rt = co_await net::http_round_trip(*dialed.stream, request, limits, trace);
  }
  if (rt.response)
    a.status_code = rt.response->code;
  if (rt.failure && !rt.response)
    co_return fail(rt.failure, Operation::http_round_trip);
  // Headers arrived: the service answered. A body cut short is not the point here.
  co_return a;
}

asio::awaitable<void> measure_target(const ReachabilityConfig& config, const EndpointEntry& entry,
                                     TargetOutcome& out, net::Trace& trace) {
  out.entry = entry;
  std::vector<boost::asio::ip::address> ips;
  if (auto ip = net::parse_ip(entry.host)) {
    ips.push_back(*ip);
  } else {
    auto found = co_await config.resolver->lookup(entry.host, trace);
    const auto& bogons = config.bogons ? *config.bogons : analysis::BogonList::defaults();
    for (const auto& text : found.addresses) {
      auto ip = net::parse_ip(text);
      if (!ip)
        continue;
      ResolvedAddress r;
      r.ip = ip->to_string();
      r.bogon = bogons.is_bogon(r.ip);
      if (config.asn) {
        if (auto info = config.asn->lookup(r.ip))
          r.asn = info->asn;
      }
      out.addresses.push_back(std::move(r));
      ips.push_back(*ip);
    }
    // The answers in `queries` carry their ASN, as OONI records them.
    for (auto& q : trace.queries) {
      for (auto& answer : q.answers) {
        for (const auto& r : out.addresses) {
          if (answer.value == r.ip && r.asn != 0)
            answer.asn = r.asn;
        }
      }
    }
    if (ips.empty()) {
      out.failure = found.failure ? found.failure : core::Failure::unknown("no address");
      out.failed_operation = Operation::resolve;
      if (entry.check == EndpointCheck::http || entry.check == EndpointCheck::https)
        record_unsent_request(entry, *out.failure, trace);
      co_return;
    }
    out.resolved = true;
  }
  if (entry.check == EndpointCheck::dns)
    co_return;
  for (const auto& ip : ips) {
    out.attempts.push_back(co_await attempt(config, entry, net::Endpoint{ip, entry.port}, trace));
    if (!out.attempts.back().failure)
      co_return;
  }
  const AddressAttempt* furthest = &out.attempts.front();
  for (const auto& a : out.attempts) {
    if (progress(a) > progress(*furthest))
      furthest = &a;
  }
  out.failure = furthest->failure;
  out.failed_operation = furthest->failed_operation;
}

}  // namespace

std::string TargetOutcome::describe() const {
  std::string what = entry.name + " " + entry.target();
  if (entry.check == EndpointCheck::http || entry.check == EndpointCheck::https)
    what = entry.method + " " + what;
  if (ok()) {
    if (entry.check == EndpointCheck::dns) {
      std::string ips;
      for (const auto& a : addresses)
        ips +=
            (ips.empty() ? "" : ", ") + a.ip + (a.asn ? " (AS" + std::to_string(a.asn) + ")" : "");
      return what + ": resolved to " + ips;
    }
    const auto& last = attempts.back();
    std::string text = what + ": completed on " + last.address;
    if (last.status_code)
      text += " (HTTP " + std::to_string(*last.status_code) + ")";
    if (attempts.size() > 1)
      text += " after " + std::to_string(attempts.size() - 1) + " failed address(es)";
    return text;
  }
  std::string step = failed_operation ? std::string(core::to_string(*failed_operation)) : "?";
  std::string text = what + ": failed at " + step + " (" + failure->str() + ")";
  if (attempts.size() > 1)
    text += " on all " + std::to_string(attempts.size()) + " addresses";
  else if (attempts.size() == 1)
    text += " on " + attempts.front().address;
  return text;
}

asio::awaitable<ReachabilityRun> measure_endpoints(const EndpointList& list,
                                                   const ReachabilityConfig& config,
                                                   const core::MeasurementClock& clock) {
  ReachabilityRun run;
  run.outcomes.resize(list.entries.size());
  std::vector<net::Trace> traces;
  traces.reserve(list.entries.size());
  for (std::size_t i = 0; i < list.entries.size(); ++i)
    traces.emplace_back(clock, static_cast<int64_t>(i + 1));
  std::vector<asio::awaitable<void>> tasks;
  tasks.reserve(list.entries.size());
  for (std::size_t i = 0; i < list.entries.size(); ++i)
    tasks.push_back(measure_target(config, list.entries[i], run.outcomes[i], traces[i]));
  co_await net::all_of(std::move(tasks));
  net::Trace all(clock, 0);
  for (auto& t : traces)
    all.merge(std::move(t));
  run.records = archival_keys(all);
  co_return run;
}

json::object archival_keys(const net::Trace& trace) {
  json::object tk;
  add_urlgetter_keys(tk, trace, std::nullopt, std::nullopt);
  tk["socksproxy"] = nullptr;
  tk["tunnel"] = "";
  return tk;
}

analysis::Verdict verdict_from(const std::vector<AppFinding>& findings,
                               const std::vector<std::string>& details,
                               const AppFinding& fallback) {
  analysis::Verdict v;
  const AppFinding& lead = findings.empty() ? fallback : findings.front();
  v.method = lead.method;
  v.confidence = lead.confidence;
  if (findings.empty())
    v.evidence.push_back(fallback.headline);
  for (const auto& f : findings)
    v.evidence.push_back(f.headline);
  v.evidence.insert(v.evidence.end(), details.begin(), details.end());
  return v;
}

std::vector<const TargetOutcome*> outcomes_with_role(const std::vector<TargetOutcome>& outcomes,
                                                     std::string_view role) {
  std::vector<const TargetOutcome*> out;
  for (const auto& o : outcomes) {
    if (o.entry.role == role)
      out.push_back(&o);
  }
  return out;
}

const TargetOutcome* furthest_failure(const std::vector<const TargetOutcome*>& outcomes) {
  const TargetOutcome* best = nullptr;
  for (const auto* o : outcomes) {
    if (o->ok())
      continue;
    if (!best || progress(o->failure, o->failed_operation) >
                     progress(best->failure, best->failed_operation)) {
      best = o;
    }
  }
  return best;
}

const TargetOutcome* first_failure(const std::vector<const TargetOutcome*>& outcomes) {
  for (const auto* o : outcomes) {
    if (!o->ok())
      return o;
  }
  return nullptr;
}

AppFinding failure_finding(const std::string& what, const TargetOutcome& failed,
                           double confidence) {
  std::string step =
      failed.failed_operation ? std::string(core::to_string(*failed.failed_operation)) : "?";
  std::string text = what + " " + failed.entry.host + " failed at " + step + " (" +
                     (failed.failure ? failed.failure->str() : std::string("?")) + ")";
  if (failed.attempts.size() > 1)
    text += " on every one of its " + std::to_string(failed.attempts.size()) + " addresses";
  return {analysis::method_of_failure(failed.failed_operation), confidence, text};
}

void add_outage_caveat(std::vector<AppFinding>& findings, bool network_working) {
  if (network_working || findings.empty())
    return;
  findings.push_back({Method::unknown, 0,
                      "nothing at all completed a TCP connect: a general outage of the probe's "
                      "network cannot be ruled out"});
}

std::vector<std::string> describe_all(const std::vector<TargetOutcome>& outcomes) {
  std::vector<std::string> out;
  out.reserve(outcomes.size());
  for (const auto& o : outcomes)
    out.push_back(o.describe());
  return out;
}

bool network_seen_working(const std::vector<TargetOutcome>& outcomes) {
  for (const auto& o : outcomes) {
    for (const auto& a : o.attempts) {
      if (progress(a) >= 3)
        return true;
    }
  }
  return false;
}

core::Result<EndpointList> app_endpoint_list(const AppExperiment& app,
                                             const ExperimentSettings& settings) {
  auto path = settings.options.get("endpoints").value_or(settings.data_path(app.data_file));
  return load_endpoint_list(path, app.roles);
}

ReachabilityConfig reachability_config(const ExperimentSettings& settings) {
  ReachabilityConfig config;
  static_cast<ProbeBasics&>(config) = settings.common;
  config.asn = settings.common.asn;
  config.bogons = settings.common.bogons;
  return config;
}

asio::awaitable<core::Result<json::object>> measure_app(const AppExperiment& app,
                                                        const EndpointList& list,
                                                        const ReachabilityConfig& config,
                                                        EnvelopeInfo info) {
  core::MeasurementClock clock;
  auto run = co_await measure_endpoints(list, config, clock);
  auto analysis = app.analyze(run.outcomes);
  json::object tk = std::move(run.records);
  for (auto& [key, value] : analysis.keys)
    tk[key] = std::move(value);
  // The list's file name only: a path could name the volunteer's home directory.
  tk["x_endpoint_list"] = std::filesystem::path(list.origin).filename().string();
  tk["x_ashyq_verdict"] = analysis.verdict.to_json();
  co_return finish_measurement(std::move(info), app.test_name, app.version, "", config, clock,
                               std::move(tk));
}

asio::awaitable<core::Result<json::object>> measure_app(const AppExperiment& app,
                                                        const ExperimentSettings& settings,
                                                        EnvelopeInfo info) {
  auto list = app_endpoint_list(app, settings);
  if (!list)
    co_return list.error();
  co_return co_await measure_app(app, list.value(), reachability_config(settings), std::move(info));
}

}  // namespace ashyq::experiments
