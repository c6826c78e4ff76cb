#include "experiments/sni_blocking.hpp"

#include <algorithm>

#include "core/ascii.hpp"
#include "core/json.hpp"
#include "model/archival_json.hpp"
#include "net/url.hpp"

namespace ashyq::experiments {

namespace asio = boost::asio;
namespace json = boost::json;
using analysis::Method;
using core::FailureKind;
using core::Operation;

namespace {

std::string outcome_text(const SniAttempt& a) {
  if (!a.failure)
    return "completed";
  std::string step = a.failed_operation ? std::string(core::to_string(*a.failed_operation)) : "?";
  if (sni_handshake_completed(a)) {
    return "completed (" + a.failure->str() +
           ": a certificate for another name, expected from a server that is not the target)";
  }
  return "failed at " + step + " (" + a.failure->str() + ")";
}

bool failed_at_connect(const SniAttempt& a) {
  return a.failure && a.failed_operation &&
         (*a.failed_operation == Operation::connect || *a.failed_operation == Operation::resolve);
}

json::object subresult_keys(const std::string& sni, const std::string& th_address,
                            const SniAttempt& a, net::Trace& trace) {
  json::object o;
  o["agent"] = "redirect";
  o["failed_operation"] =
      a.failed_operation ? json::value(core::to_string(*a.failed_operation)) : json::value(nullptr);
  o["failure"] = core::failure_json(a.failure);
  o["network_events"] = model::to_json_array(trace.network_events);
  o["queries"] = model::to_json_array(trace.queries);
  o["requests"] = json::array{};
  o["sni"] = sni;
  o["tcp_connect"] = model::to_json_array(trace.tcp_connect);
  o["th_address"] = th_address;
  o["tls_handshakes"] = model::to_json_array(trace.tls_handshakes);
  o["socksproxy"] = nullptr;
  o["tunnel"] = "";
  return o;
}

// One TCP connect and TLS handshake to the neutral server with `sni` ("" for none).
asio::awaitable<SniAttempt> handshake(const SniBlockingConfig& config, net::Endpoint server,
                                      std::string sni, net::Trace& trace) {
  SniAttempt a;
  auto dialed = co_await config.dialer->dial(server, config.timeouts.connect, trace);
  if (!dialed.stream) {
    a.failure = dialed.failure ? dialed.failure : core::Failure::unknown("connect failed");
    a.failed_operation = Operation::connect;
    co_return a;
  }
  net::TlsOptions options;
  options.server_name = sni;
  auto tls = co_await net::tls_handshake(std::move(*dialed.stream), *config.trust, options,
                                         config.timeouts.tls, trace);
  if (tls.failure) {
    a.failure = tls.failure;
    a.failed_operation = Operation::tls_handshake;
  }
  co_return a;
}

}  // namespace

std::optional<std::string> sni_blocking_target(const std::string& input) {
  if (input.find("://") != std::string::npos) {
    auto parsed = net::parse_url(input);
    if (!parsed.ok())
      return std::nullopt;
    return parsed.value().host;
  }
  if (input.empty() || input.size() > 253)
    return std::nullopt;
  const bool hostish = std::all_of(input.begin(), input.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
  });
  if (!hostish)
    return std::nullopt;
  return core::ascii_lower(input);
}

bool sni_handshake_completed(const SniAttempt& a) {
  if (!a.failure)
    return true;
  if (!a.failed_operation || *a.failed_operation != Operation::tls_handshake)
    return false;
  switch (a.failure->kind()) {
    case FailureKind::ssl_invalid_hostname:  // also the server's unrecognized_name alert
    case FailureKind::ssl_unknown_authority:
    case FailureKind::ssl_invalid_certificate:
      return true;
    default:
      return false;
  }
}

std::string sni_blocking_result(const SniAttempt& target, const SniAttempt& control) {
  if (!target.failure)
    return "success.got_server_hello";
  switch (target.failure->kind()) {
    case FailureKind::connection_refused:
    case FailureKind::dns_nxdomain_error:
    case FailureKind::android_dns_cache_no_data:
      return "anomaly.test_helper_unreachable";
    case FailureKind::connection_reset:
      return "interference.reset";
    case FailureKind::eof_error:
      return "interference.closed";
    case FailureKind::generic_timeout_error:
      // The neutral server is not the control name's server: a certificate error there is an
      // answer, not an unreachable helper.
      return sni_handshake_completed(control) ? "anomaly.timeout"
                                              : "anomaly.test_helper_unreachable";
    case FailureKind::ssl_invalid_certificate:
      return "interference.invalid_certificate";
    case FailureKind::ssl_invalid_hostname:
      return "success.got_server_hello";
    case FailureKind::ssl_unknown_authority:
      return "interference.unknown_authority";
    default:
      return "anomaly.unexpected_failure";
  }
}

