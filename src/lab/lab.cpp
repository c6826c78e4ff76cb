// The lab orchestrator: topology, servers, censor, filters; and their teardown.
#include "lab/lab.hpp"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <iostream>
#include <set>
#include <sstream>

#include "lab/address_plan.hpp"
#include "lab/censor_engine.hpp"
#include "lab/certificates.hpp"
#include "lab/netns.hpp"
#include "lab/process.hpp"
#include "lab/runner.hpp"
#include "lab/servers.hpp"

namespace ashyq::lab {

namespace fs = std::filesystem;

namespace {

std::string censor_endpoint(uint16_t port) {
  return std::string(addr::kCensorClientSide) + ":" + std::to_string(port);
}

std::string tail(const fs::path& file, std::size_t max = 1500) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  auto text = s.str();
  if (text.size() > max)
    text = "…" + text.substr(text.size() - max);
  return text;
}

std::string hex(unsigned v) {
  std::ostringstream s;
  s << std::hex << v;
  return s.str();
}

// One rule's lines in the censor's nftables table (chains forward_filter and prerouting_nat).
struct NftRuleLines {
  std::string forward, prerouting;
};

NftRuleLines nft_rule_lines(const Scenario& scenario, const Rule& rule,
                            const std::vector<InterceptorProfile>& profiles) {
  NftRuleLines out;
  // The clients the rule applies to: its ISPs' subnets, or every client.
  std::string saddr = "{ ";
  const auto subnets = addr::isp_subnets(scenario);
  for (std::size_t i = 0; i < subnets.size(); ++i) {
    if (rule.isps.empty() ||
        (i < scenario.isps.size() &&
         std::find(rule.isps.begin(), rule.isps.end(), scenario.isps[i]) != rule.isps.end())) {
      saddr += subnets[i].cidr + ", ";
    }
  }
  if (saddr.size() == 2)
    throw LabError("rule '" + rule.name + "': none of its ISPs is one of the scenario's");
  saddr.resize(saddr.size() - 2);
  saddr += " }";
  for (auto& ipaddr : rule.ips) {
    std::string m = "    ip saddr " + saddr + " ip daddr " + ipaddr;
    const std::string comment = " comment \"" + rule.name + "\"\n";
    auto port_or = [&](uint16_t fallback) {
      return std::to_string(rule.port ? *rule.port : fallback);
    };
    if (rule.action == Action::kTlsIntercept) {
      out.prerouting += m + " tcp dport " + port_or(443) + " counter dnat ip to " +
                        censor_endpoint(profile_for(profiles, rule).port) + comment;
    } else if (rule.action == Action::kHttpProxy) {
      out.prerouting += m + " tcp dport " + port_or(80) + " counter dnat ip to " +
                        censor_endpoint(addr::kHttpProxyPort) + comment;
    } else if (rule.action == Action::kRejectReset) {
      // Without a port the rule takes all of the address's TCP ("tcp" alone is not a match).
      out.forward += m + (rule.port ? " tcp dport " + port_or(0) : " meta l4proto tcp") +
                     " counter reject with tcp reset" + comment;
    } else {
      out.prerouting += m + (rule.port ? " tcp dport " + port_or(0) : " meta l4proto tcp") +
                        " counter dnat ip to " + addr::kBlockpage + ":" + port_or(80) + comment;
    }
  }
  return out;
}

}  // namespace

std::string added_rule_nft(const Scenario& scenario, const Rule& rule) {
  if (rule.action != Action::kRejectReset && rule.action != Action::kDnatBlockpage) {
    throw LabError("rule '" + rule.name +
                   "': a running lab takes reject_reset and dnat_blockpage "
                   "rules only (action " +
                   std::string(to_string(rule.action)) + ")");
  }
  if (rule.ips.empty())
    throw LabError("rule '" + rule.name + "': ip is required");
  for (const auto& isp : rule.isps) {
    if (std::find(scenario.isps.begin(), scenario.isps.end(), isp) == scenario.isps.end())
      throw LabError("rule '" + rule.name + "': '" + isp + "' is not one of the scenario's isps");
  }
  const auto lines = nft_rule_lines(scenario, rule, {});
  std::string out;
  auto add = [&](const std::string& chain, const std::string& text) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      const auto start = line.find_first_not_of(' ');
      out += "add rule inet ashyq_lab " + chain + " " + line.substr(start) + "\n";
    }
  };
  add("forward_filter", lines.forward);
  add("prerouting_nat", lines.prerouting);
  return out;
}

