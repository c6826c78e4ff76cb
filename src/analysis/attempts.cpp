#include "analysis/attempts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

#include "model/web_connectivity_test_keys.hpp"

namespace ashyq::analysis {

namespace json = boost::json;

namespace {

std::string label(std::span<const Attempt> attempts, std::size_t i) {
  const auto& time = attempts[i].measurement_start_time;
  return time.empty() ? fmt::format("attempt {}", i + 1)
                      : fmt::format("attempt {} ({} UTC)", i + 1, time);
}

std::string headline(const Verdict& v) {
  return v.evidence.empty() ? std::string("no evidence recorded") : v.evidence.front();
}

}  // namespace

bool measure_again(const Verdict& combined, unsigned max_extra) {
  return combined.blocked() && combined.rests_on_timeouts && combined.attempts < 1 + max_extra;
}

bool measure_again(const json::object& measurement, unsigned max_extra) {
  const auto* tk = measurement.if_contains("test_keys");
  const auto* v = tk && tk->is_object() ? tk->as_object().if_contains("x_ashyq_verdict") : nullptr;
  const auto* verdict = v ? v->if_object() : nullptr;
  if (!verdict)
    return false;
  const auto* method = verdict->if_contains("method");
  const auto* timeouts = verdict->if_contains("rests_on_timeouts");
  if (!method || !method->is_string() || !is_blocking(std::string_view(method->as_string())) ||
      !timeouts || !timeouts->is_bool() || !timeouts->as_bool()) {
    return false;
  }
  std::int64_t attempts = 1;
  if (const auto* n = verdict->if_contains("attempts"); n && n->is_int64())
    attempts = n->as_int64();
  else if (n && n->is_uint64())
    attempts = static_cast<std::int64_t>(std::min<std::uint64_t>(n->as_uint64(), 1000));
  return attempts < 1 + static_cast<std::int64_t>(max_extra);
}

Verdict combine_attempts(std::span<const Attempt> attempts) {
  if (attempts.empty())
    return make_verdict(Method::unknown, 0.0, "no measurement to judge", {});
  if (attempts.size() == 1)
    return attempts.front().verdict;
  const Verdict& first = attempts.front().verdict;
  const auto n = static_cast<unsigned>(attempts.size());

  for (std::size_t i = 1; i < attempts.size(); ++i) {
    const Verdict& later = attempts[i].verdict;
    if (later.method == first.method)
      continue;
    Verdict v;
    v.method = Method::unknown;
    v.confidence = kNotReproducible;
    v.attempts = n;
    v.evidence.push_back(fmt::format(
        "not reproducible: {} found {} (confidence {:.2f}), but {} found {}; a verdict that rests "
        "on timeouts, which a lossy network causes too, stands only if the failure repeats",
        label(attempts, 0), to_string(first.method), first.confidence, label(attempts, i),
        to_string(later.method)));
    for (std::size_t k = 0; k < attempts.size(); ++k)
      v.evidence.push_back(label(attempts, k) + ": " + headline(attempts[k].verdict));
    return v;
  }

  Verdict v = first;
  v.attempts = n;
  const auto firmer = std::find_if(attempts.begin(), attempts.end(),
                                   [](const Attempt& a) { return !a.verdict.rests_on_timeouts; });
  std::vector<std::string> lines;
  if (firmer == attempts.end()) {
    v.rests_on_timeouts = true;
    v.confidence = std::min(kRepeatedTimeouts, first.confidence + kRepetitionBonus * (n - 1));
    std::string when;
    for (std::size_t k = 0; k < attempts.size(); ++k) {
      if (!attempts[k].measurement_start_time.empty())
        when += (when.empty() ? "" : ", ") + attempts[k].measurement_start_time;
    }
    lines.push_back(fmt::format(
        "the failure repeated in each of {} attempts{}: less likely an ordinary loss, though "
        "still timeouts",
        n, when.empty() ? "" : " (" + when + " UTC)"));
  } else {
    v.rests_on_timeouts = false;
    for (const auto& a : attempts)
      v.confidence = std::max(v.confidence, a.verdict.confidence);
    const auto k = static_cast<std::size_t>(firmer - attempts.begin());
    lines.push_back(fmt::format("confirmed in {} attempts; {} found firmer evidence: {}", n,
                                label(attempts, k), headline(firmer->verdict)));
  }
  for (std::size_t k = 1; k < attempts.size(); ++k) {
    for (const auto& fp : attempts[k].verdict.fingerprints) {
      if (std::none_of(v.fingerprints.begin(), v.fingerprints.end(),
                       [&](const auto& seen) { return seen.name == fp.name; }))
        v.fingerprints.push_back(fp);
    }
  }
  lines.insert(lines.end(), first.evidence.begin(), first.evidence.end());
  v.evidence = std::move(lines);
  return v;
}

core::Result<std::vector<Attempt>> judge_attempts(const json::value& measurement,
                                                  const VerdictOptions& options) {
  auto first = model::parse_web_connectivity(measurement);
  if (!first)
    return first.error();
  std::vector<Attempt> out;
  out.push_back({analyze_verdict(*first, options), first->measurement_start_time});
  const auto* envelope = measurement.if_object();
  const auto* tk = envelope ? envelope->if_contains("test_keys") : nullptr;
  const auto* later = tk && tk->is_object() ? tk->as_object().if_contains(kAttemptsKey) : nullptr;
  if (!later || later->is_null())
    return out;
  if (!later->is_array())
    return core::Error{"test_keys." + std::string(kAttemptsKey), "not an array"};
  std::size_t i = 0;
  for (const auto& entry : later->as_array()) {
    ++i;
    const std::string where = fmt::format("test_keys.{}[{}]", kAttemptsKey, i - 1);
    const auto* e = entry.if_object();
    const auto* keys = e ? e->if_contains("test_keys") : nullptr;
    if (!keys || !keys->is_object())
      return core::Error{where, "an attempt needs its test_keys"};
    // The attempt as a measurement of its own: the first's envelope, its own time and keys.
    json::object as_measurement;
    for (const auto& [k, v] : *envelope) {
      if (k != "test_keys")
        as_measurement[k] = v;
    }
    as_measurement.erase("measurement_start_time");
    if (const auto* t = e->if_contains("measurement_start_time"))
      as_measurement["measurement_start_time"] = *t;
    as_measurement["test_keys"] = *keys;
    auto parsed = model::parse_web_connectivity(json::value(std::move(as_measurement)));
    if (!parsed)
      return core::Error{where, parsed.error().message()};
    out.push_back({analyze_verdict(*parsed, options), parsed->measurement_start_time});
  }
  return out;
}

}  // namespace ashyq::analysis
