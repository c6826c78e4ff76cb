// The demo world: treatments by family and stable hash, the scenario text, the ground truth.
#include "lab/demo_world.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <variant>

#include "core/csv_writer.hpp"
#include "lab/address_plan.hpp"
#include "net/url.hpp"

namespace ashyq::lab {

namespace {

// One listed URL that the lab can serve.
struct Item {
  std::string url;
  std::string domain;
  bool https = false;
  std::string category;
  bool served = true;  // false: not in the lab (see kNotServed)
};

// A listed domain and the listed subdomains under it: one treatment for all of them.
struct Family {
  std::string root;
  std::vector<std::string> domains;  // in list order
  bool has_http = false, has_https = false;
  bool news = false;
  DemoTreatment treatment = DemoTreatment::kReachable;
};

bool servable_domain(std::string_view d) {
  if (d.empty() || d.size() > 253 || d.front() == '.' || d.back() == '.' ||
      d.find("..") != std::string_view::npos) {
    return false;
  }
  return std::all_of(d.begin(), d.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

// The shortest listed domain that `domain` is, or is a subdomain of.
std::string family_root(const std::string& domain, const std::set<std::string>& listed) {
  // Suffixes from the shortest ("ru") to the whole name.
  for (auto pos = domain.rfind('.'); pos != std::string::npos && pos > 0;
       pos = domain.rfind('.', pos - 1)) {
    const std::string suffix = domain.substr(pos + 1);
    if (listed.contains(suffix))
      return suffix;
  }
  return domain;
}

std::string toml_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      static const char* kHex = "0123456789abcdef";
      out += "\\u00";
      out += kHex[(c >> 4) & 0xf];
      out += kHex[c & 0xf];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string toml_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0)
      out += ", ";
    out += toml_string(items[i]);
  }
  return out + "]";
}

std::size_t quota(std::size_t families, int per_mille) {
  return (families * static_cast<std::size_t>(per_mille) + 500) / 1000;
}

bool https_only(const Family& f) {
  return f.has_https && !f.has_http;
}

// The family to throttle: the documented news sites first (docs/kz-censorship.md#throttling).
const Family* pick_throttled(const std::vector<Family>& families,
                             const std::map<std::string, std::size_t>& family_of) {
  for (const char* preferred : {"rus.azattyq.org", "www.azattyq.org"}) {
    auto it = family_of.find(preferred);
    if (it != family_of.end() && https_only(families[it->second]))
      return &families[it->second];
  }
  for (const auto& f : families) {
    if (f.news && https_only(f))
      return &f;
  }
  for (const auto& f : families) {
    if (https_only(f))
      return &f;
  }
  return nullptr;
}

// How a treatment shows on one URL: the rule that fires, and the method a correct analysis gives.
void describe(DemoTruth& t, bool https) {
  switch (t.treatment) {
    case DemoTreatment::kReachable:
      t.how = "reachable";
      t.expected_method = "none";
      break;
    case DemoTreatment::kThrottled:
      t.how = "throttled";
      t.expected_method = "none";  // slow is not blocked: the page arrives whole
      break;
    case DemoTreatment::kSniDrop:
      t.how = https ? "sni-drop" : "host-drop";
      t.expected_method = https ? "tls" : "http-failure";
      break;
    case DemoTreatment::kSniReset:
      t.how = https ? "sni-reset" : "host-reset";
      t.expected_method = https ? "tls" : "http-failure";
      break;
    case DemoTreatment::kInterception:
      t.how = "tls-interception";
      t.expected_method = https ? "interception" : "none";  // never http: see pick constraints
      break;
    case DemoTreatment::kNotServed:
      t.how = "not-served";
      t.expected_method = "down";
      break;
    case DemoTreatment::kDnsNxdomain:
      t.how = "dns-nxdomain";
      t.expected_method = "dns";
      break;
    case DemoTreatment::kIpReset:
      t.how = "ip-reset";
      t.expected_method = "tcp_ip";
      break;
  }
}

// The networks of the demo world (docs/demo.md). Everything but Kazakhtelecom's ASN and name is
// fictional, and says so; AS64500-64511 are reserved for documentation (RFC 5398).
std::vector<DemoNetwork> demo_networks() {
  return {
      {"kaztel", 9198, "JSC Kazakhtelecom (ashyq lab)",
       "SNI/Host drop and reset, Qaznet interception, one throttled news site (above)"},
      {"steppe", 64500, "Steppe Telecom (fictional)",
       "its resolver answers NXDOMAIN for " + std::to_string(kDemoSteppeBlocked) +
           " of the blocked families (DNS blocking)"},
      {"dala", 64501, "Dala Mobile (fictional)",
       "resets the ClientHello (or HTTP request) of " + std::to_string(kDemoDalaBlocked) +
           " of the blocked families; from round 2 on, resets every TCP connection to the "
           "changed site's address (TCP/IP blocking)"},
  };
}

std::string scenario_text(const DemoWorld& world, const std::vector<Family>& families,
                          const std::vector<std::string>& domains, std::string_view list_name,
                          const std::vector<std::string>& steppe_blocked,
                          const std::vector<std::string>& dala_blocked) {
  std::vector<std::string> drop, reset, intercept, throttle;
  for (const auto& f : families) {
    std::vector<std::string>* into = nullptr;
    switch (f.treatment) {
      case DemoTreatment::kSniDrop:
        into = &drop;
        break;
      case DemoTreatment::kSniReset:
        into = &reset;
        break;
      case DemoTreatment::kInterception:
        into = &intercept;
        break;
      case DemoTreatment::kThrottled:
        into = &throttle;
        break;
      case DemoTreatment::kReachable:
      case DemoTreatment::kNotServed:
      case DemoTreatment::kDnsNxdomain:
      case DemoTreatment::kIpReset:
        break;
    }
    if (into)
      into->insert(into->end(), f.domains.begin(), f.domains.end());
  }
  std::set<std::string> throttled(throttle.begin(), throttle.end());
  std::string t;
  t += "# The ashyq demo world, generated by `ashyq demo` from the test list '" +
       std::string(list_name) + "'.\n";
  t += "# Ground truth: ground-truth.csv beside the report; design: docs/demo.md.\n";
  t += "name = \"demo\"\n";
  t += "description = " +
       toml_string("Kazakhstan-like world: " + std::to_string(world.domains) +
                   " sites; SNI drop, reset, Qaznet interception, one throttled news site; two "
                   "fictional networks: DNS NXDOMAIN, SNI reset") +
       "\n";
  t += "reference = \"docs/kz-censorship.md; docs/demo.md\"\n";
  t += "probe_args = [\"--http-timeout\", \"15\"]\n";
  std::vector<std::string> isps;
  for (const auto& n : world.networks)
    isps.push_back(n.isp);
  t += "# " + std::to_string(isps.size()) + " networks:";
  for (const auto& n : world.networks)
    t += " " + n.isp + " = AS" + std::to_string(n.asn) + " " + n.name + ";";
  t += "\nisps = " + toml_list(isps) + "\n\n";
  for (const auto& d : domains) {
    t += "[[site]]\ndomain = " + toml_string(d) + "\n";
    if (throttled.contains(d))
      t += "body_bytes = " + std::to_string(kDemoThrottledBodyBytes) + "\n";
  }
  std::string isp = "kaztel";
  auto rule = [&](const std::string& name, const std::string& action, const std::string& matcher,
                  const std::vector<std::string>& names, const std::string& extra) {
    if (names.empty())
      return;
    t += "\n[[rule]]\nname = " + toml_string(name) + "\naction = " + toml_string(action) + "\n" +
         matcher + " = " + toml_list(names) + "\nisp = " + toml_list({isp}) + "\n" + extra;
  };
  rule("throttled news site (SNI, 2022-23)", "throttle", "sni", throttle,
       "rate_kbit = " + std::to_string(kDemoThrottleKbit) + "\n");
  rule("Qaznet interception", "tls_intercept", "ip", intercept, "port = 443\n");
  rule("SNI blackhole", "drop", "sni", drop, "");
  rule("Host blackhole", "drop", "host", drop, "");
  rule("SNI reset", "reset", "sni", reset, "");
  rule("Host reset", "reset", "host", reset, "");
  isp = "steppe";
  rule("Steppe Telecom (fictional): DNS NXDOMAIN", "dns_nxdomain", "dns_name", steppe_blocked, "");
  isp = "dala";
  rule("Dala Mobile (fictional): SNI reset", "reset", "sni", dala_blocked, "");
  rule("Dala Mobile (fictional): Host reset", "reset", "host", dala_blocked, "");
  // The expectations, so that `ashyq lab test --scenario world.toml` checks URL by URL too.
  for (const auto& truth : world.truth) {
    t += "\n[[url]]\nurl = " + toml_string(truth.url) +
         "\nmethod = " + toml_string(truth.expected_method) + "\n";
  }
  for (const auto& nt : world.network_truth) {
    if (nt.isp == "kaztel" || nt.round != 1)
      continue;  // kaztel's are above; round 2 needs the rule Lab::add_rule adds
    t += "\n[[url]]\nurl = " + toml_string(nt.truth.url) +
         "\nmethod = " + toml_string(nt.truth.expected_method) + "\nisp = " + toml_string(nt.isp) +
         "\n";
  }
  return t;
}

}  // namespace