Lab::Lab(Scenario scenario, LabOptions options)
    : scenario_(std::move(scenario)), options_(std::move(options)) {
  addr::assign_addresses(scenario_);
  prefix_ = lab_prefix_for(getpid());
  dir_ = runs_root() / prefix_.substr(0, prefix_.size() - 1);
}

Lab::~Lab() {
  down();
}

std::string Lab::client_ns(const std::string& isp) const {
  if (scenario_.isps.empty())
    return prefix_ + "client";
  return prefix_ + "client-" + (isp.empty() ? scenario_.isps.front() : isp);
}

std::vector<std::string> Lab::client_namespaces() const {
  if (scenario_.isps.empty())
    return {client_ns()};
  std::vector<std::string> out;
  for (auto& isp : scenario_.isps)
    out.push_back(client_ns(isp));
  return out;
}

void Lab::step(const std::string& what) {
  if (should_abort())
    throw Interrupted();
  if (options_.verbose)
    std::cerr << "lab: " << what << "\n";
}

void Lab::ip(const std::string& ns, const std::vector<std::string>& args) {
  std::vector<std::string> argv{"ip", "-n", ns};
  argv.insert(argv.end(), args.begin(), args.end());
  run_checked(argv, 15s);
}

void Lab::in_ns(const std::string& ns, const std::vector<std::string>& argv,
                const std::string& input) {
  std::vector<std::string> full{"ip", "netns", "exec", ns};
  full.insert(full.end(), argv.begin(), argv.end());
  run_checked(full, 15s, input);
}

pid_t Lab::start_in_ns(const std::string& ns, const std::vector<std::string>& argv,
                       const std::string& log) {
  std::vector<std::string> full{"ip", "netns", "exec", ns};
  full.insert(full.end(), argv.begin(), argv.end());
  pid_t pid = spawn(full, (dir_ / log).string());
  pids_.push_back(pid);
  return pid;
}

void Lab::up() {
  if (up_)
    return;
  up_ = true;  // from here on, down() has something to undo
  try {
    for (auto& ns : lab_namespaces()) {
      if (ns.rfind(prefix_, 0) == 0) {
        throw LabError("namespace " + ns + " already exists: another lab of this process is up");
      }
    }
    step("run directory " + dir_.string());
    std::error_code ec;
    fs::remove_all(dir_, ec);
    fs::create_directories(dir_ / "nginx-tmp");
    write_owner_file(dir_);
    write_file(plan_file(), addr::plan_file_text());
    write_file(dir_ / "scenario.toml", [&] {
      std::ifstream in(scenario_.file, std::ios::binary);
      std::stringstream s;
      s << in.rdbuf();
      return s.str();
    }());
    build_topology();
    start_servers();
    start_helper();
    start_stun();
    start_collector();
    start_interceptor();
    start_censor();
    install_filters();
    step("up");
  } catch (...) {
    down();
    throw;
  }
}

