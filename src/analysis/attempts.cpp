#include "analysis/attempts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <optional>

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
  const bool undecided = combined.blocked() || combined.method == Method::unknown;
  return undecided && combined.rests_on_timeouts && combined.attempts < 1 + max_extra;
}

bool measure_again(const json::object& measurement, unsigned max_extra) {
  const auto* tk = measurement.if_contains("test_keys");
  const auto* v = tk && tk->is_object() ? tk->as_object().if_contains("x_ashyq_verdict") : nullptr;
  const auto* verdict = v ? v->if_object() : nullptr;
  if (!verdict)
    return false;
  const auto* method = verdict->if_contains("method");
  const auto* timeouts = verdict->if_contains("rests_on_timeouts");
  if (!method || !method->is_string() || !timeouts || !timeouts->is_bool() ||
      !timeouts->as_bool()) {
    return false;
  }
  const std::string_view name(method->as_string());
  if (!is_blocking(name) && name != to_string(Method::unknown))
    return false;
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
  const auto n = static_cast<unsigned>(attempts.size());
  auto every_attempt = [&](Verdict& v) {
    for (std::size_t k = 0; k < attempts.size(); ++k)
      v.evidence.push_back(label(attempts, k) + ": " + headline(attempts[k].verdict));
  };
  auto not_reproducible = [&](std::size_t a, std::size_t b) {
    const Verdict& x = attempts[a].verdict;
    Verdict v;
    v.method = Method::unknown;
    v.confidence = kNotReproducible;
    v.attempts = n;
    v.evidence.push_back(fmt::format(
        "not reproducible: {} found {} (confidence {:.2f}), but {} found {}; a verdict that rests "
        "on timeouts, which a lossy network causes too, stands only if the failure repeats",
        label(attempts, a), to_string(x.method), x.confidence, label(attempts, b),
        to_string(attempts[b].verdict.method)));
    every_attempt(v);
    return v;
  };

  // An attempt that reached the site or found it down for everyone refutes every accusation.
  const auto accusing = [&](std::size_t k) { return attempts[k].verdict.blocked(); };
  const auto clear = [&](std::size_t k) {
    const auto m = attempts[k].verdict.method;
    return m == Method::none || m == Method::down;
  };
  std::optional<std::size_t> first_accusing, first_clear, first_firm;
  for (std::size_t k = 0; k < attempts.size(); ++k) {
    if (accusing(k) && !first_accusing)
      first_accusing = k;
    if (clear(k) && !first_clear)
      first_clear = k;
    if (accusing(k) && !attempts[k].verdict.rests_on_timeouts && !first_firm)
      first_firm = k;
  }
  if (!first_accusing) {
    // Nothing accused: the first verdict, unless the others disagree.
    for (std::size_t k = 1; k < attempts.size(); ++k) {
      if (attempts[k].verdict.method != attempts[0].verdict.method)
        return not_reproducible(0, k);
    }
    Verdict v = attempts[0].verdict;
    v.attempts = n;
    return v;
  }
  if (first_clear)
    return not_reproducible(*first_accusing, *first_clear);

  // The method decided: the one firm evidence names (firm evidence stands alone, as in a single
  // measurement); else the one that repeated on timeouts (most attempts, then earliest).
  Method decided = Method::unknown;
  if (first_firm) {
    decided = attempts[*first_firm].verdict.method;
    for (std::size_t k = 0; k < attempts.size(); ++k) {
      const auto& x = attempts[k].verdict;
      if (x.blocked() && !x.rests_on_timeouts && x.method != decided)
        return not_reproducible(*first_firm, k);  // two firm findings that disagree
    }
  } else {
    std::size_t best = 0;
    for (std::size_t k = 0; k < attempts.size(); ++k) {
      if (!accusing(k))
        continue;
      std::size_t count = 0;
      for (std::size_t j = 0; j < attempts.size(); ++j)
        count += attempts[j].verdict.method == attempts[k].verdict.method;
      if (count > best) {
        best = count;
        decided = attempts[k].verdict.method;
      }
    }
    if (best < 2) {
      // Every accusation rests on timeouts at a different step (or attempts could not be
      // judged): neither repeated nor refuted. Undecided, measured again while attempts remain.
      Verdict v;
      v.method = Method::unknown;
      v.confidence = kNotReproducible;
      v.attempts = n;
      v.rests_on_timeouts = true;
      std::string found;
      for (std::size_t k = 0; k < attempts.size(); ++k) {
        found += fmt::format("{}{} found {}", found.empty() ? "" : "; ", label(attempts, k),
                             to_string(attempts[k].verdict.method));
      }
      v.evidence.push_back(fmt::format(
          "could not decide, the network too lossy: {}; each failure rests on timeouts at a "
          "different step (or could not be judged), which neither confirms one nor shows the "
          "site reachable",
          found));
      every_attempt(v);
      return v;
    }
  }

  std::vector<std::size_t> agreeing, set_aside;
  for (std::size_t k = 0; k < attempts.size(); ++k)
    (attempts[k].verdict.method == decided ? agreeing : set_aside).push_back(k);
  const Verdict& base = attempts[agreeing.front()].verdict;
  Verdict v = base;
  v.attempts = n;
  std::vector<std::string> lines;
  if (!first_firm) {
    v.rests_on_timeouts = true;
    v.confidence =
        std::min(kRepeatedTimeouts, base.confidence + kRepetitionBonus * (agreeing.size() - 1));
    std::string when;
    for (const auto k : agreeing) {
      if (!attempts[k].measurement_start_time.empty())
        when += (when.empty() ? "" : ", ") + attempts[k].measurement_start_time;
    }
    lines.push_back(fmt::format(
        "the failure repeated in {} of {} attempts{}: less likely an ordinary loss, though "
        "still timeouts",
        agreeing.size(), n, when.empty() ? "" : " (" + when + " UTC)"));
  } else {
    v.rests_on_timeouts = false;
    for (const auto k : agreeing)
      v.confidence = std::max(v.confidence, attempts[k].verdict.confidence);
    lines.push_back(fmt::format(
        "{} of {} attempts name {}; {} found firmer evidence: {}", agreeing.size(), n,
        to_string(decided), label(attempts, *first_firm), headline(attempts[*first_firm].verdict)));
  }
  if (!set_aside.empty()) {
    std::string aside;
    for (const auto k : set_aside) {
      aside += fmt::format("{}{} ({})", aside.empty() ? "" : "; ", label(attempts, k),
                           to_string(attempts[k].verdict.method));
    }
    lines.push_back("set aside as inconclusive (timeouts at another step, or no verdict): " +
                    aside);
  }
  for (const auto k : agreeing) {
    for (const auto& fp : attempts[k].verdict.fingerprints) {
      if (std::none_of(v.fingerprints.begin(), v.fingerprints.end(),
                       [&](const auto& seen) { return seen.name == fp.name; }))
        v.fingerprints.push_back(fp);
    }
  }
  lines.insert(lines.end(), base.evidence.begin(), base.evidence.end());
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
