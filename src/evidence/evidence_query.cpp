#include "evidence/evidence_query.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "collector/observatory_row.hpp"
#include "collector/ooni_time.hpp"
#include "core/ascii.hpp"

namespace ashyq::evidence {

namespace json = boost::json;

namespace {

core::Result<std::optional<std::string>> time_bound(std::optional<std::string> text,
                                                    const char* name) {
  if (!text)
    return std::optional<std::string>();
  if (text->size() == 10)
    *text += " 00:00:00";
  if (!collector::parse_ooni_time(*text))
    return core::Error{name, "not a date (YYYY-MM-DD) or time (YYYY-MM-DD hh:mm:ss)"};
  return text;
}

bool is_asn(std::string_view a) {
  return a.size() > 2 && a.size() <= 12 && a.starts_with("AS") &&
         std::all_of(a.begin() + 2, a.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

core::Result<EvidenceQuery> make_query(std::string domain, std::string probe_cc,
                                       std::vector<std::string> probe_asns,
                                       std::optional<std::string> since,
                                       std::optional<std::string> until) {
  EvidenceQuery q;
  q.domain = core::ascii_lower(domain);
  if (q.domain.empty() || q.domain.size() > 253 ||
      q.domain.find_first_of("/:?#@ \t") != std::string::npos)
    return core::Error{"domain", "not a host name: '" + domain + "'"};
  if (probe_cc.size() != 2 ||
      !std::all_of(probe_cc.begin(), probe_cc.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
    return core::Error{"probe_cc", "not two capital letters: '" + probe_cc + "'"};
  q.probe_cc = std::move(probe_cc);
  for (auto& a : probe_asns) {
    if (!is_asn(a))
      return core::Error{"asn", "not AS and digits: '" + a + "'"};
  }
  std::sort(probe_asns.begin(), probe_asns.end());
  probe_asns.erase(std::unique(probe_asns.begin(), probe_asns.end()), probe_asns.end());
  q.probe_asns = std::move(probe_asns);
  auto s = time_bound(std::move(since), "since");
  if (!s)
    return s.error();
  auto u = time_bound(std::move(until), "until");
  if (!u)
    return u.error();
  q.since = *s;
  q.until = *u;
  if (q.since && q.until && *q.since >= *q.until)
    return core::Error{"until", "not after since"};
  return q;
}

bool matches(const EvidenceQuery& query, const tlog::MeasurementLeaf& leaf) {
  if (leaf.probe_cc != query.probe_cc || !leaf.input)
    return false;
  if (collector::domain_of(*leaf.input) != query.domain)
    return false;
  if (!query.probe_asns.empty() &&
      !std::binary_search(query.probe_asns.begin(), query.probe_asns.end(), leaf.probe_asn))
    return false;
  if (query.since && leaf.measurement_start_time < *query.since)
    return false;
  if (query.until && !(leaf.measurement_start_time < *query.until))
    return false;
  return true;
}

json::object query_json(const EvidenceQuery& q) {
  json::array asns;
  for (const auto& a : q.probe_asns)
    asns.emplace_back(a);
  json::object o{{"domain", q.domain}, {"probe_cc", q.probe_cc}, {"probe_asn", asns}};
  o["since"] = q.since ? json::value(*q.since) : json::value(nullptr);
  o["until"] = q.until ? json::value(*q.until) : json::value(nullptr);
  return o;
}

core::Result<EvidenceQuery> parse_query_json(const json::value& value) {
  const auto* o = value.if_object();
  if (!o)
    return core::Error{"query", "not an object"};
  auto str = [&](const char* key) -> std::optional<std::string> {
    const auto* v = o->if_contains(key);
    if (v && v->is_string())
      return std::string(v->as_string());
    return std::nullopt;
  };
  auto domain = str("domain");
  auto cc = str("probe_cc");
  const auto* asns = o->if_contains("probe_asn");
  if (!domain || !cc || !asns || !asns->is_array())
    return core::Error{"query", "needs domain, probe_cc and probe_asn"};
  std::vector<std::string> list;
  for (const auto& a : asns->as_array()) {
    if (!a.is_string())
      return core::Error{"query.probe_asn", "not a list of strings"};
    list.emplace_back(a.as_string());
  }
  auto q = make_query(*domain, *cc, std::move(list), str("since"), str("until"));
  if (!q)
    return core::Error{"query." + q.error().where, q.error().why};
  return q;
}

}  // namespace ashyq::evidence
