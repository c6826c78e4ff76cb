#include "experiments/tls_interception.hpp"

#include <algorithm>
#include <boost/asio/this_coro.hpp>
#include <set>

#include "analysis/certificate_chain.hpp"
#include "core/json.hpp"
#include "net/concurrently.hpp"
#include "net/http_client.hpp"
#include "net/url.hpp"

namespace ashyq::experiments {

namespace asio = boost::asio;
namespace json = boost::json;
using analysis::Method;
using core::FailureKind;

namespace {

bool is_certificate_failure(const core::MaybeFailure& f) {
  return f && (f->kind() == FailureKind::ssl_unknown_authority ||
               f->kind() == FailureKind::ssl_invalid_hostname ||
               f->kind() == FailureKind::ssl_invalid_certificate);
}

bool looks_like_host(const std::string& s) {
  if (s.empty() || s.size() > 253)
    return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == ':' ||
           c == '[' || c == ']';
  });
}

// One address's outcome before the addresses are combined.
struct Outcome {
  Method method = Method::unknown;
  double confidence = 0;
  std::vector<std::string> evidence;
  std::string root, root_name;
};

// How methods rank when the addresses disagree: any intercepted address makes the site
// intercepted (deployments were partial), a failed handshake beats a clean one.
int rank(Method m) {
  switch (m) {
    case Method::interception:
      return 5;
    case Method::tls:
      return 4;
    case Method::tcp_ip:
      return 3;
    case Method::none:
      return 2;
    case Method::down:
      return 1;
    default:
      return 0;
  }
}

Outcome judge_endpoint(const TlsEndpointObservation& e, const TlsInterceptionInput& in,
                       const analysis::InterceptionRoots* roots) {
  Outcome o;
  const model::ControlTlsHandshake* ctl_tls = nullptr;
  const model::ControlTcpConnect* ctl_tcp = nullptr;
  if (in.control) {
    if (auto it = in.control->tls_handshake.find(e.endpoint); it != in.control->tls_handshake.end())
      ctl_tls = &it->second;
    if (auto it = in.control->tcp_connect.find(e.endpoint); it != in.control->tcp_connect.end())
      ctl_tcp = &it->second;
  }
  const std::string at = "at " + e.endpoint;

  if (e.connect_failure) {
    if (ctl_tcp && ctl_tcp->status) {
      o.method = Method::tcp_ip;
      o.confidence = 0.7;
      o.evidence.push_back("TCP connect " + at + " failed (" + e.connect_failure->str() +
                           ") while the control connected: the TLS step was never reached");
    } else {
      o.method = Method::unknown;
      o.confidence = 0.2;
      o.evidence.push_back("TCP connect " + at + " failed (" + e.connect_failure->str() +
                           "): the TLS step was never reached");
    }
    return o;
  }

  if (!e.peer_certificates.empty()) {
    const auto chain = analysis::summarize_chain(e.peer_certificates);
    const auto described = analysis::describe_chain(chain, in.when);
    if (roots) {
      if (auto m = roots->match(e.peer_certificates)) {
        o.method = Method::interception;
        o.confidence = e.tls_failure ? 0.95 : 0.9;
        o.root = m->dn;
        o.root_name = m->name;
        o.evidence.push_back("the chain " + at + " leads to '" + m->dn +
                             "', a known interception root: " + m->name + " (" + m->how + ")");
        if (!e.tls_failure) {
          o.evidence.push_back("the handshake verified: this root is in the probe's trust store");
        } else {
          o.evidence.push_back("the handshake failed verification (" + e.tls_failure->str() + ")");
        }
        if (!described.empty())
          o.evidence.push_back(described);
        return o;
      }
    }
    if (!e.tls_failure) {
      o.method = Method::none;
      o.confidence = 0.9;
      o.evidence.push_back("the handshake " + at + " verified against the trust store");
      return o;
    }
    if (is_certificate_failure(e.tls_failure)) {
      const std::string why = "the chain " + at + " does not verify (" + e.tls_failure->str() + ")";
      if (ctl_tls && ctl_tls->status) {
        o.method = Method::interception;
        o.confidence = 0.85;
        o.evidence.push_back(why +
                             " while the control's handshake to the same address verified: "
                             "a middlebox answered with its own certificate");
      } else if (ctl_tls && is_certificate_failure(ctl_tls->failure)) {
        o.method = Method::down;
        o.confidence = 0.8;
        o.evidence.push_back(why + "; the control's handshake failed too (" +
                             ctl_tls->failure->str() +
                             "): the site's own certificate is broken for everyone");
      } else {
        o.method = Method::interception;
        o.confidence = 0.5;
        o.evidence.push_back(
            why + (in.control ? "; the control has no verified handshake to compare with"
                              : "; no control to tell a middlebox from a misconfigured site"));
      }
      if (!described.empty())
        o.evidence.push_back(described);
      return o;
    }
  }

  // The handshake failed before a certificate could be judged (timeout, reset, close, alert).
  const std::string why = "the TLS handshake " + at + " failed (" +
                          (e.tls_failure ? e.tls_failure->str() : std::string("no certificate")) +
                          ")";
  if (ctl_tls && ctl_tls->status) {
    o.method = Method::tls;
    o.confidence = 0.85;
    o.evidence.push_back(why + " while the control's handshake verified");
  } else if (ctl_tls) {
    o.method = Method::down;
    o.confidence = 0.6;
    o.evidence.push_back(why + "; the control's failed too (" +
                         (ctl_tls->failure ? ctl_tls->failure->str() : std::string("?")) + ")");
  } else {
    o.method = Method::tls;
    o.confidence = 0.5;
    o.evidence.push_back(why + (in.control ? "; the control did not measure this address"
                                           : "; no control to compare with"));
  }
  return o;
}

}  // namespace

