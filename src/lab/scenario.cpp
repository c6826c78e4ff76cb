// Scenario loading with toml++: a strict reader that knows every key and reports the line.
#include "lab/scenario.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <set>
#include <sstream>

#include "core/ascii.hpp"
#include "lab/packet.hpp"

namespace ashyq::lab {

namespace {

struct ActionName {
  Action action;
  std::string_view name;
};
constexpr std::array<ActionName, 17> kActions = {{
    {Action::kDrop, "drop"},
    {Action::kReset, "reset"},
    {Action::kHttpBlockpage, "http_blockpage"},
    {Action::kDnsNxdomain, "dns_nxdomain"},
    {Action::kDnsAnswer, "dns_answer"},
    {Action::kDnsInject, "dns_inject"},
    {Action::kDelay, "delay"},
    {Action::kLoss, "loss"},
    {Action::kThrottle, "throttle"},
    {Action::kDnatBlockpage, "dnat_blockpage"},
    {Action::kRejectReset, "reject_reset"},
    {Action::kTlsIntercept, "tls_intercept"},
    {Action::kAllow, "allow"},
    {Action::kHttpRedirect, "http_redirect"},
    {Action::kHttpProxy, "http_proxy"},
    {Action::kClose, "close"},
    {Action::kStall, "stall"},
}};

// Reads one table, remembering which keys were used so that unknown ones are errors.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string file, std::string prefix)
      : table_(table), file_(std::move(file)), prefix_(std::move(prefix)) {}

  [[noreturn]] void fail(std::string_view key, const std::string& what) const {
    auto* node = table_.get(key);
    int line = node ? static_cast<int>(node->source().begin.line)
                    : static_cast<int>(table_.source().begin.line);
    throw ScenarioError(file_ + ":" + std::to_string(line) + ": key '" + prefix_ +
                        std::string(key) + "': " + what);
  }
  int line(std::string_view key = {}) const {
    auto* node = key.empty() ? nullptr : table_.get(key);
    return static_cast<int>(node ? node->source().begin.line : table_.source().begin.line);
  }

  const toml::node* get(std::string_view key) {
    used_.insert(std::string(key));
    return table_.get(key);
  }
  std::optional<std::string> string(std::string_view key) {
    auto* node = get(key);
    if (!node)
      return std::nullopt;
    if (!node->is_string())
      fail(key, "must be a string");
    return node->value<std::string>();
  }
  std::optional<int64_t> integer(std::string_view key, int64_t min, int64_t max) {
    auto* node = get(key);
    if (!node)
      return std::nullopt;
    if (!node->is_integer())
      fail(key, "must be an integer");
    auto v = *node->value<int64_t>();
    if (v < min || v > max) {
      fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    }
    return v;
  }
  std::optional<double> number(std::string_view key, double min, double max) {
    auto* node = get(key);
    if (!node)
      return std::nullopt;
    if (!node->is_number())
      fail(key, "must be a number");
    auto v = *node->value<double>();
    if (v < min || v > max) {
      std::ostringstream s;
      s << "must be between " << min << " and " << max;
      fail(key, s.str());
    }
    return v;
  }
  std::optional<bool> boolean(std::string_view key) {
    auto* node = get(key);
    if (!node)
      return std::nullopt;
    if (!node->is_boolean())
      fail(key, "must be true or false");
    return node->value<bool>();
  }
  // A string or an array of strings.
  std::vector<std::string> strings(std::string_view key) {
    auto* node = get(key);
    std::vector<std::string> out;
    if (!node)
      return out;
    if (node->is_string()) {
      out.push_back(*node->value<std::string>());
    } else if (auto* arr = node->as_array()) {
      for (auto& item : *arr) {
        if (!item.is_string())
          fail(key, "must be a string or a list of strings");
        out.push_back(*item.value<std::string>());
      }
    } else {
      fail(key, "must be a string or a list of strings");
    }
    return out;
  }
  std::optional<std::pair<double, double>> range(std::string_view key) {
    auto* node = get(key);
    if (!node)
      return std::nullopt;
    auto* arr = node->as_array();
    if (!arr || arr->size() != 2 || !(*arr)[0].is_number() || !(*arr)[1].is_number()) {
      fail(key, "must be [min, max] (two numbers)");
    }
    auto lo = *(*arr)[0].value<double>(), hi = *(*arr)[1].value<double>();
    if (lo > hi)
      fail(key, "min is larger than max");
    return std::make_pair(lo, hi);
  }
  // A boolean, or a string ("null" meaning JSON null).
  Expected json(std::string_view key) {
    auto* node = get(key);
    if (!node)
      return std::nullopt;
    if (node->is_boolean())
      return boost::json::value(*node->value<bool>());
    if (node->is_string()) {
      auto s = *node->value<std::string>();
      if (s == "null")
        return boost::json::value(nullptr);
      return boost::json::value(s);
    }
    fail(key, "must be true, false or a string (\"null\" for null)");
  }
  void reject_unknown() const {
    for (auto&& [key, node] : table_) {
      if (!used_.count(std::string(key.str()))) {
        throw ScenarioError(file_ + ":" + std::to_string(node.source().begin.line) + ": key '" +
                            prefix_ + std::string(key.str()) + "': unknown key (see docs/lab.md)");
      }
    }
  }

