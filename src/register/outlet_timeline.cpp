#include "register/outlet_timeline.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace ashyq::legal {
namespace {

constexpr std::array<std::string_view, 5> kTimelineKindNames{
    "order_issued", "order_in_force", "order_lifted", "case_event", "blocked"};

bool is_subdomain_of(const std::string& sub, const std::string& parent) {
  return sub.size() > parent.size() && sub.ends_with(parent) &&
         sub[sub.size() - parent.size() - 1] == '.';
}

// One measured day of one domain in one country.
struct Day {
  std::size_t blocked = 0;
  std::size_t accessible = 0;
  std::set<std::string> blocked_networks;
};

}  // namespace

const Vocabulary<TimelineKind> kTimelineKinds{kTimelineKindNames};

bool measures_outlet(const std::vector<std::string>& domains, const std::string& measured) {
  return std::any_of(domains.begin(), domains.end(), [&](const std::string& d) {
    return measured == d || is_subdomain_of(measured, d);
  });
}

bool order_concerns(const Order& order, const std::vector<std::string>& domains) {
  for (const OrderTarget& target : order.targets)
    for (const std::string& d : domains) {
      if (target_names_domain(target, d))
        return true;
      if (target.kind == TargetKind::domain && is_subdomain_of(target.value, d))
        return true;
    }
  return false;
}

std::vector<TimelineEntry> outlet_timeline(const Register& reg, const Outlet& outlet,
                                           const std::vector<Observation>& observations) {
  std::vector<TimelineEntry> out;
  for (const Order& order : reg.orders) {
    if (!order_concerns(order, outlet.domains))
      continue;
    auto add = [&](TimelineKind kind, const std::string& date) {
      TimelineEntry e;
      e.date = date;
      e.kind = kind;
      e.ref = order.common.id;
      out.push_back(std::move(e));
    };
    add(TimelineKind::order_issued, order.date_issued);
    if (!order.date_in_force.empty() && order.date_in_force != order.date_issued)
      add(TimelineKind::order_in_force, order.date_in_force);
    for (const StatusChange& change : order.status)
      add(change.status == OrderStatus::lifted ? TimelineKind::order_lifted
                                               : TimelineKind::order_in_force,
          change.since);
  }

  for (const Person& person : reg.people) {
    if (std::find(person.outlets.begin(), person.outlets.end(), outlet.common.id) ==
        person.outlets.end())
      continue;
    for (const LegalCase& c : reg.cases) {
      if (c.person != person.common.id)
        continue;
      for (const CaseEvent& event : c.events) {
        TimelineEntry e;
        e.date = event.date;
        e.kind = TimelineKind::case_event;
        e.ref = c.common.id;
        e.person = person.common.id;
        e.event = event.kind;
        e.description = event.description;
        out.push_back(std::move(e));
      }
    }
  }

  // (country, measured domain) → day → what was measured that day.
  std::map<std::pair<std::string, std::string>, std::map<std::string, Day>> days;
  for (const Observation& o : observations) {
    if (o.outcome == Outcome::undecided || o.count == 0 ||
        !measures_outlet(outlet.domains, o.domain))
      continue;
    Day& day = days[{o.country, o.domain}][o.time.substr(0, 10)];
    if (o.outcome == Outcome::blocked) {
      day.blocked += o.count;
      day.blocked_networks.insert(o.network);
    } else {
      day.accessible += o.count;
    }
  }
  for (const auto& [key, by_day] : days) {
    std::optional<TimelineEntry> period;
    std::set<std::string> networks;
    auto close = [&] {
      if (!period)
        return;
      period->networks.assign(networks.begin(), networks.end());
      out.push_back(std::move(*period));
      period.reset();
      networks.clear();
    };
    for (const auto& [date, day] : by_day) {
      if (day.blocked == 0) {
        close();  // measured accessible, and nowhere blocked that day
        continue;
      }
      if (!period) {
        period.emplace();
        period->date = date;
        period->kind = TimelineKind::blocked;
        period->ref = key.second;
        period->country = key.first;
      }
      period->until = date;
      period->measurements += day.blocked;
      networks.insert(day.blocked_networks.begin(), day.blocked_networks.end());
    }
    close();
  }

  std::stable_sort(out.begin(), out.end(), [](const TimelineEntry& a, const TimelineEntry& b) {
    return std::tie(a.date, a.kind, a.ref) < std::tie(b.date, b.kind, b.ref);
  });
  return out;
}

}  // namespace ashyq::legal