void Lab::build_topology() {
  const auto censor = censor_ns(), internet = internet_ns(), helper = helper_ns();
  const auto clients = client_namespaces();
  step("namespaces");
  // A lost query is retried after 1 s (glibc's default is 5 s), so that random loss on the path
  // does not look like DNS blocking within the probe's DNS deadline. ashyq itself asks the same
  // through RES_OPTIONS (net::prefer_quick_dns_retransmission); the file keeps other probes run
  // by `lab test --probe` on equal terms.
  for (auto& client : clients) {
    write_file(
        fs::path("/etc/netns") / client / "resolv.conf",
        std::string("nameserver ") + addr::kIspResolver + "\noptions timeout:1 attempts:5\n");
  }
  write_file(fs::path("/etc/netns") / helper / "resolv.conf",
             std::string("nameserver ") + addr::kPublicResolver + "\n");
  std::vector<std::string> all = clients;
  all.insert(all.end(), {censor, internet, helper});
  for (auto& ns : all) {
    run_checked({"ip", "netns", "add", ns});
    namespaces_.push_back(ns);
    ip(ns, {"link", "set", "lo", "up"});
  }
  step("links");
  // One link per ISP between its client namespace and the censor's router: eth0 in the client,
  // client<N> in the censor.
  for (std::size_t i = 0; i < clients.size(); ++i) {
    const auto& client = clients[i];
    const auto subnet = addr::isp_subnet(i);
    const auto dev = "client" + std::to_string(i);
    ip(client, {"link", "add", "eth0", "type", "veth", "peer", "name", dev, "netns", censor});
    if (scenario_.network.client_mtu > 0) {
      auto mtu = std::to_string(scenario_.network.client_mtu);
      ip(client, {"link", "set", "eth0", "mtu", mtu});
      ip(censor, {"link", "set", dev, "mtu", mtu});
    }
    ip(client, {"addr", "add", subnet.client + "/24", "dev", "eth0"});
    ip(censor, {"addr", "add", subnet.gateway + "/24", "dev", dev});
    ip(client, {"link", "set", "eth0", "up"});
    ip(censor, {"link", "set", dev, "up"});
    ip(client, {"route", "add", "default", "via", subnet.gateway});
  }
  ip(internet, {"link", "add", "eth0", "type", "veth", "peer", "name", "inet0", "netns", censor});
  ip(helper, {"link", "add", "eth0", "type", "veth", "peer", "name", "helper0", "netns", internet});
  ip(censor, {"addr", "add", std::string(addr::kCensorInternetSide) + "/24", "dev", "inet0"});
  ip(internet, {"addr", "add", std::string(addr::kInternet) + "/24", "dev", "eth0"});
  ip(internet, {"addr", "add", std::string(addr::kInternetHelperSide) + "/24", "dev", "helper0"});
  ip(helper, {"addr", "add", std::string(addr::kHelper) + "/24", "dev", "eth0"});
  std::vector<std::string> service_ips{addr::kIspResolver, addr::kPublicResolver,
                                       addr::kAuthoritative, addr::kBlockpage};
  std::set<std::string> seen(service_ips.begin(), service_ips.end());
  for (auto& site : scenario_.sites) {
    for (auto& a : {site.address, site.isp_address}) {
      if (!a.empty() && seen.insert(a).second)
        service_ips.push_back(a);
    }
  }
  // One `ip -batch` for all of them: a world of thousands of sites comes up in a second.
  std::string batch;
  for (auto& a : service_ips)
    batch += "addr add " + a + "/32 dev lo\n";
  run_checked({"ip", "-n", internet, "-batch", "-"}, 60s, batch);
  ip(censor, {"link", "set", "inet0", "up"});
  ip(internet, {"link", "set", "eth0", "up"});
  ip(internet, {"link", "set", "helper0", "up"});
  ip(helper, {"link", "set", "eth0", "up"});
  step("routes");
  ip(censor, {"route", "add", addr::kWorld, "via", addr::kInternet});
  // Anything else (bogon answers like 10.0.0.1) is silently discarded: no ICMP, never leaves.
  ip(censor, {"route", "add", "blackhole", "default"});
  for (auto& subnet : addr::isp_subnets(scenario_))
    ip(internet, {"route", "add", subnet.cidr, "via", addr::kCensorInternetSide});
  ip(helper, {"route", "add", "default", "via", addr::kInternetHelperSide});
  // Forwarding inside the censor and internet namespaces only (the host's setting is untouched).
  in_ns(censor, {"sysctl", "-q", "-w", "net.ipv4.ip_forward=1"});
  in_ns(internet, {"sysctl", "-q", "-w", "net.ipv4.ip_forward=1"});
}