 private:
  const toml::table& table_;
  std::string file_;
  std::string prefix_;
  std::set<std::string> used_;
};

std::vector<const toml::table*> table_array(TableReader& r, std::string_view key) {
  std::vector<const toml::table*> out;
  auto* node = r.get(key);
  if (!node)
    return out;
  auto* arr = node->as_array();
  if (!arr)
    r.fail(key, "must be an array of tables ([[" + std::string(key) + "]])");
  for (auto& item : *arr) {
    if (!item.is_table())
      r.fail(key, "must be an array of tables ([[" + std::string(key) + "]])");
    out.push_back(item.as_table());
  }
  return out;
}

bool in_site_range(const std::string& address) {
  auto ip = ipv4_from_string(address);
  return ip && (*ip >> 8) >= (0x0a4d0a00u >> 8) && (*ip >> 8) <= (0x0a4d1f00u >> 8);
}

bool valid_domain(std::string_view d) {
  if (d.empty() || d.size() > 253 || d.front() == '.' || d.back() == '.')
    return false;
  return std::all_of(d.begin(), d.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
  });
}

// Every name in `names` is one of the scenario's ISPs.
void check_isps(TableReader& r, std::string_view key, const std::vector<std::string>& names,
                const std::vector<std::string>& isps) {
  for (auto& name : names) {
    if (std::find(isps.begin(), isps.end(), name) == isps.end()) {
      r.fail(key, "'" + name + "' is not one of the scenario's isps" +
                      (isps.empty() ? std::string(" (the scenario declares none)") : ""));
    }
  }
}

