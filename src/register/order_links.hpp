// The register beside the measurements: for each order, when and where its targets were measured
// blocked, and the three findings a human-rights report asks for —
//   blocked with no known order   a domain measured blocked in a country where no order of that
//                                 country's authorities names it;
//   ordered but not blocked       a target of an order measured accessible on a network the
//                                 order binds, on a day the order was in force;
//   blocked before the order      a domain measured blocked before the first order naming it
//                                 came into force.
// Pure: the caller gives the register entries it may show (the explorer: published ones) and one
// observation per measurement; the same inputs give the same findings, in a stable order.
//
// Matching (decided 2026-12-07, docs/register.md): a domain target names the domain and its
// subdomains (an order against example.kz covers www.example.kz); a URL target names its host
// only; app and address-range targets are not matched to web measurements. Measurements that could
// not decide are not evidence either way and are left out.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "register/records.hpp"

namespace ashyq::legal {

enum class Outcome { blocked, accessible, undecided };

// Measurements of a domain with one outcome, as the observatory judged them: one measurement, or
// `count` of them on the same network at the same time (the observatory's daily counts give one
// observation per day, network and outcome, timed at the day's start).
struct Observation {
  std::string domain;   // lower case, no trailing dot
  std::string country;  // "KZ"
  std::string network;  // "AS9198"
  std::string time;     // "YYYY-MM-DD hh:mm:ss" (UTC)
  Outcome outcome = Outcome::undecided;
  std::size_t count = 1;
};

// When and where a domain was measured: first and last time, the networks, how many measurements.
struct Span {
  std::string first;
  std::string last;
  std::vector<std::string> networks;  // sorted, unique
  std::size_t measurements = 0;
  bool operator==(const Span&) const = default;
};

// One target of one order, as measured (blocked measurements of its domain in the order's country,
// on any network).
struct TargetBlocking {
  std::string order;   // Order id
  std::string target;  // the target's value
  std::string domain;  // the measured domain it matched
  Span blocked;
  bool operator==(const TargetBlocking&) const = default;
};

struct BlockedWithoutOrder {
  std::string country;
  std::string domain;
  Span blocked;
  bool operator==(const BlockedWithoutOrder&) const = default;
};

struct OrderedNotBlocked {
  std::string order;
  std::string domain;
  Span accessible;  // only measurements on networks the order binds, on days it was in force
  bool operator==(const OrderedNotBlocked&) const = default;
};

struct BlockedBeforeOrder {
  std::string order;       // the first order naming the domain in that country
  std::string order_date;  // its effective date
  std::string domain;
  Span blocked;  // only the measurements before that date
  bool operator==(const BlockedBeforeOrder&) const = default;
};

struct OrderLinks {
  std::vector<TargetBlocking> targets;
  std::vector<BlockedWithoutOrder> blocked_without_order;
  std::vector<OrderedNotBlocked> ordered_not_blocked;
  std::vector<BlockedBeforeOrder> blocked_before_order;
};

// Whether `target` names `domain` (both lower case); false for app and address-range targets.
bool target_names_domain(const OrderTarget& target, const std::string& domain);

// An order binds the networks of its authority's country: all of them when national, else those
// it lists. An order whose authority is not in `reg` binds none.
OrderLinks link_orders(const Register& reg, const std::vector<Observation>& observations);

}  // namespace ashyq::legal
