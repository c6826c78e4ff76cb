// The store calls behind /country/{CC} (country_page.hpp): the data, not its HTML.
#include <algorithm>
#include <boost/json/parse.hpp>
#include <map>
#include <set>

#include "collector/read_api.hpp"
#include "collector/submission.hpp"
#include "core/ascii.hpp"
#include "explorer/blocked_days.hpp"
#include "explorer/country_page.hpp"

namespace ashyq::explorer {

namespace json = boost::json;
using collector::AggregationCell;
using collector::Axis;

namespace {

constexpr std::size_t kBlockedDomains = 25;
constexpr std::size_t kInterceptionScan = 50;

}  // namespace

core::Result<CountryFilter> parse_country_filter(std::string_view cc, const QueryParams& params) {
  CountryFilter f;
  if (!collector::is_country_code(core::ascii_upper(cc)))
    return core::Error{"country", "'" + std::string(cc) + "' is not a two-letter country code"};
  f.probe_cc = core::ascii_upper(cc);
  for (const auto& [name, value] : params) {
    if (name == "lang" || value.empty())
      continue;
    if (name == "period") {
      const auto* p = std::find_if(std::begin(kPeriods), std::end(kPeriods),
                                   [&](int d) { return std::to_string(d) == value; });
      if (p == std::end(kPeriods))
        return core::Error{"period", "'" + value + "' is not 30, 90 or 365 (days)"};
      f.period_days = *p;
    } else if (name == "probe_asn") {
      f.probe_asn = value;
    } else if (name == "category_code") {
      f.category_code = value;
    } else if (name == "test_name") {
      f.test_name = value;
    } else {
      return core::Error{name,
                         "not a filter of this page (period, probe_asn, category_code, "
                         "test_name, lang)"};
    }
  }
  return f;
}

QueryParams api_params(const CountryFilter& filter, collector::SysSeconds now) {
  QueryParams p;
  p["probe_cc"] = filter.probe_cc;
  p["since"] = iso_day_offset(now, 1 - filter.period_days);
  p["until"] = iso_day_offset(now, 1);
  if (!filter.probe_asn.empty())
    p["probe_asn"] = filter.probe_asn;
  if (!filter.category_code.empty())
    p["category_code"] = filter.category_code;
  if (!filter.test_name.empty())
    p["test_name"] = filter.test_name;
  return p;
}

namespace {

// The interception roots named by the latest tls_interception anomalies' verdicts.
core::Result<std::vector<InterceptionSighting>> interception_sightings(
    collector::ObservatoryStore& store, const collector::MeasurementQuery& base,
    std::int64_t& scanned) {
  collector::MeasurementQuery q = base;
  q.test_name = "tls_interception";
  q.anomaly = true;
  q.limit = kInterceptionScan;
  q.offset = 0;
  auto page = store.measurements(q);
  if (!page)
    return page.error();
  std::map<std::string, InterceptionSighting> by_root;
  scanned = static_cast<std::int64_t>(page->rows.size());
  for (const auto& row : page->rows) {
    auto stored = store.find(row.measurement_uid);
    if (!stored)
      return stored.error();
    if (!*stored)
      continue;
    boost::system::error_code ec;
    auto body = json::parse((*stored)->body, ec);
    if (ec || !body.is_object())
      continue;
    const auto* verdict = body.as_object().if_contains("content");
    if (verdict && verdict->is_object())
      verdict = verdict->as_object().if_contains("test_keys");
    if (verdict && verdict->is_object())
      verdict = verdict->as_object().if_contains("x_ashyq_verdict");
    if (!verdict || !verdict->is_object())
      continue;
    const auto* dn = verdict->as_object().if_contains("root");
    const auto* name = verdict->as_object().if_contains("root_name");
    std::string dn_text = dn && dn->is_string() ? std::string(dn->as_string()) : "";
    std::string name_text = name && name->is_string() ? std::string(name->as_string()) : "";
    if (dn_text.empty() && name_text.empty())
      continue;
    auto& s = by_root[name_text + "\n" + dn_text];
    s.name = name_text;
    s.dn = dn_text;
    ++s.measurements;
    if (std::find(s.networks.begin(), s.networks.end(), row.probe_asn) == s.networks.end())
      s.networks.push_back(row.probe_asn);
    if (s.first_seen.empty() || row.measurement_start_time < s.first_seen)
      s.first_seen = row.measurement_start_time;
    s.last_seen = std::max(s.last_seen, row.measurement_start_time);
  }
  std::vector<InterceptionSighting> out;
  for (auto& [key, s] : by_root)
    out.push_back(std::move(s));
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.measurements > b.measurements; });
  return out;
}

}  // namespace

