// One outlet on one time axis: the legal events around it (orders naming its domains — issued, in
// force, lifted — and the events of its people's cases) beside the periods its domains were
// measured blocked. What a reader of an outlet's page needs to see at a glance: was the site
// blocked before or after its journalist was charged, before or after the order that names it.
// Pure: the caller gives the register entries it may show (the explorer: published ones) and the
// observations of the outlet's domains (order_links.hpp's Observation); the same inputs give the
// same timeline, in date order.
//
// Decided 2026-12-08 (docs/register.md):
// - An order concerns the outlet when one of its targets names one of the outlet's domains or a
//   subdomain of one (an order against news.outlet.example concerns outlet.example).
// - A blocking period is a run of measured days on which the domain was measured blocked in a
//   country; a measured day with accessible measurements and none blocked ends it (a day with no
//   measurement does not: absence of evidence is not accessibility). Per country and measured
//   domain, so a period never mixes two countries' networks.
// - A case concerns the outlet when its person works for it (Person::outlets).
#pragma once

#include <string>
#include <vector>

#include "register/order_links.hpp"
#include "register/records.hpp"

namespace ashyq::legal {

enum class TimelineKind { order_issued, order_in_force, order_lifted, case_event, blocked };
extern const Vocabulary<TimelineKind> kTimelineKinds;

struct TimelineEntry {
  std::string date;  // "YYYY-MM-DD"; for `blocked`, the period's first day
  TimelineKind kind = TimelineKind::order_issued;
  std::string ref;  // the order id, the case id, or for `blocked` the measured domain

  // case_event
  std::string person;  // the Person id
  CaseEventKind event = CaseEventKind::other;
  std::string description;

  // blocked
  std::string until;                  // the period's last day measured blocked
  std::string country;                // "KZ"
  std::vector<std::string> networks;  // sorted, unique
  std::size_t measurements = 0;       // blocked measurements in the period

  bool operator==(const TimelineEntry&) const = default;
};

// Whether `order` concerns an outlet with `domains` (lower case).
bool order_concerns(const Order& order, const std::vector<std::string>& domains);

// Whether a measurement of `measured` (lower case) is a measurement of one of `domains`: the
// domain itself or a subdomain of it.
bool measures_outlet(const std::vector<std::string>& domains, const std::string& measured);

// The outlet's timeline, sorted by date, then kind (in declaration order), then ref.
std::vector<TimelineEntry> outlet_timeline(const Register& reg, const Outlet& outlet,
                                           const std::vector<Observation>& observations);

}  // namespace ashyq::legal
