#include "collector/register_observations.hpp"

#include "register/outlet_timeline.hpp"

namespace ashyq::collector {
namespace {

// The measurements of one domain in one country, per day, network and outcome.
core::Result<void> add_days(ObservatoryStore& store, MeasurementQuery query,
                            const std::string& domain, std::vector<legal::Observation>& out) {
  query.domain = domain;
  auto days = store.aggregation(query, Axis::measurement_start_day, Axis::probe_asn);
  if (!days)
    return days.error();
  for (const AggregationCell& day : *days) {
    if (!day.x || !day.y)
      continue;
    const std::string time = *day.x + " 00:00:00";
    const auto blocked_count = static_cast<std::size_t>(day.anomaly_count + day.confirmed_count);
    if (blocked_count > 0)
      out.push_back({domain, query.probe_cc, *day.y, time, legal::Outcome::blocked, blocked_count});
    if (day.ok_count > 0)
      out.push_back({domain, query.probe_cc, *day.y, time, legal::Outcome::accessible,
                     static_cast<std::size_t>(day.ok_count)});
  }
  return {};
}

}  // namespace

core::Result<std::vector<legal::Observation>> register_observations(ObservatoryStore& store,
                                                                    const legal::Register& reg,
                                                                    const std::string& country) {
  MeasurementQuery query;
  query.probe_cc = country;
  query.test_name = "web_connectivity";
  auto domains = store.aggregation(query, Axis::domain, std::nullopt);
  if (!domains)
    return domains.error();

  std::vector<const legal::OrderTarget*> targets;  // of the country's orders
  for (const legal::Order& order : reg.orders)
    if (const legal::Authority* a = reg.authority(order.authority); a && a->country == country)
      for (const legal::OrderTarget& t : order.targets)
        targets.push_back(&t);

  std::vector<legal::Observation> out;
  for (const AggregationCell& cell : *domains) {
    if (!cell.x || cell.x->empty())
      continue;
    const std::string& domain = *cell.x;
    const bool blocked = cell.anomaly_count + cell.confirmed_count > 0;
    const bool named = std::any_of(
        targets.begin(), targets.end(),
        [&](const legal::OrderTarget* t) { return legal::target_names_domain(*t, domain); });
    if (!blocked && !named)
      continue;
    if (auto added = add_days(store, query, domain, out); !added)
      return added.error();
  }
  return out;
}

core::Result<std::vector<legal::Observation>> outlet_observations(
    ObservatoryStore& store, const std::vector<std::string>& domains) {
  MeasurementQuery query;
  query.test_name = "web_connectivity";
  auto cells = store.aggregation(query, Axis::domain, Axis::probe_cc);
  if (!cells)
    return cells.error();
  std::vector<legal::Observation> out;
  for (const AggregationCell& cell : *cells) {
    if (!cell.x || !cell.y || cell.x->empty() || cell.y->empty() ||
        !legal::measures_outlet(domains, *cell.x))
      continue;
    MeasurementQuery in_country = query;
    in_country.probe_cc = *cell.y;
    if (auto added = add_days(store, in_country, *cell.x, out); !added)
      return added.error();
  }
  return out;
}

}  // namespace ashyq::collector
