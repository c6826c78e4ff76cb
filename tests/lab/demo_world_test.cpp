// The demo world: deterministic, the documented shares, every listed domain served, one
// throttled news site, well-formed rules, and a ground truth consistent with the rules.
#include "lab/demo_world.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "analysis/read_file.hpp"
#include "core/csv_reader.hpp"
#include "lab/address_plan.hpp"
#include "lab/lab.hpp"
#include "lab/scenario.hpp"
#include "net/url.hpp"
#include "register/register_file.hpp"
#include "test_source_dir.hpp"

namespace ashyq::lab {
namespace {

std::vector<experiments::TestListEntry> kz_list() {
  auto text = analysis::read_file(std::string(ASHYQ_TEST_SOURCE_DIR) + "/data/test-lists/kz.csv");
  EXPECT_TRUE(text.ok());
  return experiments::parse_test_list(text ? *text : "").entries;
}

std::vector<experiments::TestListEntry> entries(const std::vector<std::string>& urls,
                                                const std::string& category = "NEWS") {
  std::vector<experiments::TestListEntry> out;
  for (const auto& u : urls)
    out.push_back({u, category, 0});
  return out;
}

std::map<std::string, std::string> method_by_url(const DemoWorld& w) {
  std::map<std::string, std::string> out;
  for (const auto& t : w.truth)
    out[t.url] = t.expected_method;
  return out;
}

// Names match themselves and their subdomains, as the censor's matchers do.
bool name_matches(const std::string& domain, const std::vector<std::string>& names) {
  return std::any_of(names.begin(), names.end(), [&](const std::string& n) {
    return domain == n || (domain.size() > n.size() && domain.ends_with("." + n));
  });
}

const Rule* rule_named(const Scenario& s, std::string_view name) {
  for (const auto& r : s.rules) {
    if (r.name == name)
      return &r;
  }
  return nullptr;
}

TEST(DemoWorld, IsDeterministicAndIndependentOfListOrder) {
  auto list = kz_list();
  auto a = make_demo_world(list, "kz");
  auto b = make_demo_world(list, "kz");
  EXPECT_EQ(a.scenario_toml, b.scenario_toml);
  EXPECT_EQ(demo_truth_csv(a), demo_truth_csv(b));
  std::shuffle(list.begin(), list.end(), std::mt19937(42));
  EXPECT_EQ(method_by_url(make_demo_world(list, "kz")), method_by_url(a));
}

TEST(DemoWorld, HashIsStableFnv1a) {
  EXPECT_EQ(demo_hash(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(demo_hash("a"), 0xaf63dc4c8601ec8cull);
}

TEST(DemoWorld, KzSharesAreTheDocumentedOnes) {
  auto list = kz_list();
  ASSERT_GT(list.size(), 500u);
  auto w = make_demo_world(list, "kz");
  EXPECT_TRUE(w.skipped.empty());
  ASSERT_EQ(w.truth.size(), list.size());
  std::map<DemoTreatment, std::set<std::string>> domains;
  for (const auto& t : w.truth)
    domains[t.treatment].insert(t.domain);
  const double n = static_cast<double>(w.domains);
  struct Band {
    DemoTreatment treatment;
    double min, max;
  };
  const Band bands[] = {
      {DemoTreatment::kSniDrop, 0.33, 0.37},
      {DemoTreatment::kSniReset, 0.04, 0.06},
      {DemoTreatment::kInterception, 0.03, 0.05},
      {DemoTreatment::kReachable, 0.52, 0.60},
  };
  for (const auto& b : bands) {
    const double share = static_cast<double>(domains[b.treatment].size()) / n;
    EXPECT_GE(share, b.min) << to_string(b.treatment);
    EXPECT_LE(share, b.max) << to_string(b.treatment);
  }
  EXPECT_EQ(domains[DemoTreatment::kThrottled], std::set<std::string>{"rus.azattyq.org"});
  EXPECT_EQ(w.throttled_domain, "rus.azattyq.org");
}

TEST(DemoWorld, EveryListedDomainIsServed) {
  auto list = kz_list();
  auto w = make_demo_world(list, "kz");
  auto s = parse_scenario(w.scenario_toml, "world.toml");
  std::set<std::string> served, listed;
  for (const auto& site : s.sites) {
    EXPECT_TRUE(site.http && site.https && site.listening) << site.domain;
    served.insert(site.domain);
  }
  for (const auto& e : list)
    listed.insert(net::parse_url(e.url).value().host);
  EXPECT_EQ(served, listed);
  EXPECT_EQ(served.size(), w.domains);
  addr::assign_addresses(s);  // fits the site range; every rule ip names a site
  std::set<std::string> addresses;
  for (const auto& site : s.sites)
    addresses.insert(site.address);
  EXPECT_EQ(addresses.size(), s.sites.size()) << "interception by ip needs one address per site";
}

TEST(DemoWorld, RulesAreWellFormedAndMatchTheGroundTruth) {
  auto w = make_demo_world(kz_list(), "kz");
  auto s = parse_scenario(w.scenario_toml, "world.toml");
  ASSERT_EQ(s.rules.size(), 9u);  // Kazakhtelecom's 6, Steppe's DNS rule, Dala's 2
  const Rule* throttle = rule_named(s, "throttled news site (SNI, 2022-23)");
  const Rule* intercept = rule_named(s, "Qaznet interception");
  const Rule* sni_drop = rule_named(s, "SNI blackhole");
  const Rule* host_drop = rule_named(s, "Host blackhole");
  const Rule* sni_reset = rule_named(s, "SNI reset");
  const Rule* host_reset = rule_named(s, "Host reset");
  ASSERT_TRUE(throttle && intercept && sni_drop && host_drop && sni_reset && host_reset);
  EXPECT_EQ(throttle->action, Action::kThrottle);
  EXPECT_EQ(throttle->rate_kbit, kDemoThrottleKbit);
  EXPECT_EQ(intercept->action, Action::kTlsIntercept);
  EXPECT_EQ(intercept->port.value_or(0), 443);
  EXPECT_EQ(sni_drop->action, Action::kDrop);
  EXPECT_EQ(sni_reset->action, Action::kReset);
  // The name is blocked on both ports.
  EXPECT_EQ(sni_drop->snis, host_drop->hosts);
  EXPECT_EQ(sni_reset->snis, host_reset->hosts);
  for (const auto& site : s.sites) {
    const bool throttled = name_matches(site.domain, throttle->snis);
    EXPECT_EQ(site.body_bytes, throttled ? kDemoThrottledBodyBytes : 0u) << site.domain;
  }
  // Every URL's expected method follows from the rule that covers its domain.
  for (const auto& t : w.truth) {
    const bool https = t.url.starts_with("https://");
    const bool intercepted =
        std::find(intercept->ips.begin(), intercept->ips.end(), t.domain) != intercept->ips.end();
    std::string expected = "none";
    if (t.treatment == DemoTreatment::kNotServed) {
      expected = "down";
    } else if (intercepted) {
      ASSERT_TRUE(https) << t.url << ": the interceptor takes port 443 only";
      expected = "interception";
    } else if (name_matches(t.domain, sni_drop->snis) || name_matches(t.domain, sni_reset->snis)) {
      expected = https ? "tls" : "http-failure";
    }
    EXPECT_EQ(t.expected_method, expected) << t.url;
  }
  // Kazakhtelecom's rules are its own; its DNS is clean (the one DNS rule is Steppe's).
  for (const auto* r : {throttle, intercept, sni_drop, host_drop, sni_reset, host_reset})
    EXPECT_EQ(r->isps, std::vector<std::string>{"kaztel"}) << r->name;
  for (const auto& r : s.rules) {
    if (!r.dns_names.empty())
      EXPECT_EQ(r.isps, std::vector<std::string>{"steppe"}) << r.name;
  }
  // The scenario's own checks carry the same expectations (Kazakhtelecom's first, then the
  // other networks' round 1).
  ASSERT_GE(s.urls.size(), w.truth.size());
  for (std::size_t i = 0; i < w.truth.size(); ++i) {
    EXPECT_EQ(s.urls[i].method.value_or(""), w.truth[i].expected_method);
    EXPECT_EQ(s.urls[i].isp, "");
  }
}

TEST(DemoWorld, ThreeNetworksEachWithItsOwnCensorship) {
  auto w = make_demo_world(kz_list(), "kz");
  auto s = parse_scenario(w.scenario_toml, "world.toml");
  ASSERT_EQ(w.networks.size(), 3u);
  EXPECT_EQ(s.isps, (std::vector<std::string>{"kaztel", "steppe", "dala"}));
  EXPECT_EQ(w.networks[0].asn, 9198);
  EXPECT_EQ(w.networks[1].asn, 64500);
  EXPECT_EQ(w.networks[2].asn, 64501);
  EXPECT_NE(w.networks[0].name.find("ashyq lab"), std::string::npos);
  for (std::size_t i = 1; i < 3; ++i)
    EXPECT_NE(w.networks[i].name.find("(fictional)"), std::string::npos) << w.networks[i].name;

  const Rule* nxdomain = rule_named(s, "Steppe Telecom (fictional): DNS NXDOMAIN");
  const Rule* dala_sni = rule_named(s, "Dala Mobile (fictional): SNI reset");
  ASSERT_TRUE(nxdomain && dala_sni);
  EXPECT_EQ(nxdomain->action, Action::kDnsNxdomain);
  EXPECT_EQ(dala_sni->action, Action::kReset);
  EXPECT_EQ(dala_sni->isps, std::vector<std::string>{"dala"});
  EXPECT_LT(dala_sni->snis.size(), nxdomain->dns_names.size());  // a lighter subset

  // Each network's truth follows from its own rules; Kazakhtelecom's is `truth`, whole.
  std::map<std::pair<std::string, int>, std::size_t> count;
  std::map<std::string, std::string> kaztel_method;
  for (const auto& t : w.truth)
    kaztel_method[t.url] = t.expected_method;
  for (const auto& nt : w.network_truth) {
    ++count[{nt.isp, nt.round}];
    const auto& t = nt.truth;
    const bool https = t.url.starts_with("https://");
    std::string expected = "none";
    if (nt.isp == "kaztel") {
      expected = kaztel_method.at(t.url);
    } else if (nt.isp == "steppe") {
      if (name_matches(t.domain, nxdomain->dns_names))
        expected = "dns";
      else
        EXPECT_EQ(kaztel_method.at(t.url), "none") << t.url;  // the sample is reachable ones
    } else if (nt.round == 2 && std::find(w.changed_rule.ips.begin(), w.changed_rule.ips.end(),
                                          t.domain) != w.changed_rule.ips.end()) {
      expected = "tcp_ip";
    } else if (name_matches(t.domain, dala_sni->snis)) {
      expected = https ? "tls" : "http-failure";
    }
    EXPECT_EQ(t.expected_method, expected) << nt.isp << " round " << nt.round << " " << t.url;
  }
  // Macros split arguments at the commas of a braced key, so the counts are read through this.
  auto measured = [&](const char* isp, int round) { return count[{isp, round}]; };
  EXPECT_EQ(measured("kaztel", 1), w.truth.size());
  EXPECT_GT(measured("steppe", 1), kDemoSteppeBlocked);
  EXPECT_EQ(measured("steppe", 2), 0u);
  EXPECT_EQ(measured("dala", 1), measured("dala", 2));
  EXPECT_EQ(demo_network_urls(w, "dala", 2).size(), measured("dala", 2));
  EXPECT_EQ(s.urls.size(), w.truth.size() + measured("steppe", 1) + measured("dala", 1));
}

TEST(DemoWorld, OneNewsSiteGetsBlockedOnDalaBetweenTheRounds) {
  auto list = kz_list();
  auto w = make_demo_world(list, "kz");
  ASSERT_FALSE(w.changed_domain.empty());
  EXPECT_EQ(w.changed_isp, "dala");
  EXPECT_EQ(w.changed_rule.action, Action::kRejectReset);
  EXPECT_EQ(w.changed_rule.isps, std::vector<std::string>{"dala"});
  EXPECT_EQ(w.changed_rule.ips.front(), w.changed_domain);
  // A news site, reachable on Kazakhtelecom, measured on Dala in both rounds.
  bool news = false;
  for (const auto& e : list) {
    if (e.url.find("//" + w.changed_domain + "/") != std::string::npos ||
        e.url.ends_with("//" + w.changed_domain))
      news = news || e.category_code == "NEWS";
  }
  EXPECT_TRUE(news) << w.changed_domain;
  std::map<int, std::string> by_round;
  for (const auto& nt : w.network_truth) {
    if (nt.truth.domain != w.changed_domain)
      continue;
    if (nt.isp == "kaztel")
      EXPECT_EQ(nt.truth.expected_method, "none");
    if (nt.isp == "dala")
      by_round[nt.round] = nt.truth.how;
  }
  EXPECT_EQ(by_round[1], "reachable");
  EXPECT_EQ(by_round[2], "ip-reset");
  // The change is in the markdown, and the rule is one a running lab takes.
  EXPECT_NE(demo_truth_markdown(w, "kz").find(w.changed_domain), std::string::npos);
  auto s = parse_scenario(w.scenario_toml, "world.toml");
  addr::assign_addresses(s);
  auto rule = w.changed_rule;
  addr::resolve_rule_ips(s, rule);
  EXPECT_NE(added_rule_nft(s, rule).find("reject with tcp reset"), std::string::npos);
}

// The demo's register: fictional in every entry, and it fits the world — order 1 names a domain
// blocked on every network that measures it, order 2 the domain that stays reachable but on Dala
// after the change, and an outlet on order 1's domain has a journalist with a case.
TEST(DemoWorld, TheFictionalRegisterFitsTheWorld) {
  auto w = make_demo_world(kz_list(), "kz");
  const std::string toml = demo_register_toml(w);
  auto reg = legal::parse_register(toml, legal::RegisterFormat::toml, "register.toml");
  ASSERT_TRUE(reg.ok()) << reg.error().message() << "\n" << toml;
  ASSERT_EQ(reg->orders.size(), 2u);
  for (const auto& a : reg->authorities)
    EXPECT_NE(a.common.notes.find("FICTIONAL"), std::string::npos);
  for (const auto& o : reg->orders) {
    EXPECT_NE(o.common.notes.find("FICTIONAL"), std::string::npos);
    EXPECT_NE(o.reference.find("fictional"), std::string::npos);
  }
  const std::string blocked = reg->orders[0].targets[0].value;
  int measured = 0;
  for (const auto& nt : w.network_truth)
    if (nt.truth.domain == blocked) {
      ++measured;
      EXPECT_NE(nt.truth.expected_method, "none") << nt.isp << " " << nt.round;
    }
  EXPECT_GE(measured, 3);  // kaztel, steppe, dala (both rounds)
  EXPECT_EQ(reg->orders[1].targets[0].value, w.changed_domain);
  // The outlet is the site of order 1, so its timeline has the order, the case and the blocking;
  // the outlet, its person and the case say they are fictional.
  ASSERT_EQ(reg->outlets.size(), 1u);
  ASSERT_EQ(reg->people.size(), 1u);
  ASSERT_EQ(reg->cases.size(), 1u);
  EXPECT_EQ(reg->outlets[0].domains, std::vector<std::string>{blocked});
  EXPECT_NE(reg->outlets[0].name.find("fictional"), std::string::npos);
  EXPECT_NE(reg->people[0].name.find("fictional"), std::string::npos);
  for (const auto* notes :
       {&reg->outlets[0].common.notes, &reg->people[0].common.notes, &reg->cases[0].common.notes})
    EXPECT_NE(notes->find("FICTIONAL"), std::string::npos);
  EXPECT_EQ(reg->cases[0].person, reg->people[0].common.id);
  EXPECT_EQ(demo_register_toml(make_demo_world({}, "empty")), "");
}

TEST(DemoWorld, NetworksCsvAndAsnTable) {
  auto w = make_demo_world(kz_list(), "kz");
  auto csv = demo_networks_csv(w);
  EXPECT_TRUE(
      csv.starts_with("network,asn,network_name,round,domain,expected_method,url,treatment\n"));
  EXPECT_EQ(static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')),
            w.network_truth.size() + 1);
  EXPECT_NE(csv.find("dala,AS64501,Dala Mobile (fictional),2,"), std::string::npos);
  EXPECT_EQ(demo_asn_table(w),
            "# the demo's client networks (ashyq lab; AS64500-64501 are fictional)\n"
            "10.77.1.0/24 9198 JSC Kazakhtelecom (ashyq lab)\n"
            "10.77.4.0/24 64500 Steppe Telecom (fictional)\n"
            "10.77.5.0/24 64501 Dala Mobile (fictional)\n");
}

struct SmallCase {
  const char* name;
  std::vector<std::string> urls;
  std::map<std::string, DemoTreatment> must;  // domain → treatment
};

TEST(DemoWorld, SmallListsFollowTheConstraints) {
  std::vector<std::string> many;
  for (int i = 0; i < 60; ++i)
    many.push_back("https://site" + std::to_string(i) + ".example/");
  auto with = [&](std::vector<std::string> extra) {
    extra.insert(extra.end(), many.begin(), many.end());
    return extra;
  };
  const SmallCase cases[] = {
      {"azattyq www is the fallback",
       with({"https://www.azattyq.org/"}),
       {{"www.azattyq.org", DemoTreatment::kThrottled}}},
      {"a mixed-scheme domain stays reachable",
       with({"http://mixed.example/", "https://mixed.example/forum"}),
       {{"mixed.example", DemoTreatment::kReachable}}},
      {"a listed subdomain shares its parent's treatment",
       with({"https://parent.example/", "https://sub.parent.example/"}),
       {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto w = make_demo_world(entries(c.urls), "test");
    std::map<std::string, DemoTreatment> treatment;
    for (const auto& t : w.truth)
      treatment[t.domain] = t.treatment;
    for (const auto& [domain, want] : c.must) {
      EXPECT_EQ(treatment[domain], want) << domain;
    }
    if (treatment.contains("sub.parent.example")) {
      EXPECT_EQ(treatment["sub.parent.example"], treatment["parent.example"]);
    }
    EXPECT_NO_THROW(parse_scenario(w.scenario_toml, "world.toml"));
  }
}

TEST(DemoWorld, HttpOnlyDomainsAreNeverIntercepted) {
  std::vector<std::string> urls;
  for (int i = 0; i < 200; ++i)
    urls.push_back("http://plain" + std::to_string(i) + ".example/");
  auto w = make_demo_world(entries(urls), "test");
  for (const auto& t : w.truth) {
    EXPECT_NE(t.treatment, DemoTreatment::kInterception) << t.url;
    if (t.treatment == DemoTreatment::kSniDrop) {
      EXPECT_EQ(t.how, "host-drop");
    }
    if (t.treatment == DemoTreatment::kSniDrop || t.treatment == DemoTreatment::kSniReset) {
      EXPECT_EQ(t.expected_method, "http-failure");
    }
  }
  EXPECT_TRUE(w.throttled_domain.empty());
}

TEST(DemoWorld, UnservableUrlsAreExpectedDown) {
  auto w = make_demo_world(
      entries({"https://10.0.0.1/", "https://a.example:8443/", "https://b.example/"}), "test");
  ASSERT_EQ(w.truth.size(), 3u);
  EXPECT_EQ(w.skipped.size(), 2u);
  EXPECT_EQ(w.domains, 1u);
  EXPECT_EQ(w.truth[0].expected_method, "down");
  EXPECT_EQ(w.truth[0].how, "not-served");
  EXPECT_EQ(w.truth[1].domain, "a.example");
  EXPECT_EQ(w.truth[1].expected_method, "down");
  auto s = parse_scenario(w.scenario_toml, "world.toml");
  ASSERT_EQ(s.sites.size(), 1u);
  EXPECT_EQ(s.sites[0].domain, "b.example");
}

TEST(DemoWorld, GroundTruthCsvHasOneRowPerUrl) {
  auto list = kz_list();
  auto w = make_demo_world(list, "kz");
  auto rows = core::parse_csv(demo_truth_csv(w));
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), w.truth.size() + 1);
  EXPECT_EQ((*rows)[0],
            (std::vector<std::string>{"domain", "expected_method", "url", "treatment"}));
  for (std::size_t i = 0; i < w.truth.size(); ++i) {
    EXPECT_EQ((*rows)[i + 1][0], w.truth[i].domain);
    EXPECT_EQ((*rows)[i + 1][1], w.truth[i].expected_method);
    EXPECT_EQ((*rows)[i + 1][2], w.truth[i].url);
  }
  auto md = demo_truth_markdown(w, "kz");
  EXPECT_NE(md.find("rus.azattyq.org"), std::string::npos);
}

}  // namespace
}  // namespace ashyq::lab
