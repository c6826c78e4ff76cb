#include "collector/register_observations.hpp"

namespace ashyq::collector {

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
    MeasurementQuery of_domain = query;
    of_domain.domain = domain;
    auto days = store.aggregation(of_domain, Axis::measurement_start_day, Axis::probe_asn);
    if (!days)
      return days.error();
    for (const AggregationCell& day : *days) {
      if (!day.x || !day.y)
        continue;
      const std::string time = *day.x + " 00:00:00";
      const auto blocked_count = static_cast<std::size_t>(day.anomaly_count + day.confirmed_count);
      if (blocked_count > 0)
        out.push_back({domain, country, *day.y, time, legal::Outcome::blocked, blocked_count});
      if (day.ok_count > 0)
        out.push_back({domain, country, *day.y, time, legal::Outcome::accessible,
                       static_cast<std::size_t>(day.ok_count)});
    }
  }
  return out;
}

}  // namespace ashyq::collector