std::string_view to_string(DemoTreatment t) {
  switch (t) {
    case DemoTreatment::kReachable:
      return "reachable";
    case DemoTreatment::kSniDrop:
      return "sni-drop";
    case DemoTreatment::kSniReset:
      return "sni-reset";
    case DemoTreatment::kInterception:
      return "tls-interception";
    case DemoTreatment::kThrottled:
      return "throttled";
    case DemoTreatment::kNotServed:
      return "not-served";
    case DemoTreatment::kDnsNxdomain:
      return "dns-nxdomain";
    case DemoTreatment::kIpReset:
      return "ip-reset";
  }
  return "reachable";
}

uint64_t demo_hash(std::string_view text) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

DemoWorld make_demo_world(const std::vector<experiments::TestListEntry>& entries,
                          std::string_view list_name) {
  DemoWorld world;
  std::vector<Item> items;
  for (const auto& e : entries) {
    auto parsed = net::parse_url(e.url);
    if (!parsed.ok()) {
      world.skipped.push_back(e.url + ": " + parsed.error().why);
      continue;
    }
    const auto& url = parsed.value();
    const uint16_t default_port = url.is_https() ? 443 : 80;
    Item item{e.url, url.host, url.is_https(), e.category_code, true};
    if (url.host_is_ip() || !servable_domain(url.host)) {
      world.skipped.push_back(e.url + ": the host is not a domain name the lab can serve");
      item.served = false;
    } else if (url.port != default_port) {
      world.skipped.push_back(e.url + ": the lab serves ports 80 and 443 only");
      item.served = false;
    }
    items.push_back(std::move(item));
  }

  // Domains in list order, then their families.
  std::vector<std::string> domains;
  std::set<std::string> listed;
  for (const auto& i : items) {
    if (i.served && listed.insert(i.domain).second)
      domains.push_back(i.domain);
  }
  std::vector<Family> families;
  std::map<std::string, std::size_t> family_of;  // domain → index in families
  std::map<std::string, std::size_t> by_root;
  for (const auto& d : domains) {
    const auto root = family_root(d, listed);
    auto [it, fresh] = by_root.try_emplace(root, families.size());
    if (fresh)
      families.push_back({root, {}, false, false, false, DemoTreatment::kReachable});
    families[it->second].domains.push_back(d);
    family_of[d] = it->second;
  }
  for (const auto& i : items) {
    if (!i.served)
      continue;
    auto& f = families[family_of[i.domain]];
    (i.https ? f.has_https : f.has_http) = true;
    if (i.category == "NEWS")
      f.news = true;
  }

  // The throttled site, then the quotas in hash order.
  if (const Family* t = pick_throttled(families, family_of)) {
    families[static_cast<std::size_t>(t - families.data())].treatment = DemoTreatment::kThrottled;
    world.throttled_domain = t->domains.front();
    for (const auto& d : t->domains) {
      if (d == "rus.azattyq.org" || d == "www.azattyq.org") {
        world.throttled_domain = d;
        break;
      }
    }
  }
  std::vector<Family*> order;
  for (auto& f : families) {
    if (f.treatment != DemoTreatment::kThrottled)
      order.push_back(&f);
  }
  std::sort(order.begin(), order.end(), [](const Family* a, const Family* b) {
    const auto ha = demo_hash(a->root), hb = demo_hash(b->root);
    return ha != hb ? ha < hb : a->root < b->root;
  });
  std::size_t intercept_left = quota(families.size(), kDemoInterceptPerMille);
  std::size_t reset_left = quota(families.size(), kDemoResetPerMille);
  std::size_t drop_left = quota(families.size(), kDemoDropPerMille);
  for (Family* f : order) {
    if (f->has_http && f->has_https)
      continue;  // one method per domain: see the header
    if (intercept_left > 0 && https_only(*f)) {
      f->treatment = DemoTreatment::kInterception;
      --intercept_left;
    } else if (reset_left > 0) {
      f->treatment = DemoTreatment::kSniReset;
      --reset_left;
    } else if (drop_left > 0) {
      f->treatment = DemoTreatment::kSniDrop;
      --drop_left;
    }
  }

  for (const auto& i : items) {
    DemoTruth t;
    t.url = i.url;
    t.domain = i.domain;
    t.treatment = i.served ? families[family_of[i.domain]].treatment : DemoTreatment::kNotServed;
    describe(t, i.https);
    world.truth.push_back(std::move(t));
  }
  world.families = families.size();
  world.domains = domains.size();

  // The other networks: the first blocked families (hash order) and a sample of reachable ones.
  world.networks = demo_networks();
  std::vector<const Family*> blocked, reachable;
  const Family* changed = nullptr;
  for (const Family* f : order) {
    if (f->treatment == DemoTreatment::kSniDrop || f->treatment == DemoTreatment::kSniReset)
      blocked.push_back(f);
    if (f->treatment != DemoTreatment::kReachable)
      continue;
    if (!changed && f->news && https_only(*f))
      changed = f;
    if (reachable.size() < kDemoSampleReachable)
      reachable.push_back(f);
  }
  for (const Family* f : order) {
    if (!changed && f->treatment == DemoTreatment::kReachable && https_only(*f))
      changed = f;
  }
  auto first = [](const std::vector<const Family*>& v, std::size_t n) {
    return std::vector<const Family*>(v.begin(),
                                      v.begin() + static_cast<long>(std::min(n, v.size())));
  };
  const auto steppe = first(blocked, kDemoSteppeBlocked);
  const auto dala = first(blocked, kDemoDalaBlocked);
  auto domains_of = [](const std::vector<const Family*>& fs) {
    std::vector<std::string> out;
    for (const Family* f : fs)
      out.insert(out.end(), f->domains.begin(), f->domains.end());
    return out;
  };
  for (const auto& t : world.truth)
    world.network_truth.push_back({"kaztel", 1, t});
  auto measure = [&](const std::string& isp, int round,
                     const std::vector<std::pair<const Family*, DemoTreatment>>& subset) {
    for (const auto& i : items) {  // list order
      if (!i.served)
        continue;
      const Family* f = &families[family_of[i.domain]];
      for (const auto& [member, treatment] : subset) {
        if (member != f)
          continue;
        DemoTruth t;
        t.url = i.url;
        t.domain = i.domain;
        t.treatment = treatment;
        describe(t, i.https);
        world.network_truth.push_back({isp, round, std::move(t)});
        break;
      }
    }
  };
  std::vector<std::pair<const Family*, DemoTreatment>> steppe_subset, dala_before, dala_after;
  for (const Family* f : steppe)
    steppe_subset.push_back({f, DemoTreatment::kDnsNxdomain});
  for (const Family* f : dala) {
    dala_before.push_back({f, DemoTreatment::kSniReset});
    dala_after.push_back({f, DemoTreatment::kSniReset});
  }
  for (const Family* f : reachable) {
    steppe_subset.push_back({f, DemoTreatment::kReachable});
    if (f != changed) {
      dala_before.push_back({f, DemoTreatment::kReachable});
      dala_after.push_back({f, DemoTreatment::kReachable});
    }
  }
  if (changed) {
    dala_before.push_back({changed, DemoTreatment::kReachable});
    dala_after.push_back({changed, DemoTreatment::kIpReset});
    world.changed_domain = changed->domains.front();
    world.changed_rule.name = "Dala Mobile (fictional): " + world.changed_domain +
                              " blocked by IP (added before round 2)";
    world.changed_rule.action = Action::kRejectReset;
    world.changed_rule.ips = changed->domains;  // site names: the lab resolves them
    world.changed_rule.isps = {world.changed_isp};
  }
  measure("steppe", 1, steppe_subset);
  measure("dala", 1, dala_before);
  measure("dala", 2, dala_after);

  world.scenario_toml =
      scenario_text(world, families, domains, list_name, domains_of(steppe), domains_of(dala));
  return world;
}