std::optional<std::string> tls_interception_input(const std::string& input) {
  if (input.find("://") != std::string::npos) {
    auto parsed = net::parse_url(input);
    if (!parsed.ok() || !parsed.value().is_https())
      return std::nullopt;
    return parsed.value().text;
  }
  if (!looks_like_host(input))
    return std::nullopt;
  auto parsed = net::parse_url("https://" + input + "/");
  if (!parsed.ok())
    return std::nullopt;
  return parsed.value().text;
}

json::object TlsInterceptionVerdict::to_json() const {
  auto o = verdict.to_json();
  o["root"] = root.empty() ? json::value(nullptr) : json::value(root);
  o["root_name"] = root_name.empty() ? json::value(nullptr) : json::value(root_name);
  return o;
}

TlsInterceptionVerdict analyze_tls_interception(const TlsInterceptionInput& in,
                                                const analysis::InterceptionRoots* roots) {
  TlsInterceptionVerdict out;
  auto& v = out.verdict;
  if (in.dns_failure) {
    v.method = Method::unknown;
    v.evidence.push_back("resolving " + in.host + " failed (" + in.dns_failure->str() +
                         "): no TLS handshake to judge");
    return out;
  }
  if (in.endpoints.empty()) {
    v.method = Method::unknown;
    v.evidence.push_back("no address of " + in.host + " to connect to");
    return out;
  }
  std::vector<Outcome> outcomes;
  for (const auto& e : in.endpoints)
    outcomes.push_back(judge_endpoint(e, in, roots));
  const auto best = std::max_element(outcomes.begin(), outcomes.end(), [](auto& a, auto& b) {
    return rank(a.method) < rank(b.method) ||
           (rank(a.method) == rank(b.method) && a.confidence < b.confidence);
  });
  v.method = best->method;
  v.confidence = best->confidence;
  out.root = best->root;
  out.root_name = best->root_name;
  // The deciding address first, then the others.
  v.evidence = best->evidence;
  for (auto it = outcomes.begin(); it != outcomes.end(); ++it) {
    if (it != best)
      v.evidence.insert(v.evidence.end(), it->evidence.begin(), it->evidence.end());
  }
  if (!in.control && in.control_failure) {
    v.evidence.push_back("the control request failed (" + in.control_failure->str() + ")");
  }
  return out;
}

