#include "register/order_links.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/ascii.hpp"

namespace ashyq::legal {
namespace {

std::string normal_host(std::string_view host) {
  std::string out = core::ascii_lower(host);
  while (!out.empty() && out.back() == '.')
    out.pop_back();
  return out;
}

// The host of an http(s) URL ("" when it has none); ports, user info and paths dropped.
std::string url_host(std::string_view url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos)
    return "";
  std::string_view rest = url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = rest.rfind('@'); at != std::string_view::npos)
    rest = rest.substr(at + 1);
  if (!rest.empty() && rest.front() == '[')
    return "";  // an address literal, not a domain
  return normal_host(rest.substr(0, rest.find(':')));
}

void add_to(Span& span, const Observation& o) {
  if (span.measurements == 0 || o.time < span.first)
    span.first = o.time;
  if (span.measurements == 0 || o.time > span.last)
    span.last = o.time;
  auto it = std::lower_bound(span.networks.begin(), span.networks.end(), o.network);
  if (it == span.networks.end() || *it != o.network)
    span.networks.insert(it, o.network);
  span.measurements += o.count;
}

bool binds_network(const Order& order, const std::string& network) {
  if (order.national)
    return true;
  return std::any_of(order.networks.begin(), order.networks.end(),
                     [&](const ScopeNetwork& n) { return n.asn == network; });
}

struct NamingOrder {
  const Order* order;
  const OrderTarget* target;
};

}  // namespace

bool target_names_domain(const OrderTarget& target, const std::string& domain) {
  std::string host;
  switch (target.kind) {
    case TargetKind::domain: {
      host = normal_host(target.value);
      if (host.empty())
        return false;
      return domain == host ||
             (domain.size() > host.size() &&
              domain.compare(domain.size() - host.size(), host.size(), host) == 0 &&
              domain[domain.size() - host.size() - 1] == '.');
    }
    case TargetKind::url:
      host = url_host(target.value);
      return !host.empty() && domain == host;
    case TargetKind::app:
    case TargetKind::ip_range:
      return false;
  }
  return false;
}

OrderLinks link_orders(const Register& reg, const std::vector<Observation>& observations) {
  using OrderDomain = std::tuple<std::string, std::string>;  // order id, domain
  std::map<std::tuple<std::string, std::string, std::string>, Span> targets;
  std::map<OrderDomain, Span> without_order;  // country, domain
  std::map<OrderDomain, Span> not_blocked;
  std::map<OrderDomain, std::pair<std::string, Span>> before;  // → order date, span

  // The orders of each country, looked up once.
  std::map<std::string, std::vector<const Order*>> orders_of_country;
  for (const Order& order : reg.orders)
    if (const Authority* authority = reg.authority(order.authority))
      orders_of_country[authority->country].push_back(&order);

  std::vector<NamingOrder> naming;
  for (const Observation& o : observations) {
    if (o.outcome == Outcome::undecided || o.count == 0)
      continue;
    naming.clear();
    if (auto it = orders_of_country.find(o.country); it != orders_of_country.end())
      for (const Order* order : it->second)
        for (const OrderTarget& target : order->targets)
          if (target_names_domain(target, o.domain)) {
            naming.push_back({order, &target});
            break;  // one target per order is enough to name the domain
          }
    const std::string day = o.time.substr(0, 10);

    if (o.outcome == Outcome::accessible) {
      for (const NamingOrder& n : naming)
        if (binds_network(*n.order, o.network) && in_force_on(*n.order, day))
          add_to(not_blocked[{n.order->common.id, o.domain}], o);
      continue;
    }
    if (naming.empty()) {
      add_to(without_order[{o.country, o.domain}], o);
      continue;
    }
    const NamingOrder* first = nullptr;
    for (const NamingOrder& n : naming) {
      add_to(targets[{n.order->common.id, n.target->value, o.domain}], o);
      if (!first || effective_date(*n.order) < effective_date(*first->order) ||
          (effective_date(*n.order) == effective_date(*first->order) &&
           n.order->common.id < first->order->common.id))
        first = &n;
    }
    const std::string& first_date = effective_date(*first->order);
    if (day < first_date) {
      auto& [date, span] = before[{first->order->common.id, o.domain}];
      date = first_date;
      add_to(span, o);
    }
  }

  OrderLinks links;
  for (auto& [key, span] : targets)
    links.targets.push_back(
        {std::get<0>(key), std::get<1>(key), std::get<2>(key), std::move(span)});
  for (auto& [key, span] : without_order)
    links.blocked_without_order.push_back({std::get<0>(key), std::get<1>(key), std::move(span)});
  for (auto& [key, span] : not_blocked)
    links.ordered_not_blocked.push_back({std::get<0>(key), std::get<1>(key), std::move(span)});
  for (auto& [key, value] : before)
    links.blocked_before_order.push_back(
        {std::get<0>(key), value.first, std::get<1>(key), std::move(value.second)});
  return links;
}

}  // namespace ashyq::legal
