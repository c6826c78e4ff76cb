// The demo world: treatments by family and stable hash, the scenario text, the ground truth.
#include "lab/demo_world.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <variant>

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

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos)
    return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"')
      out += '"';
    out += c;
  }
  return out + "\"";
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
  }
}

std::string scenario_text(const DemoWorld& world, const std::vector<Family>& families,
                          const std::vector<std::string>& domains, std::string_view list_name) {
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
                   " sites; SNI drop, reset, Qaznet interception, one throttled news site") +
       "\n";
  t += "reference = \"docs/kz-censorship.md; docs/demo.md\"\n";
  t += "probe_args = [\"--http-timeout\", \"15\"]\n\n";
  for (const auto& d : domains) {
    t += "[[site]]\ndomain = " + toml_string(d) + "\n";
    if (throttled.contains(d))
      t += "body_bytes = " + std::to_string(kDemoThrottledBodyBytes) + "\n";
  }
  auto rule = [&](const std::string& name, const std::string& action, const std::string& matcher,
                  const std::vector<std::string>& names, const std::string& extra) {
    if (names.empty())
      return;
    t += "\n[[rule]]\nname = " + toml_string(name) + "\naction = " + toml_string(action) + "\n" +
         matcher + " = " + toml_list(names) + "\n" + extra;
  };
  rule("throttled news site (SNI, 2022-23)", "throttle", "sni", throttle,
       "rate_kbit = " + std::to_string(kDemoThrottleKbit) + "\n");
  rule("Qaznet interception", "tls_intercept", "ip", intercept, "port = 443\n");
  rule("SNI blackhole", "drop", "sni", drop, "");
  rule("Host blackhole", "drop", "host", drop, "");
  rule("SNI reset", "reset", "sni", reset, "");
  rule("Host reset", "reset", "host", reset, "");
  // The expectations, so that `ashyq lab test --scenario world.toml` checks URL by URL too.
  for (const auto& truth : world.truth) {
    t += "\n[[url]]\nurl = " + toml_string(truth.url) +
         "\nmethod = " + toml_string(truth.expected_method) + "\n";
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
  world.scenario_toml = scenario_text(world, families, domains, list_name);
  return world;
}

std::string demo_truth_csv(const DemoWorld& world) {
  std::string out = "domain,expected_method,url,treatment\n";
  for (const auto& t : world.truth) {
    out += csv_field(t.domain) + "," + csv_field(t.expected_method) + "," + csv_field(t.url) + "," +
           csv_field(t.how) + "\n";
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
       " families (a domain and its listed subdomains get one treatment). DNS is clean: the "
       "ISP resolver answers every name truthfully. Design and reasons: docs/demo.md.\n\n";
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
  return m;
}

}  // namespace ashyq::lab
