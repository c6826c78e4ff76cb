#include "experiments/web_connectivity.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <set>

#include "analysis/attempts.hpp"
#include "analysis/classic_v04.hpp"
#include "analysis/verdict.hpp"
#include "core/json.hpp"
#include "experiments/asn_annotation.hpp"
#include "experiments/measurement.hpp"
#include "experiments/urlgetter.hpp"
#include "model/event_tags.hpp"
#include "net/concurrently.hpp"
#include "net/http_client.hpp"
#include "net/url.hpp"

namespace ashyq::experiments {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

int64_t nanoseconds(double seconds) {
  return static_cast<int64_t>(seconds * 1e9);
}

// One address: TCP connect, and for https a TLS handshake with the URL's host as SNI.
asio::awaitable<void> measure_endpoint(const WebConnectivityConfig& config, net::Endpoint endpoint,
                                       const net::Url& url, net::Trace& trace) {
  auto dialed = co_await config.dialer->dial(endpoint, config.timeouts.connect, trace);
  if (!dialed.stream || !url.is_https())
    co_return;
  net::TlsOptions options;
  options.server_name = url.host;
  co_await net::tls_handshake(std::move(*dialed.stream), *config.trust, options,
                              config.timeouts.tls, trace);
}

analysis::VerdictOptions verdict_options(const WebConnectivityConfig& config) {
  analysis::VerdictOptions options;
  options.bogons = config.bogons.get();
  options.fingerprints = config.fingerprints.get();
  options.probe_cc = config.probe_cc;
  return options;
}

// The fetch's records start here (measure_endpoint's traces are 10 to 25).
constexpr int64_t kFetchFirstTransactionId = 100;

}  // namespace

core::Result<void> add_analysis(json::object& measurement, const WebConnectivityConfig& config) {
  auto input = model::parse_web_connectivity(measurement);
  if (!input)
    return input.error();
  auto classic = analysis::analyze_classic_v04(*input);
  auto& tk = measurement["test_keys"].as_object();
  // v0.4's status.blocked: the control connected to the same endpoint and the probe did not.
  if (auto* connects = tk.if_contains("tcp_connect"); connects && connects->is_array()) {
    for (auto& entry : connects->as_array()) {
      auto* e = entry.if_object();
      auto* status = e ? e->if_contains("status") : nullptr;
      if (!status || !status->is_object() || !e->contains("ip") || !e->contains("port"))
        continue;
      bool blocked = false;
      if (input->has_control()) {
        auto ip = std::string(e->at("ip").as_string());
        auto key = (ip.find(':') != std::string::npos ? "[" + ip + "]" : ip) + ":" +
                   std::to_string(e->at("port").to_number<int64_t>());
        auto it = input->control->tcp_connect.find(key);
        bool probe_ok = status->as_object().at("success").as_bool();
        blocked = it != input->control->tcp_connect.end() && it->second.status && !probe_ok;
      }
      status->as_object()["blocked"] = blocked;
    }
  }
  // The fetch can fail after its last request succeeded — the 10th redirect, a Location no
  // resolver can be asked for — and only the experiment knows it: the classic analysis reads
  // the last request's failure, which is null there. A failure the experiment recorded is kept
  // (found by tests/hostile, issue 19: a redirect loop read as a page fetched).
  const json::value fetch_failure =
      tk.contains("http_experiment_failure") ? tk["http_experiment_failure"] : json::value();
  for (auto& [k, v] : classic.to_json(/*with_x_status=*/true))
    tk[k] = v;
  if (fetch_failure.is_string() && tk["http_experiment_failure"].is_null())
    tk["http_experiment_failure"] = fetch_failure;
  tk["x_ashyq_verdict"] = analysis::analyze_verdict(*input, verdict_options(config)).to_json();
  return {};
}

core::Result<void> add_attempt(json::object& held, json::object again,
                               const WebConnectivityConfig& config) {
  auto* held_keys = held.if_contains("test_keys");
  auto* again_keys = again.if_contains("test_keys");
  if (!held_keys || !held_keys->is_object() || !again_keys || !again_keys->is_object())
    return core::Error{"test_keys", "a measurement to confirm needs its test keys"};
  json::object entry;
  entry["measurement_start_time"] = again["measurement_start_time"];
  entry["test_runtime"] = again["test_runtime"];
  entry["test_keys"] = std::move(*again_keys);
  auto& attempts = held_keys->as_object()[analysis::kAttemptsKey];
  if (!attempts.is_array())
    attempts = json::array();
  attempts.as_array().push_back(std::move(entry));
  // Judged from the stored data, as `ashyq analyze` judges it.
  auto judged = analysis::judge_attempts(json::value(held), verdict_options(config));
  held_keys = held.if_contains("test_keys");
  if (!judged) {
    // Stored as it was: no attempt its verdict does not account for.
    auto& list = held_keys->as_object()[analysis::kAttemptsKey].as_array();
    list.pop_back();
    if (list.empty())
      held_keys->as_object().erase(analysis::kAttemptsKey);
    return judged.error();
  }
  held_keys->as_object()["x_ashyq_verdict"] = analysis::combine_attempts(*judged).to_json();
  return {};
}