std::string demo_truth_csv(const DemoWorld& world) {
  std::string out = "domain,expected_method,url,treatment\n";
  for (const auto& t : world.truth) {
    out += core::csv_quote(t.domain) + "," + core::csv_quote(t.expected_method) + "," +
           core::csv_quote(t.url) + "," + core::csv_quote(t.how) + "\n";
  }
  return out;
}

std::vector<std::string> demo_network_urls(const DemoWorld& world, std::string_view isp,
                                           int round) {
  std::vector<std::string> out;
  for (const auto& nt : world.network_truth) {
    if (nt.isp == isp && nt.round == round)
      out.push_back(nt.truth.url);
  }
  return out;
}

std::string demo_networks_csv(const DemoWorld& world) {
  std::map<std::string, const DemoNetwork*> by_isp;
  for (const auto& n : world.networks)
    by_isp[n.isp] = &n;
  std::string out = "network,asn,network_name,round,domain,expected_method,url,treatment\n";
  for (const auto& nt : world.network_truth) {
    const auto* n = by_isp.at(nt.isp);
    out += core::csv_quote(nt.isp) + ",AS" + std::to_string(n->asn) + "," +
           core::csv_quote(n->name) + "," + std::to_string(nt.round) + "," +
           core::csv_quote(nt.truth.domain) + "," + core::csv_quote(nt.truth.expected_method) +
           "," + core::csv_quote(nt.truth.url) + "," + core::csv_quote(nt.truth.how) + "\n";
  }
  return out;
}