void Lab::start_servers() {
  step("certificates and server configs");
  write_site_pages(scenario_, dir_);
  make_certificates(scenario_, dir_);
  write_file(dir_ / "unbound-auth.conf", unbound_authoritative_config(scenario_, dir_));
  write_file(dir_ / "unbound-isp.conf",
             unbound_resolver_config(scenario_, dir_, ResolverRole::kIsp));
  write_file(dir_ / "unbound-public.conf",
             unbound_resolver_config(scenario_, dir_, ResolverRole::kPublic));
  write_file(dir_ / "nginx.conf", nginx_config(scenario_, dir_));
  const auto internet = internet_ns();
  step("unbound (authoritative, resolvers), nginx");
  pid_t auth = start_in_ns(internet, {"unbound", "-d", "-c", (dir_ / "unbound-auth.conf").string()},
                           "unbound-auth.out");
  pid_t isp_resolver = start_in_ns(
      internet, {"unbound", "-d", "-c", (dir_ / "unbound-isp.conf").string()}, "unbound-isp.out");
  pid_t public_resolver =
      start_in_ns(internet, {"unbound", "-d", "-c", (dir_ / "unbound-public.conf").string()},
                  "unbound-public.out");
  pid_t nginx =
      start_in_ns(internet,
                  {"nginx", "-p", dir_.string(), "-e", (dir_ / "nginx-error.log").string(), "-c",
                   (dir_ / "nginx.conf").string()},
                  "nginx.out");
  auto check = [&](pid_t pid, const std::string& name, const std::string& log,
                   const std::function<bool()>& ready) {
    bool ok = wait_until([&] { return !process_alive(pid) || ready(); }, 10s);
    if (!ok || !process_alive(pid)) {
      throw LabError(name + " did not start in the internet namespace: " + tail(dir_ / log) +
                     tail(dir_ / (name == "nginx" ? "nginx-error.log" : log)));
    }
  };
  check(auth, "unbound-auth", "unbound-auth.log",
        [&] { return dns_answers(internet, addr::kAuthoritative, "ashyq-lab.invalid", 300ms); });
  check(isp_resolver, "unbound-isp", "unbound-isp.log",
        [&] { return dns_answers(internet, addr::kIspResolver, "ashyq-lab.invalid", 300ms); });
  check(public_resolver, "unbound-public", "unbound-public.log",
        [&] { return dns_answers(internet, addr::kPublicResolver, "ashyq-lab.invalid", 300ms); });
  check(nginx, "nginx", "nginx.out",
        [&] { return tcp_reachable(internet, addr::kBlockpage, 80, 300ms); });
}

// The test helper (OONI's control server) in the helper namespace, abroad: its own traffic to
// the sites never crosses the censor. It may reach the lab's private address plan
// (--allow-prefix) and trusts the lab root, as a real helper trusts the public web PKI.
void Lab::start_helper() {
  if (scenario_.helper == HelperMode::kDown)
    return;
  step("test helper on " + addr::helper_endpoint());
  pid_t helper = start_in_ns(
      helper_ns(),
      {options_.ashyq_binary, "helper", "--listen", addr::helper_endpoint(), "--allow-prefix",
       addr::kWorld, "--resolver", std::string("udp://") + addr::kPublicResolver + ":53",
       "--ca-file", ca_file().string(), "--rate-limit", "0", "--threads", "2"},
      "helper.log");
  bool ok = wait_until(
      [&] {
        return !process_alive(helper) ||
               tcp_reachable(helper_ns(), addr::kHelper, addr::kHelperPort, 300ms);
      },
      10s);
  if (!ok || !process_alive(helper)) {
    throw LabError("the test helper did not start in the helper namespace: " +
                   tail(dir_ / "helper.log"));
  }
}

void Lab::start_stun() {
  step("STUN server on " + addr::stun_endpoint());
  const auto ready = dir_ / "stun.ready";
  pid_t stun = start_in_ns(internet_ns(),
                           {options_.ashyq_binary, "lab", "stun", "--listen", addr::stun_endpoint(),
                            "--ready-file", ready.string()},
                           "stun.log");
  bool ok = wait_until([&] { return fs::exists(ready) || !process_alive(stun); }, 10s);
  if (!ok || !process_alive(stun))
    throw LabError("the STUN server did not start: " + tail(dir_ / "stun.log"));
}

