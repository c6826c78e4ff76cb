#include "experiments/throttling.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/json.hpp"
#include "experiments/urlgetter.hpp"
#include "net/dialer.hpp"
#include "net/http_client.hpp"
#include "net/resolver.hpp"
#include "net/tls_handshaker.hpp"
#include "net/trace.hpp"
#include "net/url.hpp"

namespace ashyq::experiments {

namespace asio = boost::asio;
namespace json = boost::json;
using analysis::Method;
using core::FailureKind;
using core::Operation;

namespace {

// Response bodies are kept up to this size in the keys: only their timing matters here.
constexpr std::size_t kStoredBody = 1024;
// The shortest time a rate is divided by: reads closer than this are "at once".
constexpr double kMinSeconds = 0.001;

double kbit(std::uint64_t bytes, double seconds) {
  return static_cast<double>(bytes) * 8.0 / 1000.0 / std::max(seconds, kMinSeconds);
}

std::optional<double> median(std::vector<double> v) {
  if (v.empty())
    return std::nullopt;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::string fmt(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

std::string kbit_text(double k) {
  return fmt(k, k < 100 ? 1 : 0) + " kbit/s";
}

std::string ratio_text(double r) {
  return fmt(r, r < 0.01 ? 4 : (r < 1 ? 3 : 2));
}

std::string failure_text(const DownloadObservation& d) {
  std::string step = d.failed_operation ? std::string(core::to_string(*d.failed_operation)) : "?";
  return "failed at " + step + " (" + (d.failure ? d.failure->str() : std::string("?")) + ")";
}

// A download that gave a rate (some response bytes), in words.
std::string download_text(const DownloadObservation& d, std::optional<double> rate) {
  if (d.failed_outright())
    return failure_text(d);
  std::string s = rate ? kbit_text(*rate) : std::string("no rate");
  s += ", " + std::to_string(d.total()) + " bytes read";
  if (d.cut)
    s += ", cut by the deadline";
  else if (d.failure)
    s += ", then " + failure_text(d);
  return s;
}

}  // namespace

DownloadObservation observe_download(const std::vector<model::NetworkEvent>& events,
                                     core::MaybeFailure failure,
                                     std::optional<Operation> failed_operation) {
  DownloadObservation d;
  bool started = false;
  std::uint64_t total = 0;
  for (const auto& e : events) {
    if (!started) {
      if (e.operation == "http_transaction_start") {
        started = true;
        d.request_t = e.t0;
      }
      continue;
    }
    if (e.operation != "read" || !e.num_bytes || *e.num_bytes <= 0)
      continue;
    total += static_cast<std::uint64_t>(*e.num_bytes);
    d.progress.push_back({e.t, total});
  }
  d.cut = failure && failure->kind() == FailureKind::generic_timeout_error &&
          failed_operation == Operation::http_round_trip && !d.progress.empty();
  d.failure = std::move(failure);
  d.failed_operation = failed_operation;
  return d;
}

std::optional<double> download_kbit_s(const DownloadObservation& d, std::uint64_t k) {
  if (k == 0 || d.total() < k)
    return std::nullopt;
  const ProgressPoint& first = d.progress.front();
  if (first.bytes >= k)
    return kbit(k, first.t - d.request_t);
  auto reached = std::find_if(d.progress.begin(), d.progress.end(),
                              [k](const ProgressPoint& p) { return p.bytes >= k; });
  return kbit(k - first.bytes, reached->t - first.t);
}

RoundComparison compare_round(const ThrottlingRound& round, std::uint64_t cap,
                              const ThrottlingThresholds& th) {
  RoundComparison c;
  c.bytes = std::min({round.target.total(), round.control.total(), cap});
  c.target_kbit = download_kbit_s(round.target, c.bytes);
  c.control_kbit = download_kbit_s(round.control, c.bytes);
  c.control_path_kbit = download_kbit_s(round.control, round.control.total());
  if (c.target_kbit && c.control_kbit && *c.control_kbit > 0)
    c.ratio = *c.target_kbit / *c.control_kbit;
  c.comparable = c.ratio.has_value() && (c.bytes >= th.min_bytes || round.target.cut);
  c.throttled = c.comparable && *c.ratio <= th.max_ratio && *c.target_kbit <= th.max_target_kbit;
  return c;
}

ThrottlingSummary summarize_throttling(const std::vector<ThrottlingRound>& rounds,
                                       std::uint64_t cap, const ThrottlingThresholds& th) {
  ThrottlingSummary s;
  std::vector<double> targets, controls, ratios, paths;
  for (const auto& r : rounds) {
    s.rounds.push_back(compare_round(r, cap, th));
    const auto& c = s.rounds.back();
    if (c.control_path_kbit)
      paths.push_back(*c.control_path_kbit);
    if (!c.comparable)
      continue;
    s.bytes = s.comparable == 0 ? c.bytes : std::min(s.bytes, c.bytes);
    ++s.comparable;
    s.throttled += c.throttled ? 1 : 0;
    targets.push_back(*c.target_kbit);
    controls.push_back(*c.control_kbit);
    ratios.push_back(*c.ratio);
  }
  s.target_kbit = median(targets);
  s.control_kbit = median(controls);
  s.ratio = median(ratios);
  s.control_path_kbit = median(paths);
  return s;
}

json::object ThrottlingSummary::to_json() const {
  auto opt = [](const std::optional<double>& v) { return v ? json::value(*v) : json::value(); };
  json::object o;
  o["target_kbit_s"] = opt(target_kbit);
  o["control_kbit_s"] = opt(control_kbit);
  o["ratio"] = opt(ratio);
  o["control_path_kbit_s"] = opt(control_path_kbit);
  o["bytes_compared"] = bytes;
  o["rounds"] = rounds.size();
  o["rounds_compared"] = comparable;
  o["rounds_throttled"] = throttled;
  json::array per_round;
  for (const auto& c : rounds) {
    json::object r;
    r["bytes_compared"] = c.bytes;
    r["target_kbit_s"] = opt(c.target_kbit);
    r["control_kbit_s"] = opt(c.control_kbit);
    r["ratio"] = opt(c.ratio);
    r["control_path_kbit_s"] = opt(c.control_path_kbit);
    r["comparable"] = c.comparable;
    r["throttled"] = c.throttled;
    per_round.push_back(std::move(r));
  }
  o["per_round"] = std::move(per_round);
  return o;
}

analysis::Verdict analyze_throttling(const std::string& target_url, const std::string& control_url,
                                     const std::vector<ThrottlingRound>& rounds,
                                     const ThrottlingSummary& summary,
                                     const ThrottlingThresholds& th) {
  std::vector<std::string> details;
  int target_failed = 0, control_failed = 0;
  const DownloadObservation* first_target_failure = nullptr;
  for (std::size_t i = 0; i < rounds.size(); ++i) {
    const auto& r = rounds[i];
    const auto& c = i < summary.rounds.size() ? summary.rounds[i] : RoundComparison{};
    if (r.target.failed_outright()) {
      ++target_failed;
      if (!first_target_failure)
        first_target_failure = &r.target;
    }
    control_failed += r.control.failed_outright() ? 1 : 0;
    std::string line = "round " + std::to_string(i + 1) + ": target " +
                       download_text(r.target, c.target_kbit) + "; control " +
                       download_text(r.control, c.control_kbit);
    if (c.ratio)
      line += "; " + std::to_string(c.bytes) + " bytes compared, ratio " + ratio_text(*c.ratio);
    if (c.ratio && !c.comparable)
      line += " (too few bytes to judge)";
    details.push_back(std::move(line));
  }
  const int n = static_cast<int>(rounds.size());
  std::string numbers;
  if (summary.comparable > 0) {
    numbers = "target " + target_url + " at " + kbit_text(*summary.target_kbit) + ", control " +
              control_url + " at " + kbit_text(*summary.control_kbit) + " (medians; ratio " +
              ratio_text(*summary.ratio) + ", " + std::to_string(summary.bytes) +
              " bytes compared, " + std::to_string(summary.comparable) + " of " +
              std::to_string(n) + " rounds)";
  }
  // The headline, then the medians (when there are any), then each round.
  auto finish = [&](Method m, double confidence, std::string headline) {
    if (!numbers.empty())
      details.insert(details.begin(), numbers);
    return analysis::make_verdict(m, std::clamp(confidence, 0.0, 1.0), std::move(headline),
                                  details);
  };

  if (n == 0)
    return finish(Method::unknown, 0, "no download was made");
  if (control_failed == n) {
    return finish(Method::unknown, 0.1,
                  "the control " + control_url +
                      " failed in every round: nothing to compare the target with");
  }
  if (target_failed == n) {
    return finish(analysis::method_of_failure(first_target_failure->failed_operation), 0.5,
                  "the target " + target_url + " " + failure_text(*first_target_failure) +
                      " in every round while the control " + control_url +
                      " downloaded: blocked, not throttled (the control is another site, so "
                      "the target being down is not ruled out)");
  }
  if (summary.comparable == 0) {
    return finish(Method::unknown, 0.2,
                  "too few bytes arrived to compare the target with the control (at least " +
                      std::to_string(th.min_bytes) +
                      " from both, or a target download cut by its deadline)");
  }
  const double path_kbit = summary.control_path_kbit.value_or(*summary.control_kbit);
  if (path_kbit < th.min_control_kbit) {
    return finish(Method::unknown, 0.3,
                  "the control itself is slow (" + kbit_text(path_kbit) + ", under " +
                      kbit_text(th.min_control_kbit) +
                      "): the whole path is slow, and throttling of the target's domain cannot "
                      "be told apart from it");
  }
  const double failed_penalty = target_failed > 0 ? 0.1 : 0.0;
  if (summary.throttled == summary.comparable) {
    double confidence = 0.5 + 0.1 * std::min(summary.comparable, 3);
    const double r = *summary.ratio;
    confidence += r <= 0.1 ? 0.15 : (r <= 0.2 ? 0.1 : 0.05);
    confidence = std::min(confidence, 0.95) - failed_penalty;
    return finish(Method::throttling, confidence,
                  "the target downloaded at " + kbit_text(*summary.target_kbit) + ", " +
                      ratio_text(r) + " times the control's " + kbit_text(*summary.control_kbit) +
                      " over the same path, in every " +
                      "compared round: the target's domain is throttled");
  }
  if (summary.throttled == 0) {
    double confidence = *summary.ratio >= 0.5 ? 0.8 : 0.6;
    confidence -= target_failed > 0 ? 0.2 : 0.0;
    const std::string how =
        *summary.ratio >= 0.5 ? ", comparable to the control's " : ", slower than the control's ";
    std::string headline = "the target downloaded at " + kbit_text(*summary.target_kbit) + how +
                           kbit_text(*summary.control_kbit) + " (ratio " +
                           ratio_text(*summary.ratio) + ")";
    if (*summary.ratio < 0.5) {
      headline += ", but not by the thresholds of throttling (ratio at most " +
                  ratio_text(th.max_ratio) + " and under " + kbit_text(th.max_target_kbit) + ")";
    }
    return finish(Method::none, confidence, headline + ": no domain-specific throttling seen");
  }
  return finish(Method::unknown, 0.3,
                "the target was much slower than the control in " +
                    std::to_string(summary.throttled) + " of " +
                    std::to_string(summary.comparable) +
                    " compared rounds only: the rounds disagree (intermittent throttling or a "
                    "congested path); measure again");
}

// --- the measurement -------------------------------------------------------------------------

namespace {

struct Side {
  std::string name;  // "target" or "control"
  net::Url url;
  std::vector<net::Endpoint> endpoints;
  core::MaybeFailure lookup_failure;
  std::vector<model::DnsQuery> queries;
  json::array keys;
  std::vector<DownloadObservation> observations;
};

// Connect (first address that answers), TLS for https, one GET read up to the byte cap within
// the download deadline. Everything is recorded into `flow`.
asio::awaitable<FetchOutcome> download(const ThrottlingConfig& config, const Side& side,
                                       net::Trace& flow) {
  if (side.endpoints.empty()) {
    FetchOutcome out;
    out.failure =
        side.lookup_failure ? side.lookup_failure : core::Failure::unknown("no usable address");
    out.failed_operation = Operation::resolve;
    co_return out;
  }
  FetchSpec spec;
  spec.endpoints = side.endpoints;
  spec.request.url = side.url.text;
  spec.request.target = side.url.target;
  spec.request.headers = request_headers_for(side.url);
  spec.limits = net::HttpLimits{config.max_download, static_cast<std::size_t>(config.bytes)};
  if (side.url.is_https()) {
    spec.tls.emplace();
    spec.tls->server_name = side.url.host;
    spec.tls->alpn = {"http/1.1"};  // the client speaks HTTP/1.1 only
  }
  co_return co_await fetch_once(*config.dialer, *config.trust, config.timeouts, spec, flow);
}

json::object download_keys(const Side& side, int round, const FetchOutcome& out, net::Trace& trace,
                           const DownloadObservation& obs) {
  for (auto& tx : trace.requests) {
    if (tx.response && tx.response->body.size() > kStoredBody) {
      tx.response->body.resize(kStoredBody);
      tx.response->body_is_truncated = true;
    }
  }
  json::object o;
  o["round"] = round;
  o["url"] = side.url.text;
  add_urlgetter_keys(o, trace, out.failure, out.failed_operation);
  o["x_bytes_read"] = obs.total();
  o["x_cut_by_deadline"] = obs.cut;
  o["socksproxy"] = nullptr;
  o["tunnel"] = "";
  return o;
}

asio::awaitable<void> resolve(const ThrottlingConfig& config, Side& side,
                              const core::MeasurementClock& clock, int64_t id) {
  if (auto ip = net::parse_ip(side.url.host)) {
    side.endpoints.push_back({*ip, side.url.port});
    co_return;
  }
  net::Trace lookup(clock, id);
  auto found = co_await config.resolver->lookup(side.url.host, lookup);
  for (const auto& a : found.addresses) {
    auto ip = net::parse_ip(a);
    if (ip && (!ip->is_loopback() || config.dial_loopback))
      side.endpoints.push_back({*ip, side.url.port});
  }
  side.lookup_failure = found.failure;
  if (side.endpoints.empty() && !side.lookup_failure)
    side.lookup_failure = core::Failure::unknown("no usable address");
  side.queries = std::move(lookup.queries);
}

}  // namespace

asio::awaitable<core::Result<json::object>> run_throttling(std::string input,
                                                           const ThrottlingConfig& config,
                                                           const core::MeasurementClock& clock) {
  if (config.control_url.empty()) {
    co_return core::Error{
        "",
        "throttling needs a control: -O control=URL (a site on the same path, ideally the same "
        "server address or CDN, that is not throttled)"};
  }
  auto target_url = net::parse_url(input);
  if (!target_url.ok())
    co_return core::Error{"", "not an http(s) URL: " + input + " (" + target_url.error().why + ")"};
  auto control_url = net::parse_url(config.control_url);
  if (!control_url.ok())
    co_return core::Error{"-O control=" + config.control_url,
                          "not an http(s) URL (" + control_url.error().why + ")"};

  Side target{"target", target_url.value(), {}, {}, {}, {}, {}};
  Side control{"control", control_url.value(), {}, {}, {}, {}, {}};
  int64_t next_id = 1;
  // Each name is looked up once: every round then uses the same addresses.
  co_await resolve(config, target, clock, next_id++);
  co_await resolve(config, control, clock, next_id++);

  const int rounds = std::max(config.rounds, 1);
  std::vector<ThrottlingRound> observed(static_cast<std::size_t>(rounds));
  for (int r = 0; r < rounds; ++r) {
    // Alternate which goes first, so that a change of the path during the run hits both.
    Side* order[2] = {&target, &control};
    if (r % 2 == 1)
      std::swap(order[0], order[1]);
    for (Side* side : order) {
      net::Trace flow(clock, next_id++);
      if (r == 0)
        flow.queries = side->queries;
      FetchOutcome out = co_await download(config, *side, flow);
      if (out.failure && out.failed_operation != Operation::http_round_trip)
        record_failed_request(flow, side->url, request_headers_for(side->url), *out.failure);
      auto obs = observe_download(flow.network_events, out.failure, out.failed_operation);
      side->keys.push_back(download_keys(*side, r, out, flow, obs));
      (side == &target ? observed[r].target : observed[r].control) = std::move(obs);
    }
  }

  auto summary = summarize_throttling(observed, config.bytes, config.thresholds);
  json::object tk;
  tk["target"] = std::move(target.keys);
  tk["control"] = std::move(control.keys);
  tk["x_control_url"] = control.url.text;
  json::object x = summary.to_json();
  x["bytes_cap"] = config.bytes;
  x["max_seconds"] = static_cast<double>(config.max_download.count()) / 1000.0;
  tk["x_throttling"] = std::move(x);
  tk["x_ashyq_verdict"] =
      analyze_throttling(target.url.text, control.url.text, observed, summary, config.thresholds)
          .to_json();
  co_return tk;
}

asio::awaitable<core::Result<json::object>> measure_throttling(std::string input,
                                                               const ThrottlingConfig& config,
                                                               EnvelopeInfo info) {
  core::MeasurementClock clock;
  auto keys = co_await run_throttling(input, config, clock);
  if (!keys)
    co_return keys.error();
  co_return finish_measurement(std::move(info), "throttling", kThrottlingVersion, input, config,
                               clock, std::move(keys.value()));
}

namespace {

// An integer option within [lo, hi]; the error names the option.
core::Result<long long> int_option(const ExperimentOptions& options, std::string_view key,
                                   long long fallback, long long lo, long long hi) {
  auto text = options.get(key);
  if (!text)
    return fallback;
  long long value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc{} || end != text->data() + text->size() || value < lo || value > hi) {
    return core::Error{
        "-O " + std::string(key) + "=" + *text,
        "expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi)};
  }
  return value;
}

}  // namespace

asio::awaitable<core::Result<json::object>> measure_throttling_entry(
    std::string input, const ExperimentSettings& settings, EnvelopeInfo info) {
  ThrottlingConfig config;
  static_cast<ProbeBasics&>(config) = settings.common;
  config.control_url = settings.options.get("control").value_or("");
  auto bytes = int_option(settings.options, "bytes", 256 * 1024, 1024, 64LL * 1024 * 1024);
  auto rounds = int_option(settings.options, "rounds", 3, 1, 20);
  auto seconds = int_option(settings.options, "max_seconds", 10, 1, 300);
  for (const auto* v : {&bytes, &rounds, &seconds}) {
    if (!*v)
      co_return v->error();
  }
  config.bytes = static_cast<std::uint64_t>(bytes.value());
  config.rounds = static_cast<int>(rounds.value());
  config.max_download = std::chrono::seconds(seconds.value());
  co_return co_await measure_throttling(std::move(input), config, std::move(info));
}

}  // namespace ashyq::experiments