Rule read_rule(const toml::table& t, const std::string& file, std::size_t index,
               const std::vector<std::string>& isps) {
  TableReader r(t, file, "rule[" + std::to_string(index) + "].");
  Rule rule;
  rule.line = r.line();
  rule.name = r.string("name").value_or("rule " + std::to_string(index + 1));
  auto action = r.string("action");
  if (!action)
    r.fail("action", "is required");
  auto it = std::find_if(kActions.begin(), kActions.end(),
                         [&](const ActionName& a) { return a.name == *action; });
  if (it == kActions.end()) {
    std::string names;
    for (auto& a : kActions)
      names += (names.empty() ? "" : ", ") + std::string(a.name);
    r.fail("action", "unknown action '" + *action + "' (one of: " + names + ")");
  }
  rule.action = it->action;
  rule.dns_names = r.strings("dns_name");
  rule.snis = r.strings("sni");
  rule.hosts = r.strings("host");
  rule.ips = r.strings("ip");
  if (auto port = r.integer("port", 1, 65535))
    rule.port = static_cast<uint16_t>(*port);
  rule.protocol = r.string("protocol").value_or("");
  if (!rule.protocol.empty() && rule.protocol != "tcp" && rule.protocol != "udp") {
    r.fail("protocol", "must be \"tcp\" or \"udp\"");
  }
  rule.blackhole_seconds =
      static_cast<int>(r.integer("blackhole_seconds", 1, 86400).value_or(rule.blackhole_seconds));
  rule.max_hits = static_cast<int>(r.integer("max_hits", 1, 1000000).value_or(0));
  rule.reassemble = r.boolean("reassemble").value_or(false);
  rule.reset_server = r.boolean("reset_server").value_or(false);
  rule.answer = r.string("answer").value_or("");
  rule.delay_ms = static_cast<int>(r.integer("delay_ms", 0, 60000).value_or(0));
  rule.jitter_ms = static_cast<int>(r.integer("jitter_ms", 0, 60000).value_or(0));
  rule.loss_percent = r.number("loss_percent", 0, 100).value_or(0);
  rule.rate_kbit = static_cast<int>(r.integer("rate_kbit", 1, 10000000).value_or(0));
  rule.isps = r.strings("isp");
  check_isps(r, "isp", rule.isps, isps);
  rule.location = r.string("location").value_or("");
  rule.blocked_hosts = r.strings("blocked_host");
  if (auto chain = r.string("chain")) {
    if (*chain == "qaznet-2019") {
      rule.chain = InterceptChain::kQaznet2019;
    } else if (*chain == "isca") {
      rule.chain = InterceptChain::kIsca;
    } else {
      r.fail("chain", "must be \"qaznet-2019\" or \"isca\"");
    }
  }
  rule.intermediate_expired = r.boolean("intermediate_expired").value_or(false);
  r.reject_unknown();

  int content = !rule.dns_names.empty() + !rule.snis.empty() + !rule.hosts.empty();
  if (content > 1)
    r.fail("action", "give at most one of dns_name, sni, host per rule");
  bool any =
      content > 0 || !rule.ips.empty() || rule.port || !rule.isps.empty() || !rule.protocol.empty();
  if (!any) {
    r.fail("action",
           "the rule matches nothing: give dns_name, sni, host, ip, port, protocol or isp");
  }
  if (rule.action != Action::kTlsIntercept &&
      (t.contains("chain") || t.contains("intermediate_expired"))) {
    r.fail(t.contains("chain") ? "chain" : "intermediate_expired",
           "is a parameter of action tls_intercept only");
  }
  switch (rule.action) {
    case Action::kDnsAnswer:
    case Action::kDnsInject:
      if (!ipv4_from_string(rule.answer))
        r.fail("answer", "must be an IPv4 address");
      [[fallthrough]];
    case Action::kDnsNxdomain:
      if (rule.dns_names.empty())
        r.fail("dns_name", "is required by action " + *action);
      break;
    case Action::kHttpBlockpage:
      if (rule.hosts.empty())
        r.fail("host", "is required by action " + *action);
      break;
    case Action::kClose:
      if (rule.hosts.empty() && rule.snis.empty())
        r.fail("action", "close needs sni or host: it answers the client's first data");
      break;
    case Action::kHttpRedirect:
      if (rule.hosts.empty())
        r.fail("host", "is required by action " + *action);
      if (rule.location.rfind("http://", 0) != 0 && rule.location.rfind("https://", 0) != 0)
        r.fail("location", "must be an http:// or https:// URL (action http_redirect)");
      break;
    case Action::kHttpProxy:
      if (rule.blocked_hosts.empty())
        r.fail("blocked_host", "is required by action http_proxy");
      [[fallthrough]];
    case Action::kDnatBlockpage:
    case Action::kRejectReset:
    case Action::kTlsIntercept:
      if (content > 0 || rule.ips.empty()) {
        r.fail("ip",
               "action " + *action + " (nftables) matches on ip and port only; ip is required");
      }
      break;
    case Action::kDelay:
      if (rule.delay_ms == 0)
        r.fail("delay_ms", "is required by action delay");
      break;
    case Action::kLoss:
      if (rule.loss_percent == 0)
        r.fail("loss_percent", "is required by action loss");
      break;
    case Action::kThrottle:
      if (rule.rate_kbit == 0)
        r.fail("rate_kbit", "is required by action throttle");
      break;
    default:
      break;
  }
  return rule;
}

}  // namespace

bool is_nftables_action(Action action) {
  return action == Action::kDnatBlockpage || action == Action::kRejectReset ||
         action == Action::kTlsIntercept || action == Action::kHttpProxy;
}

std::string_view to_string(InterceptChain chain) {
  return chain == InterceptChain::kIsca ? "isca" : "qaznet-2019";
}