asio::awaitable<core::Result<json::object>> run_tls_interception(
    std::string input, const TlsInterceptionConfig& config, const core::MeasurementClock& clock) {
  auto normalized = tls_interception_input(input);
  if (!normalized)
    co_return core::Error{"", "not an https URL or a host name: " + input};
  const net::Url url = net::parse_url(*normalized).value();

  // 1. DNS.
  net::Trace dns_trace(clock, 1);
  net::LookupResult dns;
  if (url.host_is_ip()) {
    dns.addresses.push_back(url.host);
  } else {
    dns = co_await config.resolver->lookup(url.host, dns_trace);
  }
  std::vector<net::Endpoint> endpoints;
  std::set<std::string> seen;
  for (const auto& a : dns.addresses) {
    auto ip = net::parse_ip(a);
    if (!ip || !seen.insert(a).second)
      continue;
    if (ip->is_loopback() && !config.dial_loopback)
      continue;
    endpoints.push_back({*ip, url.port});
  }

  // 2 + 3. The handshakes, and the control, at once.
  std::vector<net::Trace> traces;
  traces.reserve(endpoints.size());
  std::vector<TlsEndpointObservation> observations(endpoints.size());
  for (std::size_t i = 0; i < endpoints.size(); ++i) {
    traces.emplace_back(clock, static_cast<int64_t>(10 + i));
    observations[i].endpoint = endpoints[i].str();
  }
  auto handshake = [&](std::size_t i) -> asio::awaitable<void> {
    auto& trace = traces[i];
    auto& obs = observations[i];
    auto dialed = co_await config.dialer->dial(endpoints[i], config.timeouts.connect, trace);
    if (!dialed.stream) {
      obs.connect_failure =
          dialed.failure ? dialed.failure : core::Failure::unknown("connect failed");
      co_return;
    }
    net::TlsOptions options;
    options.server_name = url.host;
    auto tls = co_await net::tls_handshake(std::move(*dialed.stream), *config.trust, options,
                                           config.timeouts.tls, trace);
    obs.tls_failure = tls.failure;
    if (!trace.tls_handshakes.empty())
      obs.peer_certificates = trace.tls_handshakes.back().peer_certificates;
  };
  model::ThRequest th_request;
  th_request.http_request = url.text;
  for (const auto& [name, value] : net::ooni_default_headers())
    th_request.http_request_headers[name] = {value};
  for (const auto& e : endpoints)
    th_request.tcp_connect.push_back(e.str());
  const bool ask_control = !config.control.helpers.empty() && !endpoints.empty();
  ControlCall control;
  auto control_task = [&]() -> asio::awaitable<void> {
    control = co_await call_control(config.control, th_request);
  };
  std::vector<asio::awaitable<void>> tasks;
  for (std::size_t i = 0; i < endpoints.size(); ++i)
    tasks.push_back(handshake(i));
  if (ask_control)
    tasks.push_back(control_task());
  co_await net::all_of(std::move(tasks));

  // The test keys: urlgetter's names.
  net::Trace merged(clock, 0);
  merged.merge(std::move(dns_trace));
  for (auto& t : traces)
    merged.merge(std::move(t));
  core::MaybeFailure failure;
  std::optional<core::Operation> failed_operation;
  if (dns.failure) {
    failure = dns.failure;
    failed_operation = core::Operation::resolve;
  } else if (endpoints.empty()) {
    failure = core::Failure::unknown("no address to connect to");
    failed_operation = core::Operation::connect;
  } else if (std::none_of(observations.begin(), observations.end(),
                          [](const auto& o) { return !o.connect_failure && !o.tls_failure; })) {
    const auto& first = observations.front();
    failure = first.connect_failure ? first.connect_failure : first.tls_failure;
    failed_operation =
        first.connect_failure ? core::Operation::connect : core::Operation::tls_handshake;
  }
  json::object tk;
  tk["failed_operation"] =
      failed_operation ? json::value(core::to_string(*failed_operation)) : json::value(nullptr);
  tk["failure"] = core::failure_json(failure);
  tk["network_events"] = model::to_json_array(merged.network_events);
  tk["queries"] = model::to_json_array(merged.queries);
  tk["requests"] = json::array{};
  tk["tcp_connect"] = model::to_json_array(merged.tcp_connect);
  tk["tls_handshakes"] = model::to_json_array(merged.tls_handshakes);
  tk["socksproxy"] = nullptr;
  tk["tunnel"] = "";
  if (ask_control) {
    tk["x_control_request"] = to_json(th_request);
    tk["control"] = control.failure ? json::value(json::object{}) : control.raw;
    tk["control_failure"] = core::failure_json(control.failure);
    tk["x_ashyq_test_helper"] = control.helper;
  } else {
    tk["control"] = nullptr;
    tk["control_failure"] = nullptr;
  }

  TlsInterceptionInput analysis_input;
  analysis_input.host = url.host;
  analysis_input.dns_failure = dns.failure;
  analysis_input.endpoints = std::move(observations);
  if (ask_control && !control.failure && control.response)
    analysis_input.control = control.response;
  analysis_input.control_failure = control.failure;
  analysis_input.when = std::chrono::system_clock::to_time_t(clock.wall_start());
  tk["x_ashyq_verdict"] = analyze_tls_interception(analysis_input, config.roots.get()).to_json();
  co_return tk;
}

asio::awaitable<core::Result<json::object>> measure_tls_interception(
    std::string input, const TlsInterceptionConfig& config, EnvelopeInfo info) {
  core::MeasurementClock clock;
  auto keys = co_await run_tls_interception(input, config, clock);
  if (!keys)
    co_return keys.error();
  auto& tk = keys.value();
  auto* helper_key = tk.if_contains("x_ashyq_test_helper");
  std::string helper =
      helper_key && helper_key->is_string() ? std::string(helper_key->as_string()) : std::string();
  co_return finish_measurement(std::move(info), "tls_interception", kTlsInterceptionVersion,
                               *tls_interception_input(input), config, clock, std::move(tk),
                               helper);
}

}  // namespace ashyq::experiments