core::Result<CountryData> load_country(collector::ObservatoryStore& store,
                                       const CountryFilter& filter, collector::SysSeconds now) {
  CountryData d;
  d.filter = filter;
  d.api = api_params(filter, now);
  d.since = d.api["since"];
  d.until = d.api["until"];
  auto request = collector::parse_aggregation_query(d.api, now);
  if (!request)
    return request.error();
  const auto& q = request->query;
  auto by_day = store.aggregation(q, Axis::measurement_start_day, Axis::method);
  if (!by_day)
    return by_day.error();
  d.by_day_method = std::move(*by_day);
  auto by_asn = store.aggregation(q, Axis::probe_asn, Axis::method);
  if (!by_asn)
    return by_asn.error();
  d.by_asn_method = std::move(*by_asn);

  auto by_domain = store.aggregation(q, Axis::domain, std::nullopt);
  if (!by_domain)
    return by_domain.error();
  for (const auto& c : *by_domain) {
    const auto blocked = c.anomaly_count + c.confirmed_count;
    if (blocked > 0 && c.x && !c.x->empty())
      d.blocked_domains.push_back({*c.x, blocked, c.measurement_count, "", ""});
  }
  std::stable_sort(d.blocked_domains.begin(), d.blocked_domains.end(),
                   [](const BlockedDomain& a, const BlockedDomain& b) {
                     if (a.blocked != b.blocked)
                       return a.blocked > b.blocked;
                     return a.domain < b.domain;
                   });
  if (d.blocked_domains.size() > kBlockedDomains)
    d.blocked_domains.resize(kBlockedDomains);
  for (auto& b : d.blocked_domains) {
    collector::MeasurementQuery seen;
    seen.probe_cc = filter.probe_cc;
    seen.probe_asn = q.probe_asn;
    seen.test_name = q.test_name;
    seen.domain = b.domain;
    auto days = blocked_days(store, seen);
    if (!days)
      return days.error();
    b.first_blocked = std::move(days->first);
    b.last_blocked = std::move(days->last);
  }

  auto networks = store.networks(filter.probe_cc);
  if (!networks)
    return networks.error();
  d.networks = std::move(*networks);

  QueryParams week = d.api;
  week["since"] = iso_day_offset(now, -6);
  week.erase("test_name");
  week.erase("category_code");
  d.apps_since = week["since"];
  auto week_request = collector::parse_aggregation_query(week, now);
  if (!week_request)
    return week_request.error();
  auto apps = store.aggregation(week_request->query, Axis::test_name, Axis::probe_asn);
  if (!apps)
    return apps.error();
  for (auto& c : *apps) {
    if (c.x && std::find(std::begin(kAppTests), std::end(kAppTests), *c.x) != std::end(kAppTests))
      d.apps.push_back(std::move(c));
  }

  auto interception = interception_sightings(store, q, d.interception_scanned);
  if (!interception)
    return interception.error();
  d.interception = std::move(*interception);

  // The filter's choices: every category and test measured in the period (without those two
  // filters, so a choice can be changed back).
  collector::MeasurementQuery choices = q;
  choices.category_code.clear();
  choices.test_name.clear();
  auto categories = store.aggregation(choices, Axis::category_code, std::nullopt);
  if (!categories)
    return categories.error();
  d.categories = std::move(*categories);
  auto tests = store.aggregation(choices, Axis::test_name, std::nullopt);
  if (!tests)
    return tests.error();
  d.tests = std::move(*tests);
  return d;
}

}  // namespace ashyq::explorer
