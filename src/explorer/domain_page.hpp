// /domain/{domain}?probe_cc=KZ[&period=30|90|365][&day=YYYY-MM-DD]: one domain — its daily
// timeline, each network's latest measurements in time order (a strip a reader can follow from
// accessible to blocked), the methods per network, the first and last day it was seen blocked,
// and the measurements behind each day (links to /measurement/UID). Without probe_cc, every
// country's measurements count.
#pragma once

#include <string>
#include <vector>

#include "collector/observatory_store.hpp"
#include "core/result.hpp"
#include "explorer/page.hpp"

namespace ashyq::explorer {

struct DomainFilter {
  std::string domain;  // lower case
  std::string probe_cc;
  int period_days = 90;
  std::string day;  // the measurements of one day only ("" = the latest)
};

core::Result<DomainFilter> parse_domain_filter(std::string_view domain, const QueryParams& params);

// The read API's parameters of the filter's period (domain, probe_cc, since, until).
QueryParams domain_api_params(const DomainFilter& filter, collector::SysSeconds now);

struct DomainData {
  DomainFilter filter;
  QueryParams api;  // the read API's parameters of the period
  std::string since, until;
  std::vector<collector::AggregationCell> by_day;         // x day, y none, in the period
  std::vector<collector::AggregationCell> by_asn_method;  // x probe_asn, y method, in the period
  std::string first_blocked, last_blocked;                // days, all time ("" = never)
  std::vector<collector::ObservatoryRow> measurements;    // newest first (the day's, or latest)
  std::int64_t measurements_total = 0;
  std::vector<collector::NetworkInfo> networks;
};

inline constexpr std::size_t kDomainMeasurements = 200;

core::Result<DomainData> load_domain(collector::ObservatoryStore& store, const DomainFilter& filter,
                                     collector::SysSeconds now);

// `extra_sections`: HTML placed after the timeline (the register's orders naming the domain).
std::string render_domain(const PageRequest& request, const DomainData& data,
                          std::string_view extra_sections = {});

}  // namespace ashyq::explorer
