// Table tests for register/outlet_timeline.hpp: which orders and cases concern an outlet, how
// measured days become blocking periods, and the order of the timeline. Every name is fictional.
#include "register/outlet_timeline.hpp"

#include <gtest/gtest.h>

namespace ashyq::legal {
namespace {

Observation seen(std::string domain, std::string network, std::string day, Outcome outcome,
                 std::string country = "KZ", std::size_t count = 1) {
  return {
      std::move(domain), std::move(country), std::move(network), day + " 00:00:00", outcome, count};
}

TEST(OutletTimeline, WhichOrdersConcernAnOutlet) {
  struct Row {
    OrderTarget target;
    bool concerns;
  };
  const std::vector<std::string> domains = {"outlet.example", "mirror.example"};
  const Row rows[] = {
      {{TargetKind::domain, "outlet.example"}, true},
      {{TargetKind::domain, "news.outlet.example"}, true},  // a part of the outlet's site
      {{TargetKind::domain, "example"}, true},              // names every *.example
      {{TargetKind::domain, "otheroutlet.example"}, false},
      {{TargetKind::url, "https://mirror.example/article"}, true},
      {{TargetKind::url, "https://www.outlet.example/"}, false},  // a URL names its host only
      {{TargetKind::app, "outlet.example"}, false},
      {{TargetKind::ip_range, "192.0.2.0/24"}, false},
  };
  for (const Row& row : rows) {
    Order order;
    order.targets = {row.target};
    EXPECT_EQ(order_concerns(order, domains), row.concerns) << row.target.value;
  }
}

TEST(OutletTimeline, MeasuredDaysBecomeBlockingPeriods) {
  struct Row {
    const char* what;
    std::vector<Observation> observations;
    std::vector<std::tuple<std::string, std::string, std::vector<std::string>, std::size_t>>
        periods;  // first day, last day, networks, measurements
  };
  const Row rows[] = {
      {"one day",
       {seen("outlet.example", "AS1", "2026-03-01", Outcome::blocked)},
       {{"2026-03-01", "2026-03-01", {"AS1"}, 1}}},
      {"days without measurements do not break a period",
       {seen("outlet.example", "AS1", "2026-03-01", Outcome::blocked),
        seen("outlet.example", "AS2", "2026-03-09", Outcome::blocked, "KZ", 3)},
       {{"2026-03-01", "2026-03-09", {"AS1", "AS2"}, 4}}},
      {"a day accessible everywhere ends a period",
       {seen("outlet.example", "AS1", "2026-03-01", Outcome::blocked),
        seen("outlet.example", "AS1", "2026-03-02", Outcome::accessible),
        seen("outlet.example", "AS1", "2026-03-05", Outcome::blocked)},
       {{"2026-03-01", "2026-03-01", {"AS1"}, 1}, {"2026-03-05", "2026-03-05", {"AS1"}, 1}}},
      {"accessible on one network, blocked on another: still blocked",
       {seen("outlet.example", "AS1", "2026-03-01", Outcome::blocked),
        seen("outlet.example", "AS1", "2026-03-02", Outcome::accessible),
        seen("outlet.example", "AS2", "2026-03-02", Outcome::blocked)},
       {{"2026-03-01", "2026-03-02", {"AS1", "AS2"}, 2}}},
      {"undecided measurements are no evidence either way",
       {seen("outlet.example", "AS1", "2026-03-01", Outcome::blocked),
        seen("outlet.example", "AS1", "2026-03-02", Outcome::undecided),
        seen("outlet.example", "AS1", "2026-03-03", Outcome::blocked)},
       {{"2026-03-01", "2026-03-03", {"AS1"}, 2}}},
      {"accessible only: no period",
       {seen("outlet.example", "AS1", "2026-03-01", Outcome::accessible)},
       {}},
      {"another site is not the outlet",
       {seen("otheroutlet.example", "AS1", "2026-03-01", Outcome::blocked)},
       {}},
  };
  Outlet outlet;
  outlet.common.id = "outlet";
  outlet.domains = {"outlet.example"};
  for (const Row& row : rows) {
    const auto timeline = outlet_timeline(Register{}, outlet, row.observations);
    ASSERT_EQ(timeline.size(), row.periods.size()) << row.what;
    for (std::size_t i = 0; i < timeline.size(); ++i) {
      const TimelineEntry& e = timeline[i];
      const auto& [first, last, networks, count] = row.periods[i];
      EXPECT_EQ(e.kind, TimelineKind::blocked) << row.what;
      EXPECT_EQ(e.ref, "outlet.example") << row.what;
      EXPECT_EQ(e.country, "KZ") << row.what;
      EXPECT_EQ(e.date, first) << row.what;
      EXPECT_EQ(e.until, last) << row.what;
      EXPECT_EQ(e.networks, networks) << row.what;
      EXPECT_EQ(e.measurements, count) << row.what;
    }
  }
}

// A fictional outlet with a subdomain, an order naming it (issued, in force later, lifted), one
// of its journalists charged, a person of another outlet, and blocking in two countries.
TEST(OutletTimeline, PutsLegalEventsAndBlockingOnOneAxis) {
  Register reg;
  Order order;
  order.common.id = "order-1";
  order.date_issued = "2026-02-01";
  order.date_in_force = "2026-02-03";
  order.targets = {{TargetKind::domain, "outlet.example"}};
  order.status = {{OrderStatus::lifted, "2026-06-01"}};
  reg.orders.push_back(order);
  Order unrelated = order;
  unrelated.common.id = "order-0";
  unrelated.targets = {{TargetKind::domain, "other.example"}};
  reg.orders.push_back(unrelated);
  Person journalist;
  journalist.common.id = "person-1";
  journalist.outlets = {"outlet"};
  Person elsewhere;
  elsewhere.common.id = "person-2";
  elsewhere.outlets = {"other"};
  reg.people = {journalist, elsewhere};
  LegalCase c;
  c.common.id = "case-1";
  c.person = "person-1";
  c.events = {{CaseEventKind::charged, "2026-02-01", "charged (fictional)"},
              {CaseEventKind::verdict, "2026-05-20", ""}};
  LegalCase other_case = c;
  other_case.common.id = "case-2";
  other_case.person = "person-2";
  reg.cases = {c, other_case};
  Outlet outlet;
  outlet.common.id = "outlet";
  outlet.domains = {"outlet.example"};

  const auto timeline =
      outlet_timeline(reg, outlet,
                      {seen("www.outlet.example", "AS1", "2026-01-20", Outcome::blocked),
                       seen("outlet.example", "AS9", "2026-02-03", Outcome::blocked, "UZ"),
                       seen("other.example", "AS1", "2026-02-03", Outcome::blocked)});
  std::vector<std::tuple<std::string, TimelineKind, std::string>> got;
  for (const auto& e : timeline)
    got.emplace_back(e.date, e.kind, e.ref);
  const std::vector<std::tuple<std::string, TimelineKind, std::string>> expected = {
      {"2026-01-20", TimelineKind::blocked, "www.outlet.example"},
      {"2026-02-01", TimelineKind::order_issued, "order-1"},
      {"2026-02-01", TimelineKind::case_event, "case-1"},
      {"2026-02-03", TimelineKind::order_in_force, "order-1"},
      {"2026-02-03", TimelineKind::blocked, "outlet.example"},
      {"2026-05-20", TimelineKind::case_event, "case-1"},
      {"2026-06-01", TimelineKind::order_lifted, "order-1"},
  };
  EXPECT_EQ(got, expected);
  EXPECT_EQ(timeline[2].person, "person-1");
  EXPECT_EQ(timeline[2].event, CaseEventKind::charged);
  EXPECT_EQ(timeline[2].description, "charged (fictional)");
  EXPECT_EQ(timeline[4].country, "UZ");
  EXPECT_EQ(kTimelineKinds.name(TimelineKind::order_lifted), "order_lifted");
}

}  // namespace
}  // namespace ashyq::legal
