#include "register/naming_entries.hpp"

#include <algorithm>
#include <set>

#include "register/order_links.hpp"
#include "register/outlet_timeline.hpp"

namespace ashyq::legal {

std::vector<NamedEntry> entries_naming(const Register& reg, const std::string& domain) {
  std::set<std::string> authorities, orders, outlets, people, cases;
  for (const Order& o : reg.orders)
    if (std::any_of(o.targets.begin(), o.targets.end(),
                    [&](const OrderTarget& t) { return target_names_domain(t, domain); })) {
      orders.insert(o.common.id);
      if (reg.authority(o.authority))
        authorities.insert(o.authority);
    }
  for (const Outlet& o : reg.outlets)
    if (measures_outlet(o.domains, domain))
      outlets.insert(o.common.id);
  for (const Person& p : reg.people)
    if (std::any_of(p.outlets.begin(), p.outlets.end(),
                    [&](const std::string& id) { return outlets.contains(id); }))
      people.insert(p.common.id);
  for (const LegalCase& c : reg.cases)
    if (people.contains(c.person))
      cases.insert(c.common.id);

  std::vector<NamedEntry> out;
  auto add = [&](const char* kind, const std::set<std::string>& ids) {
    for (const auto& id : ids)
      out.push_back({kind, id});
  };
  add("authority", authorities);
  add("order", orders);
  add("outlet", outlets);
  add("person", people);
  add("case", cases);
  return out;
}

namespace {

std::string text_of(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::vector<std::string> strings_of(const boost::json::object& o, std::string_view key) {
  std::vector<std::string> out;
  if (const auto* v = o.if_contains(key); v && v->is_array())
    for (const auto& s : v->as_array())
      if (s.is_string())
        out.emplace_back(s.as_string());
  return out;
}

bool order_names(const boost::json::object& order, const std::string& domain) {
  const auto* targets = order.if_contains("targets");
  if (!targets || !targets->is_array())
    return false;
  for (const auto& t : targets->as_array()) {
    if (!t.is_object())
      continue;
    auto kind = kTargetKinds.parse(text_of(t.as_object(), "kind"));
    if (kind && target_names_domain({*kind, text_of(t.as_object(), "value")}, domain))
      return true;
  }
  return false;
}

}  // namespace

std::vector<std::size_t> entries_not_naming(const std::vector<PublicEntry>& entries,
                                            const std::string& domain) {
  std::set<std::string> order_authorities, outlets, people;
  for (const auto& e : entries) {
    if (e.kind == "order" && order_names(e.entry, domain))
      order_authorities.insert(text_of(e.entry, "authority"));
    if (e.kind == "outlet" && measures_outlet(strings_of(e.entry, "domains"), domain))
      outlets.insert(text_of(e.entry, "id"));
  }
  for (const auto& e : entries)
    if (e.kind == "person")
      for (const auto& o : strings_of(e.entry, "outlets"))
        if (outlets.contains(o))
          people.insert(text_of(e.entry, "id"));
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    const std::string id = text_of(e.entry, "id");
    bool holds = false;
    if (e.kind == "order")
      holds = order_names(e.entry, domain);
    else if (e.kind == "authority")
      holds = order_authorities.contains(id);
    else if (e.kind == "outlet")
      holds = outlets.contains(id);
    else if (e.kind == "person")
      holds = people.contains(id);
    else if (e.kind == "case")
      holds = people.contains(text_of(e.entry, "person"));
    if (!holds)
      out.push_back(i);
  }
  return out;
}

}  // namespace ashyq::legal