analysis::Verdict analyze_sni_blocking(const std::string& target_sni, const SniAttempt& target,
                                       const std::string& control_sni, const SniAttempt& control,
                                       const SniAttempt& no_sni, const std::string& th_address) {
  const bool target_ok = sni_handshake_completed(target);
  const bool control_ok = sni_handshake_completed(control);
  const bool none_ok = sni_handshake_completed(no_sni);
  std::vector<std::string> details = {
      "with SNI " + target_sni + " the handshake to " + th_address + " " + outcome_text(target),
      "with the control SNI " + control_sni + " it " + outcome_text(control),
      "with no SNI it " + outcome_text(no_sni)};
  auto finish = [&](Method m, double confidence, std::string headline) {
    return analysis::make_verdict(m, confidence, std::move(headline), details);
  };
  if (target_ok) {
    return finish(Method::none, control_ok ? 0.9 : 0.7,
                  "the server answered a ClientHello naming " + target_sni +
                      ": no SNI-based filtering on this path");
  }
  if (failed_at_connect(target)) {
    if (failed_at_connect(control) && failed_at_connect(no_sni)) {
      return finish(Method::tcp_ip, 0.6,
                    "no connection to " + th_address +
                        " at all, whatever the SNI: the server's address is blocked (or the "
                        "server is down); SNI filtering cannot be measured there");
    }
    return finish(Method::unknown, 0.2,
                  "the TCP connect with SNI " + target_sni +
                      " failed before any ClientHello was sent: not an SNI decision");
  }
  if (control_ok || none_ok) {
    const bool both = control_ok && none_ok;
    return finish(Method::tls, both ? 0.9 : 0.75,
                  "the ClientHello naming " + target_sni + " went unanswered (" +
                      target.failure->str() + ") while the same server answered " +
                      (both ? control_sni + " and no SNI"
                            : (control_ok ? control_sni : std::string("no SNI"))) +
                      ": the name is filtered");
  }
  if (failed_at_connect(control) && failed_at_connect(no_sni)) {
    return finish(Method::unknown, 0.2,
                  "only the target's connection got through, and its handshake failed: no "
                  "comparison possible");
  }
  return finish(Method::tcp_ip, 0.4,
                "every handshake to " + th_address +
                    " failed, whatever the SNI: the path or the server breaks TLS to this "
                    "address, not to a name");
}

asio::awaitable<core::Result<json::object>> run_sni_blocking(std::string input,
                                                             const SniBlockingConfig& config,
                                                             const core::MeasurementClock& clock) {
  auto target = sni_blocking_target(input);
  if (!target)
    co_return core::Error{"", "not a host name or URL: " + input};

  // The neutral server: given, or the control SNI's first address on port 443 (as OONI).
  net::Trace lookup(clock, 1);
  std::optional<net::Endpoint> server = config.server;
  std::string th_address;
  core::MaybeFailure lookup_failure;
  if (server) {
    th_address = server->str();
  } else {
    th_address = config.control_sni + ":443";
    auto found = co_await config.resolver->lookup(config.control_sni, lookup);
    for (const auto& a : found.addresses) {
      auto ip = net::parse_ip(a);
      if (ip && (!ip->is_loopback() || config.dial_loopback)) {
        server = net::Endpoint{*ip, 443};
        break;
      }
    }
    if (!server) {
      lookup_failure = found.failure ? found.failure : core::Failure::unknown("no usable address");
    }
  }

  // Control, no SNI, target: in this order, one at a time.
  struct Run {
    std::string sni;
    net::Trace trace;
    SniAttempt attempt;
  };
  std::vector<Run> runs;
  runs.push_back(Run{config.control_sni, net::Trace(clock, 2), {}});
  runs.push_back(Run{"", net::Trace(clock, 3), {}});
  runs.push_back(Run{*target, net::Trace(clock, 4), {}});
  for (auto& r : runs) {
    if (!server) {
      r.attempt.failure = lookup_failure;
      r.attempt.failed_operation = Operation::resolve;
      continue;
    }
    r.attempt = co_await handshake(config, *server, r.sni, r.trace);
  }
  // The lookup belongs to the control's flow, as OONI records it.
  runs[0].trace.queries.insert(runs[0].trace.queries.begin(), lookup.queries.begin(),
                               lookup.queries.end());

  json::object tk;
  tk["control"] = subresult_keys(runs[0].sni, th_address, runs[0].attempt, runs[0].trace);
  tk["target"] = subresult_keys(runs[2].sni, th_address, runs[2].attempt, runs[2].trace);
  tk["x_no_sni"] = subresult_keys(runs[1].sni, th_address, runs[1].attempt, runs[1].trace);
  tk["result"] = sni_blocking_result(runs[2].attempt, runs[0].attempt);
  tk["x_ashyq_verdict"] = analyze_sni_blocking(*target, runs[2].attempt, config.control_sni,
                                               runs[0].attempt, runs[1].attempt, th_address)
                              .to_json();
  co_return tk;
}

asio::awaitable<core::Result<json::object>> measure_sni_blocking(std::string input,
                                                                 const SniBlockingConfig& config,
                                                                 EnvelopeInfo info) {
  core::MeasurementClock clock;
  auto keys = co_await run_sni_blocking(input, config, clock);
  if (!keys)
    co_return keys.error();
  co_return finish_measurement(std::move(info), "sni_blocking", kSniBlockingVersion,
                               *sni_blocking_target(input), config, clock, std::move(keys.value()));
}

}  // namespace ashyq::experiments
