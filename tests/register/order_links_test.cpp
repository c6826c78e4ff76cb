// Table tests for register/order_links.hpp: the three findings and each target's blocking, from a
// small fictional register and hand-made observations.
#include "register/order_links.hpp"

#include <gtest/gtest.h>

namespace ashyq::legal {
namespace {

Authority authority(std::string id, std::string country) {
  Authority a;
  a.common.id = std::move(id);
  a.kind = AuthorityKind::court;
  a.name = "Fictional district court";
  a.country = std::move(country);
  return a;
}

Order order(std::string id, std::string authority, std::string in_force,
            std::vector<OrderTarget> targets) {
  Order o;
  o.common.id = std::move(id);
  o.authority = std::move(authority);
  o.date_issued = in_force;
  o.date_in_force = std::move(in_force);
  o.targets = std::move(targets);
  return o;
}

Observation seen(std::string domain, std::string network, std::string time, Outcome outcome,
                 std::string country = "KZ") {
  return {std::move(domain), std::move(country), std::move(network), std::move(time), outcome};
}

// The fictional register every row uses:
//   court-kz (KZ), court-uz (UZ)
//   order-a  court-kz, national, in force 2026-03-01: domain blocked.example
//   order-b  court-kz, only AS100, in force 2026-01-10, lifted 2026-06-01:
//            URL https://news.example/page, app "Messenger"
//   order-c  court-kz, national, in force 2026-05-01: domain blocked.example again (later)
//   order-u  court-uz, national, 2026-01-01: domain other.example
Register fictional_register() {
  Register reg;
  reg.authorities = {authority("court-kz", "KZ"), authority("court-uz", "UZ")};
  reg.orders.push_back(
      order("order-a", "court-kz", "2026-03-01", {{TargetKind::domain, "blocked.example"}}));
  Order b = order(
      "order-b", "court-kz", "2026-01-10",
      {{TargetKind::url, "https://news.example:443/page?x=1"}, {TargetKind::app, "Messenger"}});
  b.national = false;
  b.networks = {{"AS100", "Fictional Telecom"}};
  b.status = {{OrderStatus::lifted, "2026-06-01"}};
  reg.orders.push_back(b);
  reg.orders.push_back(
      order("order-c", "court-kz", "2026-05-01", {{TargetKind::domain, "blocked.example"}}));
  reg.orders.push_back(
      order("order-u", "court-uz", "2026-01-01", {{TargetKind::domain, "other.example"}}));
  return reg;
}

TEST(OrderLinks, TargetsNameDomains) {
  struct Row {
    OrderTarget target;
    const char* domain;
    bool names;
  };
  const Row rows[] = {
      {{TargetKind::domain, "blocked.example"}, "blocked.example", true},
      {{TargetKind::domain, "blocked.example"}, "www.blocked.example", true},
      {{TargetKind::domain, "Blocked.Example."}, "www.blocked.example", true},
      {{TargetKind::domain, "blocked.example"}, "notblocked.example", false},
      {{TargetKind::domain, "blocked.example"}, "blocked.example.org", false},
      {{TargetKind::url, "https://news.example/page"}, "news.example", true},
      {{TargetKind::url, "http://user@News.Example:8080/"}, "news.example", true},
      {{TargetKind::url, "https://news.example/page"}, "www.news.example", false},
      {{TargetKind::url, "https://[2001:db8::1]/"}, "2001:db8::1", false},
      {{TargetKind::app, "news.example"}, "news.example", false},
      {{TargetKind::ip_range, "192.0.2.0/24"}, "192.0.2.1", false},
  };
  for (const Row& row : rows)
    EXPECT_EQ(target_names_domain(row.target, row.domain), row.names)
        << row.target.value << " / " << row.domain;
}

TEST(OrderLinks, InForceFollowsTheStatusHistory) {
  Order o = order("o", "a", "2026-03-01", {});
  o.status = {{OrderStatus::lifted, "2026-06-01"}, {OrderStatus::in_force, "2026-09-15"}};
  const std::pair<const char*, bool> rows[] = {
      {"2026-02-28", false}, {"2026-03-01", true},  {"2026-05-31", true},
      {"2026-06-01", false}, {"2026-09-14", false}, {"2026-09-15", true},
  };
  for (auto [day, expected] : rows)
    EXPECT_EQ(in_force_on(o, day), expected) << day;
  o.date_in_force = "";
  o.date_issued = "2026-04-01";
  EXPECT_FALSE(in_force_on(o, "2026-03-15"));  // no date in force: from the day it was issued
  EXPECT_TRUE(in_force_on(o, "2026-04-01"));
}

TEST(OrderLinks, TheThreeFindings) {
  const Register reg = fictional_register();
  const std::vector<Observation> observations = {
      // blocked.example: blocked before order-a (its first order), then after, on two networks.
      seen("blocked.example", "AS100", "2026-02-20 10:00:00", Outcome::blocked),
      seen("www.blocked.example", "AS200", "2026-03-05 08:00:00", Outcome::blocked),
      seen("blocked.example", "AS200", "2026-05-02 08:00:00", Outcome::blocked),
      // …and accessible on AS300 while order-a was in force.
      seen("blocked.example", "AS300", "2026-04-01 00:00:00", Outcome::accessible),
      seen("blocked.example", "AS300", "2026-04-03 00:00:00", Outcome::accessible),
      // Accessible before any order was in force: not "ordered but not blocked".
      seen("blocked.example", "AS300", "2026-01-01 00:00:00", Outcome::accessible),
      // news.example (order-b, AS100 only, lifted 2026-06-01):
      seen("news.example", "AS100", "2026-02-01 00:00:00", Outcome::accessible),  // counts
      seen("news.example", "AS200", "2026-02-01 00:00:00", Outcome::accessible),  // not bound
      seen("news.example", "AS100", "2026-07-01 00:00:00", Outcome::accessible),  // lifted
      seen("news.example", "AS200", "2026-02-02 00:00:00", Outcome::blocked),     // named
      // unordered.example: blocked with no order; undecided measurements are no evidence.
      seen("unordered.example", "AS200", "2026-03-01 12:00:00", Outcome::blocked),
      seen("unordered.example", "AS100", "2026-03-02 12:00:00", Outcome::blocked),
      seen("unordered.example", "AS100", "2026-03-03 12:00:00", Outcome::undecided),
      seen("quiet.example", "AS100", "2026-03-03 12:00:00", Outcome::undecided),
      // other.example is named by an order of another country only.
      seen("other.example", "AS100", "2026-03-03 12:00:00", Outcome::blocked),
      seen("other.example", "AS900", "2026-03-03 12:00:00", Outcome::blocked, "UZ"),
  };
  const OrderLinks links = link_orders(reg, observations);

  const std::vector<TargetBlocking> targets = {
      {"order-a",
       "blocked.example",
       "blocked.example",
       {"2026-02-20 10:00:00", "2026-05-02 08:00:00", {"AS100", "AS200"}, 2}},
      {"order-a",
       "blocked.example",
       "www.blocked.example",
       {"2026-03-05 08:00:00", "2026-03-05 08:00:00", {"AS200"}, 1}},
      {"order-b",
       "https://news.example:443/page?x=1",
       "news.example",
       {"2026-02-02 00:00:00", "2026-02-02 00:00:00", {"AS200"}, 1}},
      {"order-c",
       "blocked.example",
       "blocked.example",
       {"2026-02-20 10:00:00", "2026-05-02 08:00:00", {"AS100", "AS200"}, 2}},
      {"order-c",
       "blocked.example",
       "www.blocked.example",
       {"2026-03-05 08:00:00", "2026-03-05 08:00:00", {"AS200"}, 1}},
      {"order-u",
       "other.example",
       "other.example",
       {"2026-03-03 12:00:00", "2026-03-03 12:00:00", {"AS900"}, 1}},
  };
  EXPECT_EQ(links.targets, targets);

  const std::vector<BlockedWithoutOrder> without = {
      {"KZ", "other.example", {"2026-03-03 12:00:00", "2026-03-03 12:00:00", {"AS100"}, 1}},
      {"KZ",
       "unordered.example",
       {"2026-03-01 12:00:00", "2026-03-02 12:00:00", {"AS100", "AS200"}, 2}},
  };
  EXPECT_EQ(links.blocked_without_order, without);

  const std::vector<OrderedNotBlocked> not_blocked = {
      {"order-a", "blocked.example", {"2026-04-01 00:00:00", "2026-04-03 00:00:00", {"AS300"}, 2}},
      {"order-b", "news.example", {"2026-02-01 00:00:00", "2026-02-01 00:00:00", {"AS100"}, 1}},
  };
  EXPECT_EQ(links.ordered_not_blocked, not_blocked);

  const std::vector<BlockedBeforeOrder> before = {
      {"order-a",
       "2026-03-01",
       "blocked.example",
       {"2026-02-20 10:00:00", "2026-02-20 10:00:00", {"AS100"}, 1}},
  };
  EXPECT_EQ(links.blocked_before_order, before);
}

TEST(OrderLinks, AnOrderWithoutItsAuthorityLinksNothing) {
  Register reg = fictional_register();
  reg.authorities.clear();  // e.g. the public view when the authority is a draft
  const OrderLinks links =
      link_orders(reg, {seen("blocked.example", "AS1", "2026-04-01 00:00:00", Outcome::blocked)});
  EXPECT_TRUE(links.targets.empty());
  ASSERT_EQ(links.blocked_without_order.size(), 1u);
  EXPECT_EQ(links.blocked_without_order[0].domain, "blocked.example");
}

TEST(OrderLinks, CountedObservationsCountEachMeasurement) {
  Observation day = seen("unordered.example", "AS1", "2026-03-01 00:00:00", Outcome::blocked);
  day.count = 5;
  Observation none = seen("unordered.example", "AS2", "2026-03-02 00:00:00", Outcome::blocked);
  none.count = 0;  // a day with no such measurement is no observation
  const OrderLinks links = link_orders(fictional_register(), {day, none});
  ASSERT_EQ(links.blocked_without_order.size(), 1u);
  EXPECT_EQ(links.blocked_without_order[0].blocked,
            (Span{"2026-03-01 00:00:00", "2026-03-01 00:00:00", {"AS1"}, 5}));
}

}  // namespace
}  // namespace ashyq::legal
