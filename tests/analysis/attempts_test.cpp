// Confirmation before accusation: the verdict over several attempts at one URL, and when to
// measure once more (analysis/attempts.hpp).
#include "analysis/attempts.hpp"

#include <gtest/gtest.h>

namespace ashyq::analysis {
namespace {

Verdict verdict(Method method, double confidence, bool timeouts, std::string line) {
  Verdict v = make_verdict(method, confidence, std::move(line), {});
  v.rests_on_timeouts = timeouts;
  return v;
}

Attempt attempt(Method method, double confidence, bool timeouts, std::string line,
                std::string time = "") {
  return {verdict(method, confidence, timeouts, std::move(line)), std::move(time)};
}

std::string lines(const Verdict& v) {
  std::string out;
  for (const auto& e : v.evidence)
    out += e + "\n";
  return out;
}

TEST(Attempts, TheVerdictOverEveryAttempt) {
  struct Case {
    const char* name;
    std::vector<Attempt> attempts;
    Method method;
    double confidence;
    bool rests_on_timeouts;
    const char* evidence;  // a line that must be there
  };
  const Case cases[] = {
      {"one attempt is its own verdict",
       {attempt(Method::tls, 0.7, true, "the handshake timed out")},
       Method::tls,
       0.7,
       true,
       "the handshake timed out"},
      {"a timeout that did not repeat",
       {attempt(Method::tls, 0.7, true, "the handshake timed out", "2026-12-07 10:00:00"),
        attempt(Method::none, 0.9, false, "fetched the page", "2026-12-07 10:03:00")},
       Method::unknown,
       kNotReproducible,
       false,
       "not reproducible: attempt 1 (2026-12-07 10:00:00 UTC) found tls (confidence 0.70), but "
       "attempt 2 (2026-12-07 10:03:00 UTC) found none"},
      {"a timeout at another step the second time: undecided, measured again",
       {attempt(Method::tls, 0.7, true, "the handshake timed out"),
        attempt(Method::tcp_ip, 0.7, true, "the connect timed out")},
       Method::unknown,
       kNotReproducible,
       true,
       "could not decide, the network too lossy: attempt 1 found tls; attempt 2 found tcp_ip; "
       "each failure rests on timeouts at a different step"},
      {"a lost lookup first, then two handshake timeouts: the repeated one decides",
       {attempt(Method::dns, 0.6, true, "the lookup timed out"),
        attempt(Method::tls, 0.7, true, "the handshake timed out"),
        attempt(Method::tls, 0.7, true, "the handshake timed out")},
       Method::tls,
       0.8,
       true,
       "set aside as inconclusive (timeouts at another step, or no verdict): attempt 1 (dns)"},
      {"a lost lookup between two handshake timeouts is set aside",
       {attempt(Method::tls, 0.7, true, "the handshake timed out"),
        attempt(Method::dns, 0.6, true, "the lookup timed out"),
        attempt(Method::tls, 0.7, true, "the handshake timed out")},
       Method::tls,
       0.8,
       true,
       "set aside as inconclusive (timeouts at another step, or no verdict): attempt 2 (dns)"},
      {"an attempt that could not be judged is set aside",
       {attempt(Method::tls, 0.7, true, "the handshake timed out"),
        attempt(Method::unknown, 0.2, false, "the control failed"),
        attempt(Method::tls, 0.7, true, "the handshake timed out")},
       Method::tls,
       0.8,
       true,
       "the failure repeated in 2 of 3 attempts"},
      {"a lookup lost, then the page fetched: not reproducible",
       {attempt(Method::tls, 0.7, true, "the handshake timed out"),
        attempt(Method::dns, 0.6, true, "the lookup timed out"),
        attempt(Method::none, 0.9, false, "fetched the page")},
       Method::unknown,
       kNotReproducible,
       false,
       "but attempt 3 found none"},
      {"firm evidence decides, as in a single measurement; the timeout is set aside",
       {attempt(Method::tls, 0.7, true, "the handshake timed out"),
        attempt(Method::tcp_ip, 0.9, false, "the connect was refused")},
       Method::tcp_ip,
       0.9,
       false,
       "1 of 2 attempts name tcp_ip; attempt 2 found firmer evidence: the connect was refused"},
      {"two firm findings that disagree",
       {attempt(Method::tls, 0.85, false, "the handshake was reset"),
        attempt(Method::tcp_ip, 0.9, false, "the connect was refused")},
       Method::unknown,
       kNotReproducible,
       false,
       "not reproducible: attempt 1 found tls (confidence 0.85), but attempt 2 found tcp_ip"},
      {"the site was down the second time",
       {attempt(Method::dns, 0.6, true, "the lookup timed out"),
        attempt(Method::down, 0.8, false, "the control failed too")},
       Method::unknown,
       kNotReproducible,
       false,
       "found down"},
      {"a lookup timeout three times",
       {attempt(Method::dns, 0.6, true, "the lookup timed out", "2026-12-07 10:00:00"),
        attempt(Method::dns, 0.6, true, "the lookup timed out", "2026-12-07 10:02:00"),
        attempt(Method::dns, 0.6, true, "the lookup timed out", "2026-12-07 10:04:00")},
       Method::dns,
       0.8,
       true,
       "the failure repeated in 3 of 3 attempts (2026-12-07 10:00:00, 2026-12-07 10:02:00, "
       "2026-12-07 10:04:00 UTC)"},
      {"repeated timeouts stay below a reset",
       {attempt(Method::tcp_ip, 0.8, true, "every address timed out"),
        attempt(Method::tcp_ip, 0.8, true, "every address timed out"),
        attempt(Method::tcp_ip, 0.8, true, "every address timed out")},
       Method::tcp_ip,
       kRepeatedTimeouts,
       true,
       "every address timed out"},
      {"a timeout, then a reset at the same step",
       {attempt(Method::tls, 0.7, true, "the handshake timed out"),
        attempt(Method::tls, 0.85, false, "the handshake was reset")},
       Method::tls,
       0.85,
       false,
       "2 of 2 attempts name tls; attempt 2 found firmer evidence: the handshake was reset"},
  };
  for (const auto& c : cases) {
    const Verdict v = combine_attempts(c.attempts);
    EXPECT_EQ(v.method, c.method) << c.name << "\n" << lines(v);
    EXPECT_DOUBLE_EQ(v.confidence, c.confidence) << c.name << "\n" << lines(v);
    EXPECT_EQ(v.rests_on_timeouts, c.rests_on_timeouts) << c.name;
    EXPECT_EQ(v.attempts, c.attempts.size()) << c.name;
    EXPECT_NE(lines(v).find(c.evidence), std::string::npos) << c.name << "\n" << lines(v);
    EXPECT_EQ(v.to_json().contains("attempts"), c.attempts.size() > 1) << c.name;
  }
}

TEST(Attempts, NoAttemptIsUnknown) {
  EXPECT_EQ(combine_attempts({}).method, Method::unknown);
}

TEST(Attempts, WhenToMeasureAgain) {
  struct Case {
    const char* name;
    Verdict combined;
    unsigned max_extra;
    bool again;
  };
  auto with_attempts = [](Verdict v, unsigned n) {
    v.attempts = n;
    return v;
  };
  const Case cases[] = {
      {"a first timeout", verdict(Method::tls, 0.7, true, "timed out"), 2, true},
      {"a timeout repeated once", with_attempts(verdict(Method::tls, 0.8, true, "t"), 2), 2, true},
      {"the attempts are spent", with_attempts(verdict(Method::tls, 0.85, true, "t"), 3), 2, false},
      {"confirmation is off", verdict(Method::tls, 0.7, true, "timed out"), 0, false},
      {"a reset needs no confirmation", verdict(Method::tls, 0.85, false, "reset"), 2, false},
      {"not blocked", verdict(Method::none, 0.9, false, "fetched"), 2, false},
      {"not reproducible", with_attempts(verdict(Method::unknown, 0.3, false, "n"), 2), 2, false},
      {"undecided, attempts left", with_attempts(verdict(Method::unknown, 0.3, true, "c"), 2), 2,
       true},
      {"undecided, attempts spent", with_attempts(verdict(Method::unknown, 0.3, true, "c"), 3), 2,
       false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(measure_again(c.combined, c.max_extra), c.again) << c.name;
    // The runner asks the stored measurement the same question.
    boost::json::object m{{"test_keys", {{"x_ashyq_verdict", c.combined.to_json()}}}};
    EXPECT_EQ(measure_again(m, c.max_extra), c.again) << c.name << " (stored)";
  }
  EXPECT_FALSE(measure_again(boost::json::object{}, 2));
  EXPECT_FALSE(measure_again(boost::json::object{{"test_keys", 1}}, 2));
}

}  // namespace
}  // namespace ashyq::analysis