std::string_view to_string(Action action) {
  for (auto& a : kActions) {
    if (a.action == action)
      return a.name;
  }
  return "?";
}

Scenario parse_scenario(std::string_view text, const std::filesystem::path& file_name) {
  const std::string file = file_name.string();
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    throw ScenarioError(file + ":" + std::to_string(e.source().begin.line) +
                        ": not valid TOML: " + std::string(e.description()));
  }
  Scenario s;
  s.file = file_name;
  TableReader r(root, file, "");
  s.name = r.string("name").value_or(file_name.stem().string());
  s.description = r.string("description").value_or("");
  s.reference = r.string("reference").value_or("");
  s.probe_args = r.strings("probe_args");
  if (auto helper = r.string("helper")) {
    if (*helper == "up") {
      s.helper = HelperMode::kUp;
    } else if (*helper == "down") {
      s.helper = HelperMode::kDown;
    } else if (*helper == "blackholed") {
      s.helper = HelperMode::kBlackholed;
    } else {
      r.fail("helper", "must be \"up\", \"down\" or \"blackholed\"");
    }
  }

  s.client_nat = r.boolean("client_nat").value_or(false);
  if (auto* node = r.get("volunteer")) {
    if (!node->is_table())
      r.fail("volunteer", "must be a table ([volunteer])");
    s.volunteer = true;
    TableReader v(*node->as_table(), file, "volunteer.");
    s.volunteer_location_db = v.string("location_db").value_or("");
    v.reject_unknown();
  }
  s.isps = r.strings("isps");
  if (s.isps.size() > kMaxIsps)
    r.fail("isps", "at most " + std::to_string(kMaxIsps) + " ISPs");
  for (std::size_t i = 0; i < s.isps.size(); ++i) {
    auto& name = s.isps[i];
    bool ok = !name.empty() && name.size() <= 10 &&
              std::all_of(name.begin(), name.end(),
                          [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
    if (!ok)
      r.fail("isps", "'" + name + "': an ISP name is 1-10 characters a-z, 0-9");
    if (std::find(s.isps.begin(), s.isps.begin() + static_cast<long>(i), name) !=
        s.isps.begin() + static_cast<long>(i)) {
      r.fail("isps", "'" + name + "' given twice");
    }
  }

  if (auto* node = r.get("network")) {
    if (!node->is_table())
      r.fail("network", "must be a table ([network])");
    TableReader n(*node->as_table(), file, "network.");
    s.network.rtt_ms = static_cast<int>(n.integer("rtt_ms", 0, 60000).value_or(0));
    s.network.jitter_ms = static_cast<int>(n.integer("jitter_ms", 0, 60000).value_or(0));
    s.network.loss_percent = n.number("loss_percent", 0, 100).value_or(0);
    s.network.client_mtu = static_cast<int>(n.integer("client_mtu", 68, 65535).value_or(0));
    n.reject_unknown();
  }

  std::set<std::string> domains;
  auto sites = table_array(r, "site");
  for (std::size_t i = 0; i < sites.size(); ++i) {
    TableReader t(*sites[i], file, "site[" + std::to_string(i) + "].");
    Site site;
    auto domain = t.string("domain");
    if (!domain)
      t.fail("domain", "is required");
    if (!valid_domain(*domain))
      t.fail("domain", "'" + *domain + "' is not a domain name");
    site.domain = *domain;
    site.domain = core::ascii_lower(site.domain);
    if (!domains.insert(site.domain).second)
      t.fail("domain", "'" + *domain + "' given twice");
    site.address = t.string("address").value_or("");
    if (!site.address.empty() && !in_site_range(site.address))
      t.fail("address", "must be an IPv4 address in 10.77.10.0 - 10.77.31.255 (the site range)");
    site.http = t.boolean("http").value_or(true);
    site.https = t.boolean("https").value_or(true);
    site.listening = t.boolean("listening").value_or(true);
    site.body_bytes = static_cast<std::size_t>(t.integer("body_bytes", 0, 64 << 20).value_or(0));
    site.redirect = t.string("redirect").value_or("");
    if (!site.redirect.empty() && site.redirect.rfind("http://", 0) != 0 &&
        site.redirect.rfind("https://", 0) != 0) {
      t.fail("redirect", "must be an http:// or https:// URL");
    }
    site.challenge = t.boolean("challenge").value_or(false);
    site.isp_address = t.string("isp_address").value_or("");
    if (!site.isp_address.empty() && !in_site_range(site.isp_address))
      t.fail("isp_address", "must be an IPv4 address in 10.77.10.0 - 10.77.31.255");
    site.certificate = t.string("certificate").value_or("valid");
    if (site.certificate != "valid" && site.certificate != "self-signed" &&
        site.certificate != "expired" && site.certificate != "wrong-name") {
      t.fail("certificate", "must be \"valid\", \"self-signed\", \"expired\" or \"wrong-name\"");
    }
    site.resolves_to = t.string("resolves_to").value_or("");
    if (!site.resolves_to.empty() && site.resolves_to != "nothing" &&
        !ipv4_from_string(site.resolves_to)) {
      t.fail("resolves_to", "must be an IPv4 address or \"nothing\"");
    }
    t.reject_unknown();
    s.sites.push_back(site);
  }

  auto rules = table_array(r, "rule");
  for (std::size_t i = 0; i < rules.size(); ++i)
    s.rules.push_back(read_rule(*rules[i], file, i, s.isps));

  auto urls = table_array(r, "url");
  for (std::size_t i = 0; i < urls.size(); ++i) {
    TableReader t(*urls[i], file, "url[" + std::to_string(i) + "].");
    UrlCheck u;
    u.line = t.line();
    auto url = t.string("url");
    if (url && url->find("://") != std::string::npos && url->rfind("http://", 0) != 0 &&
        url->rfind("https://", 0) != 0) {
      t.fail("url", "must start with http:// or https://, or be a bare domain");
    }
    if (url && (url->empty() || url->find_first_of(" \t\n") != std::string::npos))
      t.fail("url", "must be a URL or a domain (omit it for experiments that take no input)");
    u.url = url.value_or("");
    u.probe_args = t.strings("probe_args");
    auto read_keys = [&](const char* name,
                         std::vector<std::pair<std::string, boost::json::value>>& out) {
      auto* keys = t.get(name);
      if (!keys)
        return;
      auto* table = keys->as_table();
      if (!table)
        t.fail(name, "must be a table: { key = value, ... }");
      for (auto&& [key, node] : *table) {
        boost::json::value v;
        if (auto b = node.value_exact<bool>())
          v = *b;
        else if (auto i = node.value_exact<int64_t>())
          v = *i;
        else if (auto d = node.value_exact<double>())
          v = *d;
        else if (auto str = node.value_exact<std::string>())
          v = *str == "null" ? boost::json::value(nullptr) : boost::json::value(*str);
        else
          t.fail(name, "'" + std::string(key.str()) +
                           "' must be a boolean, number or string (\"null\" for null)");
        out.emplace_back(std::string(key.str()), std::move(v));
      }
    };
    read_keys("expect_test_keys", u.test_keys);
    read_keys("expect_keys", u.measurement_keys);
    u.absent = t.strings("expect_absent");
    u.failure = t.string("expect_failure");
    u.failed_operation = t.string("expect_failed_operation");
    u.body_contains = t.string("expect_body_contains");
    u.control_failure = t.string("expect_control_failure");
    u.tcp_connect_ms = t.range("expect_tcp_connect_ms");
    u.runtime_s = t.range("expect_runtime_s");
    u.blocking = t.json("blocking");
    u.accessible = t.json("accessible");
    u.method = t.string("method");
    u.evidence_contains = t.string("expect_evidence_contains");
    u.isp = t.string("isp").value_or("");
    if (!u.isp.empty()) {
      std::vector<std::string> one{u.isp};
      check_isps(t, "isp", one, s.isps);
    }
    t.reject_unknown();
    s.urls.push_back(u);
  }
  r.reject_unknown();
  if (s.urls.empty()) {
    throw ScenarioError(file + ":1: key 'url': a scenario needs at least one [[url]] to check");
  }
  return s;
}

Scenario load_scenario(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw ScenarioError(file.string() + ": cannot read the file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_scenario(buffer.str(), file);
}

std::vector<std::filesystem::path> list_scenarios(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  for (auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".toml")
      out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace ashyq::lab