asio::awaitable<core::Result<json::object>> run_web_connectivity(
    std::string input, const WebConnectivityConfig& config, const core::MeasurementClock& clock) {
  auto parsed = net::parse_url(input);
  if (!parsed.ok())
    co_return core::Error{"", "bad URL: " + parsed.error().why};
  const net::Url url = parsed.value();
  auto executor = co_await asio::this_coro::executor;

  // 1 + 2: DNS, and the control as soon as DNS answers or the grace period ends.
  net::Trace dns_trace(clock, 1, {"classic", "depth=0"});
  net::LookupResult dns;
  bool dns_done = false;
  double dns_t0 = clock.now(), dns_t = dns_t0;
  asio::steady_timer dns_or_grace(executor, config.control_grace);
  model::ThRequest th_request;
  th_request.http_request = url.text;
  for (const auto& [name, value] : net::ooni_default_headers()) {
    th_request.http_request_headers[name] = {value};
  }
  ControlCall control;
  double th_t0 = 0, th_t = 0;

  auto lookup = [&]() -> asio::awaitable<void> {
    if (url.host_is_ip()) {
      dns.addresses.push_back(url.host);
    } else {
      dns = co_await config.resolver->lookup(url.host, dns_trace);
    }
    dns_t = clock.now();
    dns_done = true;
    dns_or_grace.cancel();
  };
  auto ask_control = [&]() -> asio::awaitable<void> {
    if (!dns_done)
      co_await dns_or_grace.async_wait(asio::as_tuple(asio::use_awaitable));
    std::set<std::string> asked;
    for (const auto& a : dns.addresses) {
      auto ip = net::parse_ip(a);
      if (!ip || !asked.insert(a).second)
        continue;
      if (th_request.tcp_connect.size() == kMaxAddressesPerHost)
        break;  // the same addresses as the probe dials (the helper measures 16 at most)
      th_request.tcp_connect.push_back(net::Endpoint{*ip, url.port}.str());
    }
    th_t0 = clock.now();
    control = co_await call_control(config.control, th_request);
    th_t = clock.now();
  };

  // 3 + 4: endpoints and the fetch, once DNS has answered.
  std::vector<net::Trace> endpoint_traces;
  std::vector<SkippedAddress> skipped;  // past kMaxAddressesPerHost: never dialled
  UrlGetterResult fetched;
  double tcp_t0 = 0, tcp_t = 0, http_t0 = 0, http_t = 0;
  auto connectivity_and_fetch = [&]() -> asio::awaitable<void> {
    co_await lookup();
    std::vector<net::Endpoint> endpoints;
    std::set<std::string> seen;
    for (const auto& a : dns.addresses) {
      auto ip = net::parse_ip(a);
      if (!ip || !seen.insert(a).second)
        continue;
      if (ip->is_loopback() && !config.dial_loopback)
        continue;  // never dial loopback answers
      // A name with 1,000 addresses is not 1,000 connections at once (found by tests/hostile,
      // issue 19): the first 16 are measured, the others recorded as skipped.
      if (endpoints.size() == kMaxAddressesPerHost) {
        skipped.push_back({net::Endpoint{*ip, url.port}.str(), "address_cap"});
        continue;
      }
      endpoints.push_back({*ip, url.port});
    }
    int64_t id = 10;
    endpoint_traces.reserve(endpoints.size());
    for (std::size_t i = 0; i < endpoints.size(); ++i) {
      endpoint_traces.emplace_back(clock, id++, model::EventTags{"tcptls_experiment", "depth=0"});
    }
    std::vector<asio::awaitable<void>> tasks;
    for (std::size_t i = 0; i < endpoints.size(); ++i) {
      tasks.push_back(measure_endpoint(config, endpoints[i], url, endpoint_traces[i]));
    }
    auto connectivity = [&]() -> asio::awaitable<void> {
      tcp_t0 = clock.now();
      co_await net::all_of(std::move(tasks));
      tcp_t = clock.now();
    };
    auto fetch = [&]() -> asio::awaitable<void> {
      if (endpoints.empty())
        co_return;  // nothing to fetch from: http_experiment_failure stays null
      UrlGetterConfig g;
      g.url = url.text;
      g.resolver = config.resolver;
      g.dialer = config.dialer;
      g.trust = config.trust;
      g.timeouts = config.timeouts;
      g.body_cap = config.body_cap;
      g.input_addresses = endpoints;
      // The fetch's records keep ids of their own (the endpoints' are 10 to 25) and say their
      // hop, so the analysis pairs each request with its own connection and judges the hop
      // where the fetch failed.
      g.first_transaction_id = kFetchFirstTransactionId;
      g.tag_depth = true;
      http_t0 = clock.now();
      fetched = co_await run_urlgetter(g, clock);
      http_t = clock.now();
    };
    std::vector<asio::awaitable<void>> both;
    both.push_back(connectivity());
    both.push_back(fetch());
    co_await net::all_of(std::move(both));
  };

  std::vector<asio::awaitable<void>> all;
  all.push_back(connectivity_and_fetch());
  all.push_back(ask_control());
  co_await net::all_of(std::move(all));

  // Assemble the test keys in OONI v0.4's shape.
  net::Trace merged(clock, 0);
  annotate_asns(dns_trace.queries, config.asn.get());
  merged.merge(std::move(dns_trace));
  for (auto& t : endpoint_traces)
    merged.merge(std::move(t));
  json::object tk;
  tk["agent"] = "redirect";
  tk["client_resolver"] = nullptr;
  tk["retries"] = nullptr;
  tk["socksproxy"] = nullptr;
  tk["queries"] = model::to_json_array(merged.queries);
  if (fetched.test_keys.contains("queries")) {  // lookups after a redirect
    for (auto& q : fetched.test_keys["queries"].as_array())
      tk["queries"].as_array().push_back(q);
  }
  tk["tcp_connect"] = model::to_json_array(merged.tcp_connect);
  tk["tls_handshakes"] = model::to_json_array(merged.tls_handshakes);
  // The redirect hops' connections and handshakes (depth 1 and on), as OONI's current engine
  // records them; the first hop's duplicate the endpoint measurements above and are left out.
  for (const char* key : {"tcp_connect", "tls_handshakes"}) {
    auto* records = fetched.test_keys.if_contains(key);
    if (!records || !records->is_array())
      continue;
    for (auto& r : records->as_array()) {
      if (model::tags_of(r).depth() > 0)
        tk[key].as_array().push_back(r);
    }
  }
  tk["requests"] = fetched.test_keys.contains("requests") ? fetched.test_keys["requests"]
                                                          : json::value(json::array{});
  json::array events = model::to_json_array(merged.network_events);
  if (fetched.test_keys.contains("network_events")) {
    for (auto& e : fetched.test_keys["network_events"].as_array())
      events.push_back(e);
  }
  tk["network_events"] = std::move(events);
  tk["x_dns_duplicate_responses"] = model::to_json_array(merged.dns_duplicates);
  // Addresses never dialled: past the cap here, and those of the fetch's hops (a redirect's
  // host whose connect budget ran out).
  json::array never_dialled = to_json_array(skipped);
  if (auto* later = fetched.test_keys.if_contains("x_skipped_addresses")) {
    for (auto& a : later->as_array())
      never_dialled.push_back(a);
  }
  if (!never_dialled.empty())
    tk["x_skipped_addresses"] = std::move(never_dialled);
  tk["x_control_request"] = to_json(th_request);
  tk["control"] = control.failure ? json::value(json::object{}) : control.raw;
  tk["control_failure"] = core::failure_json(control.failure);
  tk["dns_experiment_failure"] = core::failure_json(dns.failure);
  tk["http_experiment_failure"] = core::failure_json(fetched.failure);
  tk["x_dns_runtime"] = nanoseconds(dns_t - dns_t0);
  tk["x_th_runtime"] = nanoseconds(th_t - th_t0);
  tk["x_tcptls_runtime"] = nanoseconds(tcp_t - tcp_t0);
  tk["x_http_runtime"] = nanoseconds(http_t - http_t0);
  tk["x_ashyq_test_helper"] = control.helper;
  co_return tk;
}

asio::awaitable<core::Result<json::object>> measure_web_connectivity(
    std::string url, const WebConnectivityConfig& config, EnvelopeInfo info) {
  core::MeasurementClock clock;
  auto keys = co_await run_web_connectivity(url, config, clock);
  if (!keys)
    co_return keys.error();
  auto& tk = keys.value();
  std::string helper = std::string(tk["x_ashyq_test_helper"].as_string());
  auto measurement =
      finish_measurement(std::move(info), "web_connectivity", kWebConnectivityVersion, url, config,
                         clock, std::move(tk), helper);
  if (auto analysed = add_analysis(measurement, config); !analysed)
    co_return core::Error{"analysis", analysed.error().message()};
  co_return measurement;
}

}  // namespace ashyq::experiments
