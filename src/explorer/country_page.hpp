// /country/{CC}: one country — a daily timeline (accessible, anomaly by ashyq's method,
// confirmed, failure), the networks × methods matrix, the most blocked domains with the first
// and last day each was seen blocked, the interception roots seen, and the messaging apps and
// Tor over the last week. Filters (all in the URL): period=30|90|365 days, probe_asn,
// category_code, test_name.
//
// The numbers come from the store's aggregation(), the call behind OONI's /api/v1/aggregation,
// with the read API's own parameter parsing: the page's filter is written into the page
// (data-aggregation-query) and the API answers the same numbers for it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "collector/observatory_store.hpp"
#include "core/result.hpp"
#include "explorer/page.hpp"

namespace ashyq::explorer {

inline constexpr int kPeriods[] = {30, 90, 365};

struct CountryFilter {
  std::string probe_cc;  // "KZ"
  int period_days = 30;
  std::string probe_asn;  // "AS9198" or ""
  std::string category_code;
  std::string test_name;
};

// The filter of /country/{cc}?…; an unknown parameter or a bad value is an error naming it.
core::Result<CountryFilter> parse_country_filter(std::string_view cc, const QueryParams& params);

// The read API's parameters for the filter over the period that ends today (UTC):
// probe_cc, since (the first day), until (tomorrow), and the filters that are set.
QueryParams api_params(const CountryFilter& filter, collector::SysSeconds now);

struct BlockedDomain {
  std::string domain;
  std::int64_t blocked = 0;  // anomaly + confirmed in the period
  std::int64_t measured = 0;
  std::string first_blocked;  // the first day ever seen blocked in the country ("" if none)
  std::string last_blocked;
};

struct InterceptionSighting {
  std::string name;  // the interception root's name ("" when only its DN is known)
  std::string dn;
  std::int64_t measurements = 0;
  std::vector<std::string> networks;  // ASNs
  std::string first_seen, last_seen;  // measurement_start_time
};

struct CountryData {
  CountryFilter filter;
  QueryParams api;  // api_params(filter, now)
  std::string since, until;
  std::vector<collector::AggregationCell> by_day_method;  // x day, y method
  std::vector<collector::AggregationCell> by_asn_method;  // x probe_asn, y method
  std::vector<BlockedDomain> blocked_domains;             // most blocked first, at most 25
  std::vector<collector::NetworkInfo> networks;
  std::string apps_since;                        // the week's first day
  std::vector<collector::AggregationCell> apps;  // x test_name, y probe_asn
  std::vector<InterceptionSighting> interception;
  std::int64_t interception_scanned = 0;  // tls_interception anomalies read for `interception`
  std::vector<collector::AggregationCell> categories;  // x category_code, in the period
  std::vector<collector::AggregationCell> tests;       // x test_name, in the period
};

// The messaging and circumvention tests the country page shows "now".
inline constexpr std::string_view kAppTests[] = {"telegram",           "whatsapp", "signal",
                                                 "facebook_messenger", "tor",      "psiphon"};

core::Result<CountryData> load_country(collector::ObservatoryStore& store,
                                       const CountryFilter& filter, collector::SysSeconds now);

// `extra_sections`: HTML appended after the page's own sections (the register's, when there is
// one).
std::string render_country(const PageRequest& request, const CountryData& data,
                           std::string_view extra_sections = {});

}  // namespace ashyq::explorer