// The observatory's collector, abroad beside the helper (its own namespace address, another
// port): the probe submits to it across the censor as a volunteer's probe would. It hands out
// the lab's helper at check-in.
void Lab::start_collector() {
  if (options_.collector_store.empty())
    return;
  step("collector on " + addr::collector_url());
  pid_t collector =
      start_in_ns(helper_ns(),
                  {options_.ashyq_binary, "collector", "--listen",
                   std::string(addr::kHelper) + ":" + std::to_string(addr::kCollectorPort),
                   "--store", "sqlite:" + options_.collector_store, "--helper", addr::helper_url(),
                   "--fingerprints", default_fingerprints_file(), "--threads", "2",
                   // a fictional name for the demo's log, in the reserved .invalid domain
                   "--log-origin", "observatory.demo.invalid/log"},
                  "collector.log");
  bool ok = wait_until(
      [&] {
        return !process_alive(collector) ||
               tcp_reachable(helper_ns(), addr::kHelper, addr::kCollectorPort, 300ms);
      },
      10s);
  if (!ok || !process_alive(collector)) {
    throw LabError("the collector did not start in the helper namespace: " +
                   tail(dir_ / "collector.log"));
  }
}

// The TLS interceptors of tls_intercept rules and the transparent proxy of http_proxy rules:
// nginx in the censor namespace; install_filters() DNATs the clients' matched connections to it.
void Lab::start_interceptor() {
  const auto profiles = interceptor_profiles(scenario_);
  bool proxy = std::any_of(scenario_.rules.begin(), scenario_.rules.end(),
                           [](const Rule& r) { return r.action == Action::kHttpProxy; });
  if (profiles.empty() && !proxy)
    return;
  step("TLS interceptors and transparent proxy in the censor namespace");
  make_interceptor_certificates(scenario_, profiles, dir_);
  fs::create_directories(dir_ / "interceptor-tmp");
  write_file(dir_ / "interceptor.conf", interceptor_nginx_config(scenario_, dir_, profiles));
  pid_t nginx =
      start_in_ns(censor_ns(),
                  {"nginx", "-p", dir_.string(), "-e", (dir_ / "interceptor-error.log").string(),
                   "-c", (dir_ / "interceptor.conf").string()},
                  "interceptor.out");
  const uint16_t probe_port = profiles.empty() ? addr::kHttpProxyPort : profiles.front().port;
  bool ok = wait_until(
      [&] {
        return !process_alive(nginx) ||
               tcp_reachable(censor_ns(), addr::kCensorClientSide, probe_port, 300ms);
      },
      10s);
  if (!ok || !process_alive(nginx)) {
    throw LabError("the interceptor did not start in the censor namespace: " +
                   tail(dir_ / "interceptor.out") + tail(dir_ / "interceptor-error.log"));
  }
}

void Lab::start_censor() {
  step("censor");
  auto ready = dir_ / "censor.ready";
  pid_t censor = start_in_ns(
      censor_ns(),
      {options_.ashyq_binary, "lab", "censor", "--rules", (dir_ / "scenario.toml").string(),
       "--queue", "0", "--ready-file", ready.string()},
      "censor.log");
  bool ok = wait_until([&] { return fs::exists(ready) || !process_alive(censor); }, 10s);
  if (!ok || !process_alive(censor)) {
    throw LabError("the censor did not start: " + tail(dir_ / "censor.log"));
  }
}

