// The store calls behind /domain/{domain} (domain_page.hpp).
#include <algorithm>

#include "collector/read_api.hpp"
#include "core/ascii.hpp"
#include "explorer/blocked_days.hpp"
#include "explorer/country_page.hpp"
#include "explorer/domain_page.hpp"

namespace ashyq::explorer {

using collector::Axis;

core::Result<DomainFilter> parse_domain_filter(std::string_view domain, const QueryParams& params) {
  DomainFilter f;
  f.domain = core::ascii_lower(domain);
  for (const auto& [name, value] : params) {
    if (name == "lang" || value.empty())
      continue;
    if (name == "probe_cc") {
      f.probe_cc = value;
    } else if (name == "period") {
      const auto* p = std::find_if(std::begin(kPeriods), std::end(kPeriods),
                                   [&](int d) { return std::to_string(d) == value; });
      if (p == std::end(kPeriods))
        return core::Error{"period", "'" + value + "' is not 30, 90 or 365 (days)"};
      f.period_days = *p;
    } else if (name == "day") {
      if (!collector::parse_ooni_day(value))
        return core::Error{"day", "'" + value + "' is not a day (YYYY-MM-DD)"};
      f.day = value;
    } else {
      return core::Error{name, "not a filter of this page (probe_cc, period, day, lang)"};
    }
  }
  return f;
}

QueryParams domain_api_params(const DomainFilter& filter, collector::SysSeconds now) {
  QueryParams p;
  p["domain"] = filter.domain;
  if (!filter.probe_cc.empty())
    p["probe_cc"] = filter.probe_cc;
  p["since"] = iso_day_offset(now, 1 - filter.period_days);
  p["until"] = iso_day_offset(now, 1);
  return p;
}

core::Result<DomainData> load_domain(collector::ObservatoryStore& store, const DomainFilter& filter,
                                     collector::SysSeconds now) {
  DomainData d;
  d.filter = filter;
  d.api = domain_api_params(filter, now);
  d.since = d.api["since"];
  d.until = d.api["until"];
  // The read API validates the domain and the country exactly as it does for its own callers.
  auto request = collector::parse_aggregation_query(d.api, now);
  if (!request)
    return request.error();
  const auto& q = request->query;
  auto by_day = store.aggregation(q, Axis::measurement_start_day, std::nullopt);
  if (!by_day)
    return by_day.error();
  d.by_day = std::move(*by_day);
  auto by_asn = store.aggregation(q, Axis::probe_asn, Axis::method);
  if (!by_asn)
    return by_asn.error();
  d.by_asn_method = std::move(*by_asn);

  auto days = blocked_days(store, q);
  if (!days)
    return days.error();
  d.first_blocked = std::move(days->first);
  d.last_blocked = std::move(days->last);

  collector::MeasurementQuery list = q;
  if (!filter.day.empty()) {
    QueryParams one_day = d.api;
    one_day["since"] = filter.day;
    one_day["until"] = iso_day_offset(*collector::parse_ooni_day(filter.day), 1);
    auto day_request = collector::parse_aggregation_query(one_day, now);
    if (!day_request)
      return day_request.error();
    list = day_request->query;
  }
  list.limit = kDomainMeasurements;
  list.offset = 0;
  list.order_by = collector::OrderBy::measurement_start_time;
  list.descending = true;
  auto page = store.measurements(list);
  if (!page)
    return page.error();
  d.measurements = std::move(page->rows);
  d.measurements_total = page->total;

  auto networks = store.networks(filter.probe_cc);
  if (!networks)
    return networks.error();
  d.networks = std::move(*networks);
  return d;
}

}  // namespace ashyq::explorer