std::string demo_asn_table(const DemoWorld& world) {
  std::string out = "# the demo's client networks (ashyq lab; AS64500-64501 are fictional)\n";
  for (std::size_t i = 0; i < world.networks.size(); ++i) {
    const auto& n = world.networks[i];
    out += addr::isp_subnet(i).cidr + " " + std::to_string(n.asn) + " " + n.name + "\n";
  }
  return out;
}

std::string demo_truth_markdown(const DemoWorld& world, std::string_view list_name) {
  std::map<std::string, std::size_t> by_how, by_method;
  std::map<DemoTreatment, std::set<std::string>> domains_by_treatment;
  for (const auto& t : world.truth) {
    ++by_how[t.how];
    ++by_method[t.expected_method];
    domains_by_treatment[t.treatment].insert(t.domain);
  }
  std::string m;
  m += "# Ground truth of the ashyq demo world\n\n";
  m += "Made by `ashyq demo` from the test list `" + std::string(list_name) +
       "`: " + std::to_string(world.truth.size()) + " URLs, " + std::to_string(world.domains) +
       " domains served in the lab (HTTP and HTTPS), " + std::to_string(world.families) +
       " families (a domain and its listed subdomains get one treatment). On Kazakhtelecom "
       "(AS9198) DNS is clean: the ISP resolver answers every name truthfully. Two more "
       "networks, both fictional, measure a subset (below). Design and reasons: "
       "docs/demo.md.\n\n";
  m += "## Treatments (domains)\n\n| treatment | domains | what the censor does |\n|---|---|---|\n";
  const std::pair<DemoTreatment, std::string> kWords[] = {
      {DemoTreatment::kSniDrop,
       "drops the ClientHello whose SNI names the domain (and the HTTP request whose Host does) "
       "and blackholes the connection: no RST (docs/kz-censorship.md#sni-blocking)"},
      {DemoTreatment::kSniReset,
       "drops the ClientHello (or HTTP request) and injects a TCP RST (the reset variant)"},
      {DemoTreatment::kInterception,
       "DNATs TLS to a proxy that presents a chain from a fresh `C=KZ, CN=Qaznet Trust "
       "Network` root"},
      {DemoTreatment::kThrottled, "shapes connections whose SNI names the site to " +
                                      std::to_string(kDemoThrottleKbit) +
                                      " kbit/s; the page still loads"},
      {DemoTreatment::kReachable, "nothing"},
      {DemoTreatment::kNotServed,
       "nothing: not in the lab (an IP address, or a port other than 80/443), so the probe "
       "and the control both fail: expected `down`"},
  };
  for (const auto& [treatment, words] : kWords) {
    if (treatment == DemoTreatment::kNotServed && world.skipped.empty())
      continue;
    m += "| " + std::string(to_string(treatment)) + " | " +
         std::to_string(domains_by_treatment[treatment].size()) + " | " + words + " |\n";
  }
  if (!world.throttled_domain.empty()) {
    m += "\nThe throttled site is `" + world.throttled_domain +
         "`: throttled is not blocked, so its expected method is `none`.\n";
  }
  m += "\n## Expected methods (URLs, as the report counts measurements)\n\n"
       "| method | URLs |\n|---|---|\n";
  for (const auto& [method, n] : by_method)
    m += "| `" + method + "` | " + std::to_string(n) + " |\n";
  m += "\n## How each URL is treated\n\n| treatment on the URL | URLs |\n|---|---|\n";
  for (const auto& [how, n] : by_how)
    m += "| " + how + " | " + std::to_string(n) + " |\n";
  if (!world.skipped.empty()) {
    m += "\n## Not served in the lab\n\n";
    for (const auto& s : world.skipped)
      m += "- " + s + "\n";
  }
  m += "\n`ground-truth.csv` lists every URL: `domain,expected_method,url,treatment`.\n";

  m += "\n## Networks\n\nThe tables above are Kazakhtelecom's, where the whole list is measured "
       "(the report). Each network is an ISP of the lab, with its own client namespace; its "
       "measurements carry its ASN and name (`probe_asn`, `probe_network_name`).\n\n"
       "| network | ASN | name | censorship | URLs round 1 | URLs round 2 |\n"
       "|---|---|---|---|---|---|\n";
  for (const auto& n : world.networks) {
    m += "| " + n.isp + " | AS" + std::to_string(n.asn) + " | " + n.name + " | " + n.censorship +
         " | " + std::to_string(demo_network_urls(world, n.isp, 1).size()) + " | " +
         std::to_string(demo_network_urls(world, n.isp, 2).size()) + " |\n";
  }
  if (!world.changed_domain.empty()) {
    m += "\n## The change between rounds\n\nAfter round 1, `" + world.changed_domain +
         "` (reachable everywhere in round 1) becomes blocked on " + world.changed_isp +
         " by IP: the rule `" + world.changed_rule.name +
         "` (`reject_reset`) is added to the running lab, and round 2 measures " +
         world.changed_isp +
         "'s subset again. Expected there: `none` in round 1, `tcp_ip` in "
         "round 2.\n";
  }
  m += "\n`ground-truth-networks.csv` lists every URL of every network and round: "
       "`network,asn,network_name,round,domain,expected_method,url,treatment`.\n";
  return m;
}

