// Counting results by method, and comparing them with a lab world's ground truth.
#include "report/counts.hpp"

#include <gtest/gtest.h>

namespace ashyq::report {
namespace {

store::MeasurementSummary make(std::string domain, std::string method, bool control_failed = false,
                               std::string scheme = "https://") {
  store::MeasurementSummary s;
  s.input = scheme + domain + "/";
  s.domain = std::move(domain);
  s.method = std::move(method);
  s.control_failed = control_failed;
  return s;
}

TEST(CountResults, EveryMeasurementLandsInExactlyOneTotal) {
  const std::vector<store::MeasurementSummary> in = {make("a.kz", "tls"),
                                                     make("b.kz", "tls"),
                                                     make("c.kz", "tcp_ip"),
                                                     make("d.kz", "none"),
                                                     make("e.kz", "down"),
                                                     make("f.kz", "unknown", true),
                                                     make("g.kz", "bogus"),
                                                     make("h.kz", "interception"),
                                                     make("i.kz", "blockpage", true),
                                                     make("a.kz", "tls", false, "http://")};
  const ReportCounts c = count_results(in);
  EXPECT_EQ(c.measurements, 10u);
  EXPECT_EQ(c.distinct_urls, 10u);
  EXPECT_EQ(c.blocked, 6u);
  EXPECT_EQ(c.accessible, 1u);
  EXPECT_EQ(c.down, 1u);
  EXPECT_EQ(c.undecided, 2u);
  EXPECT_EQ(c.unrecognised, 1u);
  EXPECT_EQ(c.control_failed, 2u);
  EXPECT_EQ(c.accessible + c.blocked + c.down + c.undecided, c.measurements);
  EXPECT_EQ(c.count("tls"), 3u);
  EXPECT_EQ(c.count("tcp_ip"), 1u);
  EXPECT_EQ(c.count("dns"), 0u);
  EXPECT_EQ(c.count("unknown"), 2u);
  EXPECT_EQ(c.count("bogus"), 0u);
  EXPECT_EQ(c.by_method.size(), 11u);  // every known method, zeros included
}

// Confirmation before accusation: an unknown verdict over several attempts is a failure that did
// not repeat; the report counts it apart, within the undecided.
TEST(CountResults, NotReproducibleIsCountedAmongTheUndecided) {
  auto again = [](std::string domain, std::string method, int64_t attempts) {
    auto s = make(std::move(domain), std::move(method));
    s.attempts = attempts;
    return s;
  };
  const ReportCounts c = count_results({again("a.kz", "unknown", 2), again("b.kz", "unknown", 1),
                                        again("c.kz", "tls", 3), again("d.kz", "none", 1)});
  EXPECT_EQ(c.undecided, 2u);
  EXPECT_EQ(c.not_reproducible, 1u);
  EXPECT_EQ(c.blocked, 1u);
}

TEST(CountResults, Empty) {
  const ReportCounts c = count_results({});
  EXPECT_EQ(c.measurements, 0u);
  EXPECT_EQ(c.blocked, 0u);
  EXPECT_EQ(c.count("tls"), 0u);
}

TEST(CompareGroundTruth, MatchesDomainByDomainAndCountsByMethod) {
  const std::vector<store::MeasurementSummary> found = {make("a.kz", "tls"),
                                                        make("b.kz", "tls"),
                                                        make("c.kz", "tcp_ip"),
                                                        make("d.kz", "none"),
                                                        make("extra.kz", "none"),
                                                        make("e.kz", "tls"),
                                                        make("e.kz", "none", false, "http://")};
  const std::vector<GroundTruthEntry> truth = {{"A.KZ.", "tls"}, {"b.kz", "tls"},
                                               {"c.kz", "tls"},  {"d.kz", "none"},
                                               {"e.kz", "tls"},  {"gone.kz", "slowness"}};
  const GroundTruthComparison g = compare_ground_truth(found, truth);
  ASSERT_EQ(g.rows.size(), 6u);
  EXPECT_TRUE(g.rows[0].matches) << "case and trailing dot are ignored";
  EXPECT_TRUE(g.rows[1].matches);
  EXPECT_FALSE(g.rows[2].matches);
  EXPECT_EQ(g.rows[2].found_methods, std::vector<std::string>{"tcp_ip"});
  EXPECT_TRUE(g.rows[3].matches);
  EXPECT_FALSE(g.rows[4].matches) << "one of e.kz's two measurements was not blocked";
  EXPECT_EQ(g.rows[4].found_methods, (std::vector<std::string>{"tls", "none"}));
  EXPECT_FALSE(g.rows[5].matches);
  EXPECT_TRUE(g.rows[5].found_methods.empty());
  EXPECT_EQ(g.matching, 3u);
  EXPECT_EQ(g.not_measured, 1u);
  EXPECT_EQ(g.measured_not_listed, 1u);

  const auto method = [&](const std::string& name) {
    for (const auto& m : g.methods) {
      if (m.method == name)
        return m;
    }
    ADD_FAILURE() << name << " missing";
    return MethodComparison{};
  };
  EXPECT_EQ(method("tls").expected, 4u);
  EXPECT_EQ(method("tls").found, 3u);
  EXPECT_EQ(method("tcp_ip").expected, 0u);
  EXPECT_EQ(method("tcp_ip").found, 1u);
  EXPECT_EQ(method("none").expected, 1u);
  EXPECT_EQ(method("none").found, 3u);
  EXPECT_EQ(method("slowness").expected, 1u);
  EXPECT_EQ(method("slowness").found, 0u);
  EXPECT_EQ(g.methods.back().method, "slowness") << "unknown names come after known ones";
}

}  // namespace
}  // namespace ashyq::report
