#include "lab/address_plan.hpp"

#include <algorithm>
#include <set>

#include "lab/packet.hpp"

namespace ashyq::lab::addr {

void assign_addresses(Scenario& scenario) {
  std::set<uint32_t> used;
  for (auto& site : scenario.sites) {
    if (!site.address.empty())
      used.insert(*ipv4_from_string(site.address));
  }
  uint32_t next = *ipv4_from_string("10.77.10.1");
  const uint32_t last = *ipv4_from_string("10.77.31.254");
  for (auto& site : scenario.sites) {
    if (!site.address.empty())
      continue;
    while (used.count(next) || (next & 0xff) == 0 || (next & 0xff) == 255)
      ++next;
    if (next > last)
      throw ScenarioError(scenario.file.string() + ": too many sites");
    site.address = ipv4_to_string(next);
    used.insert(next++);
  }
  for (auto& rule : scenario.rules)
    resolve_rule_ips(scenario, rule);
}

void resolve_rule_ips(const Scenario& scenario, Rule& rule) {
  for (auto& ip : rule.ips) {
    if (ipv4_from_string(ip))
      continue;
    bool found = false;
    for (auto& site : scenario.sites) {
      if (site.domain == ip) {
        ip = site.address;
        found = true;
      }
    }
    if (!found) {
      throw ScenarioError(scenario.file.string() + ":" + std::to_string(rule.line) +
                          ": key 'ip': '" + ip + "' is neither an IPv4 address nor a site");
    }
  }
}

IspSubnet isp_subnet(std::size_t index) {
  unsigned third = index == 0 ? 1 : static_cast<unsigned>(3 + index);
  std::string base = "10.77." + std::to_string(third) + ".";
  IspSubnet s;
  s.cidr = base + "0/24";
  s.client = base + "2";
  s.gateway = base + "1";
  s.network = 0x0a4d0000u | (third << 8);
  return s;
}

std::vector<IspSubnet> isp_subnets(const Scenario& scenario) {
  std::vector<IspSubnet> out;
  for (std::size_t i = 0; i < std::max<std::size_t>(1, scenario.isps.size()); ++i)
    out.push_back(isp_subnet(i));
  return out;
}

std::string helper_endpoint() {
  return std::string(kHelper) + ":" + std::to_string(kHelperPort);
}

std::string helper_url() {
  return "http://" + helper_endpoint() + "/";
}

std::string stun_endpoint() {
  return std::string(kInternet) + ":" + std::to_string(kStunPort);
}

std::string collector_url() {
  return "http://" + std::string(kHelper) + ":" + std::to_string(kCollectorPort);
}

std::string plan_file_text() {
  return "# ashyq lab address plan: the prefixes this lab declares \"public\", in the bogon\n"
         "# override syntax of `ashyq run --bogons` (\"-CIDR\": this range is public, on top of\n"
         "# the default bogon list). Everything exists only inside the lab's network namespaces.\n"
         "# client 10.77.1.2, censor 10.77.1.1/10.77.2.1, helper (abroad) 10.77.3.2 (test helper\n"
         "# on port " +
         std::to_string(kHelperPort) +
         "), sites 10.77.10.0-10.77.31.255, ISP resolver 10.77.53.1,\n"
         "# public resolver 10.77.53.8, authoritative 10.77.53.53, blockpage 10.77.99.1\n"
         "-" +
         std::string(kWorld) + "\n";
}

}  // namespace ashyq::lab::addr