std::string demo_register_toml(const DemoWorld& world) {
  // The first domain (in list order) that every network measures and finds plainly blocked.
  auto plain = [](const std::string& method) {
    return method == "tls" || method == "http-failure" || method == "dns" || method == "tcp_ip";
  };
  std::string blocked;
  for (const auto& t : world.truth) {
    if (!plain(t.expected_method) || t.domain == world.changed_domain)
      continue;
    std::set<std::string> networks;
    bool everywhere = true;
    for (const auto& nt : world.network_truth)
      if (nt.truth.domain == t.domain) {
        networks.insert(nt.isp);
        everywhere = everywhere && plain(nt.truth.expected_method);
      }
    if (everywhere && networks.size() == world.networks.size()) {
      blocked = t.domain;
      break;
    }
  }
  if (blocked.empty())
    return "";
  constexpr std::string_view kFictional =
      "FICTIONAL: made up for ashyq's demo. No such court, order, outlet, person or case exists.";
  std::string toml =
      "# The demo's register: FICTIONAL entries that fit the lab world (docs/register.md).\n"
      "# No real court, order, outlet or person is named here.\n\n"
      "[[authorities]]\n"
      "id = \"demo-court\"\n"
      "kind = \"court\"\n"
      "name = \"Demo District Court (fictional)\"\n"
      "country = \"KZ\"\n"
      "notes = \"" +
      std::string(kFictional) +
      "\"\n"
      "publication = \"published\"\n\n"
      "[[orders]]\n"
      "id = \"demo-order-1\"\n"
      "reference = \"DEMO-1 (fictional)\"\n"
      "authority = \"demo-court\"\n"
      "date_issued = 2026-01-15\n"
      "legal_basis = { text = \"Fictional: a made-up ruling for the demo\" }\n"
      "targets = [{ kind = \"domain\", value = \"" +
      blocked +
      "\" }]\n"
      "notes = \"" +
      std::string(kFictional) +
      "\"\n"
      "publication = \"published\"\n";
  if (!world.changed_domain.empty())
    toml +=
        "\n[[orders]]\n"
        "id = \"demo-order-2\"\n"
        "reference = \"DEMO-2 (fictional)\"\n"
        "authority = \"demo-court\"\n"
        "date_issued = 2026-02-01\n"
        "legal_basis = { text = \"Fictional: a made-up ruling for the demo\" }\n"
        "targets = [{ kind = \"domain\", value = \"" +
        world.changed_domain +
        "\" }]\n"
        "notes = \"" +
        std::string(kFictional) +
        "\"\n"
        "publication = \"published\"\n";
  // An outlet on DEMO-1's domain, its journalist and a case: the outlet's page puts the order,
  // the case's events and the measured blocking on one time axis.
  toml +=
      "\n[[outlets]]\n"
      "id = \"demo-outlet\"\n"
      "name = \"Demo Courier (fictional)\"\n"
      "kind = \"news\"\n"
      "domains = [\"" +
      blocked +
      "\"]\n"
      "notes = \"" +
      std::string(kFictional) +
      "\"\n"
      "publication = \"published\"\n\n"
      "[[people]]\n"
      "id = \"demo-person\"\n"
      "name = \"Demo Journalist (fictional)\"\n"
      "roles = [\"journalist\"]\n"
      "outlets = [\"demo-outlet\"]\n"
      "notes = \"" +
      std::string(kFictional) +
      "\"\n"
      "publication = \"published\"\n\n"
      "[[cases]]\n"
      "id = \"demo-case-1\"\n"
      "person = \"demo-person\"\n"
      "charges = [{ code = \"demo-code (fictional)\", article = \"1\" }]\n"
      "events = [{ kind = \"investigation_opened\", date = 2026-01-05, description = "
      "\"Fictional\" }, { kind = \"charged\", date = 2026-01-20, description = \"Fictional\" }, "
      "{ kind = \"trial\", date = 2026-03-02, description = \"Fictional\" }]\n"
      "status = \"trial\"\n"
      "notes = \"" +
      std::string(kFictional) +
      "\"\n"
      "publication = \"published\"\n";
  return toml;
}

}  // namespace ashyq::lab
