// Confirmation before accusation (issue 17, decided 2026-12-07): a blocking verdict that rests on
// timeouts alone (Verdict::rests_on_timeouts) is what a lossy mobile or rural link produces too,
// so the run measures that URL again later, on fresh connections, before it stores a verdict.
// This file is the pure half: whether to measure once more, and the verdict over every attempt.
// The runner does the measuring (runner/run.hpp); `ashyq analyze` recomputes the same verdict
// from the attempts a measurement stores (x_ashyq_attempts).
//
// The rules, in order:
// - one attempt: its own verdict;
// - an attempt that reached the site or found it down for everyone, beside one that accuses:
//   `unknown`, "not reproducible": a failure that did not repeat is not evidence of blocking;
// - an attempt that accuses on firmer evidence than timeouts (a reset, a forged answer) decides,
//   as it would in a single measurement, at the firmest confidence among those naming its method;
//   two firm findings that disagree: "not reproducible";
// - otherwise the method named by the most attempts (the earliest on a tie) decides if at least
//   two name it: the first's confidence raised by kRepetitionBonus per repetition, never above
//   kRepeatedTimeouts (a timeout that repeats is still a timeout);
// - no method repeated (timeouts at different steps, attempts that could not be judged):
//   `unknown`, "could not decide, the network too lossy", with rests_on_timeouts set, so the URL
//   is measured again while attempts remain.
// Attempts naming another method than the one decided are set aside as inconclusive, and named.
// (Decided 2026-12-07: at first a later attempt was judged against the first attempt alone; a
// lossy run then called an SNI-blackholed site `unknown` because its first lookup was lost,
// although its two handshakes after it timed out alike.)
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/verdict.hpp"
#include "core/result.hpp"

namespace ashyq::analysis {

// The test key that holds the attempts after the first: an array of {measurement_start_time,
// test_runtime, test_keys}, each test_keys as that attempt's own measurement wrote them.
inline constexpr std::string_view kAttemptsKey = "x_ashyq_attempts";

// Measurements after the first, by default (`ashyq run --confirmations`).
inline constexpr unsigned kDefaultConfirmations = 2;
inline constexpr double kRepetitionBonus = 0.1;
inline constexpr double kRepeatedTimeouts = 0.85;
// The confidence of "not reproducible" and of "could not decide".
inline constexpr double kNotReproducible = 0.3;

struct Attempt {
  Verdict verdict;                     // this attempt's own verdict
  std::string measurement_start_time;  // when it started ("2026-12-07 10:00:00"), for evidence
};

// Whether a URL whose attempts so far are judged by `combined` should be measured once more:
// a blocking verdict that still rests on timeouts alone, or one left undecided by timeouts at
// different steps (`unknown` with rests_on_timeouts), with fewer than 1 + max_extra attempts.
bool measure_again(const Verdict& combined, unsigned max_extra);
// The same question asked of a stored measurement's x_ashyq_verdict (test_keys), so the runner
// needs no parse of the whole measurement.
bool measure_again(const boost::json::object& measurement, unsigned max_extra);

// The verdict over every attempt, the first first (the rules above). Empty: unknown.
Verdict combine_attempts(std::span<const Attempt> attempts);

// Every attempt a web_connectivity measurement holds, each judged on its own: the measurement
// itself (the first attempt), then each entry of test_keys.x_ashyq_attempts, read with the
// first's envelope. The error names the entry that cannot be read.
core::Result<std::vector<Attempt>> judge_attempts(const boost::json::value& measurement,
                                                  const VerdictOptions& options = {});

}  // namespace ashyq::analysis