void Lab::install_filters() {
  const auto censor = censor_ns();
  step("nftables");
  std::string nft = "table inet ashyq_lab {\n";
  std::string forward, prerouting;
  const auto profiles = interceptor_profiles(scenario_);
  for (auto& rule : scenario_.rules) {
    if (!is_nftables_action(rule.action))
      continue;
    auto lines = nft_rule_lines(scenario_, rule, profiles);
    forward += lines.forward;
    prerouting += lines.prerouting;
  }
  nft += "  chain forward_filter {\n    type filter hook forward priority -10; policy accept;\n" +
         forward + "  }\n";
  nft += "  chain prerouting_nat {\n    type nat hook prerouting priority -100; policy accept;\n" +
         prerouting + "  }\n";
  // client_nat: the ISPs' clients leave for the internet behind the censor's own address, as
  // behind a home router or a carrier-grade NAT; the censor still sees their own addresses.
  if (scenario_.client_nat) {
    nft +=
        "  chain postrouting_nat {\n    type nat hook postrouting priority 100; policy accept;\n";
    for (const auto& subnet : addr::isp_subnets(scenario_))
      nft += "    oifname \"inet0\" ip saddr " + subnet.cidr + " masquerade\n";
    nft += "  }\n";
  }
  nft += "}\n";
  write_file(dir_ / "censor.nft", nft);
  in_ns(censor, {"nft", "-f", (dir_ / "censor.nft").string()});

  step("tc throttling");
  bool any_throttle = false;
  for (std::size_t i = 0; i < scenario_.rules.size(); ++i) {
    auto& rule = scenario_.rules[i];
    if (rule.action != Action::kThrottle)
      continue;
    auto classid = "1:" + hex(0x10 + static_cast<unsigned>(i));
    std::vector<std::string> devices{"inet0"};
    for (std::size_t c = 0; c < client_namespaces().size(); ++c)
      devices.push_back("client" + std::to_string(c));
    for (auto& dev : devices) {
      if (!any_throttle) {
        in_ns(censor,
              {"tc", "qdisc", "add", "dev", dev, "root", "handle", "1:", "htb", "default", "1"});
        in_ns(censor, {"tc", "class", "add", "dev", dev, "parent", "1:", "classid", "1:1", "htb",
                       "rate", "10gbit"});
      }
      in_ns(censor, {"tc", "class", "add", "dev", dev, "parent", "1:", "classid", classid, "htb",
                     "rate", std::to_string(rule.rate_kbit) + "kbit", "ceil",
                     std::to_string(rule.rate_kbit) + "kbit", "burst", "1600", "cburst", "1600"});
    }
    any_throttle = true;
    in_ns(censor,
          {"iptables", "-w", "5", "-t", "mangle", "-A", "POSTROUTING", "-m", "mark", "--mark",
           std::to_string(throttle_mark(i)), "-j", "CLASSIFY", "--set-class", classid});
  }
  step("NFQUEUE");
  // The client's conversation with the test helper never reaches the censor program (no rule,
  // delay or loss applies to it), unless the scenario blackholes the helper.
  const auto port = std::to_string(addr::kHelperPort);
  const std::string verdict = scenario_.helper == HelperMode::kBlackholed ? "DROP" : "ACCEPT";
  in_ns(censor, {"iptables", "-w", "5", "-A", "FORWARD", "-d", addr::kHelper, "-p", "tcp",
                 "--dport", port, "-j", verdict});
  in_ns(censor, {"iptables", "-w", "5", "-A", "FORWARD", "-s", addr::kHelper, "-p", "tcp",
                 "--sport", port, "-j", verdict});
  in_ns(censor, {"iptables", "-w", "5", "-A", "FORWARD", "-j", "NFQUEUE", "--queue-num", "0"});
}

void Lab::add_rule(Rule rule) {
  if (!up_)
    throw LabError("add_rule: the lab is not up");
  addr::resolve_rule_ips(scenario_, rule);
  const auto commands = added_rule_nft(scenario_, rule);
  const auto file = dir_ / ("censor-added-" + std::to_string(++added_rules_) + ".nft");
  write_file(file, commands);
  step("nftables: add rule '" + rule.name + "'");
  in_ns(censor_ns(), {"nft", "-f", file.string()});
  scenario_.rules.push_back(std::move(rule));
}

std::string Lab::censor_log() const {
  return tail(dir_ / "censor.log", 20000);
}

void Lab::down() noexcept {
  if (!up_)
    return;
  up_ = false;
  TeardownScope teardown;
  for (auto it = pids_.rbegin(); it != pids_.rend(); ++it) {
    try {
      stop_process(*it, 2000ms);
    } catch (...) {
    }
  }
  pids_.clear();
  for (auto it = namespaces_.rbegin(); it != namespaces_.rend(); ++it)
    destroy_namespace(*it);
  namespaces_.clear();
  // Anything of this prefix created before a failure was recorded.
  try {
    for (auto& ns : lab_namespaces()) {
      if (ns.rfind(prefix_, 0) == 0)
        destroy_namespace(ns);
    }
  } catch (...) {
  }
  std::error_code ec;
  for (auto& ns : client_namespaces())
    fs::remove_all(fs::path("/etc/netns") / ns, ec);
  for (auto role : {"client", "censor", "internet", "helper"})
    fs::remove_all(fs::path("/etc/netns") / (prefix_ + role), ec);
  if (!options_.keep_run_dir)
    fs::remove_all(dir_, ec);
}

}  // namespace ashyq::lab
