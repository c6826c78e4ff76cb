// The demo world: a Kazakhstan-like lab scenario made from a Citizen Lab test list, and its
// ground truth (what a correct measurement of each listed URL must find). `ashyq demo` brings the
// lab up with it, runs `ashyq run --list` through it and compares the report with the truth.
//
// Every domain of the list is served in the lab (HTTP and HTTPS). The censor treats each domain
// the way Kazakhstan blocks today (docs/kz-censorship.md); DNS is left clean:
//
//   share  treatment                  censor rule (name on both ports)  expected method
//   35 %   ClientHello dropped        drop, sni + host                  tls (https), http-failure
//   (http)
//    5 %   reset (AMO 2021)            reset, sni + host                 tls (https), http-failure
//    (http) 4 %   intercepted (Qaznet)       tls_intercept, ip, port 443       interception 1
//    throttled news site        throttle, sni, 128 kbit/s         none (slow, not blocked)
//   rest   reachable                  -                                 none
//
// Shares are of "families": a listed domain and the listed subdomains under it (yandex.ru and
// passport.yandex.ru) get one treatment, because the censor's names match subdomains, as a court
// order for a domain covers them. Families are ordered by a stable hash (FNV-1a) of their root
// domain and the quotas are filled in that order, so the world is the same on every machine and
// the shares are exact (rounded). Two constraints keep the ground truth one method per domain,
// which is how the report compares (report/counts.hpp):
//   * a family listed with both http:// and https:// URLs stays reachable (blocking it would give
//     `tls` for one URL and `http-failure` for the other);
//   * only families listed with https:// URLs alone are intercepted (the interceptor takes port
//     443 only, so an http:// URL of it would be reachable).
// The throttled site is rus.azattyq.org, else www.azattyq.org (throttled 2022-23), else the
// first https-only NEWS site of the list, else the first https-only site.
//
// Three networks (the scenario's `isps`, one client namespace each; docs/demo.md):
//
//   isp     ASN      name                            what its censor does
//   kaztel  AS9198   JSC Kazakhtelecom (ashyq lab)   everything above (the whole list is measured)
//   steppe  AS64500  Steppe Telecom (fictional)      NXDOMAIN for the first kDemoSteppeBlocked
//                                                    blocked families (hash order)
//   dala    AS64501  Dala Mobile (fictional)         SNI/Host reset for the first kDemoDalaBlocked
//
// Steppe and Dala measure a subset: their blocked families' URLs and the URLs of the first
// kDemoSampleReachable reachable families. Between round 1 and round 2 the world changes: the
// "changed site" (a reachable https-only news site) gets blocked by IP on Dala (`reject_reset`,
// added to the running lab by Lab::add_rule); round 2 measures Dala's subset again.
//
// The ground truth has one row per listed URL (a domain listed twice has two rows), because the
// report's "found" counts are over measurements: this way expected and found counts are equal,
// method by method, when every measurement finds what the censor did.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "experiments/test_list.hpp"
#include "lab/scenario.hpp"

namespace ashyq::lab {

// What the demo censor does to a domain.
enum class DemoTreatment {
  kReachable,
  kSniDrop,       // ClientHello (or HTTP request) dropped, flow blackholed
  kSniReset,      // ClientHello (or HTTP request) answered with a TCP RST
  kInterception,  // TLS answered by a proxy with a "Qaznet Trust Network" chain
  kThrottled,     // shaped to kDemoThrottleKbit; the page still loads
  kNotServed,     // not in the lab (an IP address, a port other than 80/443): down everywhere
  kDnsNxdomain,   // the ISP's DNS answers NXDOMAIN (steppe)
  kIpReset,       // every TCP connection to the site's address is reset (dala, round 2)
};

// "reachable", "sni-drop", "sni-reset", "tls-interception", "throttled", "not-served",
// "dns-nxdomain", "ip-reset".
std::string_view to_string(DemoTreatment t);

// Quotas in per mille of the families (see above).
inline constexpr int kDemoDropPerMille = 350;
inline constexpr int kDemoResetPerMille = 50;
inline constexpr int kDemoInterceptPerMille = 40;
// The throttled site: rate, and a page big enough that its download visibly takes seconds
// (64 KiB at 128 kbit/s: about 4 s) while staying far under the demo's HTTP deadline.
inline constexpr int kDemoThrottleKbit = 128;
inline constexpr std::size_t kDemoThrottledBodyBytes = 64 * 1024;

// One listed URL and what a correct measurement of it finds.
struct DemoTruth {
  std::string url;
  std::string domain;  // the URL's host, lower case
  DemoTreatment treatment = DemoTreatment::kReachable;
  std::string how;              // the treatment as applied to this URL: "sni-drop", "host-drop",
                                // "sni-reset", "host-reset", "tls-interception", "throttled",
                                // "reachable", "not-served", "dns-nxdomain", "ip-reset"
  std::string expected_method;  // an x_ashyq_verdict.method: "none", "tls", "http-failure",
                                // "interception", "down", "dns", "tcp_ip"
};

// One network of the demo world: an ISP of the scenario, the ASN and name its measurements
// carry (the probe's --asn-db prefix table maps its subnet to them).
struct DemoNetwork {
  std::string isp;  // the scenario's ISP name (client namespace "client-<isp>")
  int asn = 0;
  std::string name;
  std::string censorship;  // in words, for ground-truth.md
};

// A URL measured on one network in one round, and what a correct measurement finds there.
struct DemoNetworkTruth {
  std::string isp;
  int round = 1;
  DemoTruth truth;
};

inline constexpr std::size_t kDemoSteppeBlocked = 12;
inline constexpr std::size_t kDemoDalaBlocked = 6;
inline constexpr std::size_t kDemoSampleReachable = 10;

struct DemoWorld {
  std::string scenario_toml;          // the lab scenario (docs/lab.md format); the censor reads it
  std::vector<DemoTruth> truth;       // one per URL of the world, in list order
  std::vector<std::string> skipped;   // list URLs left out of the world, with the reason
  std::string throttled_domain;       // empty if the list has no https-only site
  std::size_t families = 0;           // treated units (see above)
  std::size_t domains = 0;            // sites served
  std::vector<DemoNetwork> networks;  // kaztel, steppe, dala
  // Every URL measured on every network and round: kaztel's round 1 is `truth`; steppe and
  // dala's subsets in round 1, dala's in round 2 (after the change).
  std::vector<DemoNetworkTruth> network_truth;
  std::string changed_domain;  // blocked on dala between the rounds (empty: none found)
  std::string changed_isp = "dala";
  Rule changed_rule;  // added to the running lab before round 2 (Lab::add_rule)
};

// Pure and deterministic. `list_name` goes into the scenario's description only. URLs whose host
// is an IP address or whose port is not the scheme's default cannot be served by name in the lab
// (listed in `skipped`): the lab routes no such address and listens on no such port, so the
// probe and the control both fail and their expected method is `down`.
DemoWorld make_demo_world(const std::vector<experiments::TestListEntry>& entries,
                          std::string_view list_name);

// ground-truth.csv: header "domain,expected_method,url,treatment", one row per DemoTruth. The
// report reads the first two columns (`ashyq report --ground-truth`); the others are for people.
std::string demo_truth_csv(const DemoWorld& world);

// The URLs `isp` measures in `round` (kaztel: the whole world, round 1 only).
std::vector<std::string> demo_network_urls(const DemoWorld& world, std::string_view isp, int round);

// ground-truth-networks.csv: header "network,asn,network_name,round,domain,expected_method,url,
// treatment", one row per DemoNetworkTruth (kaztel's rows included).
std::string demo_networks_csv(const DemoWorld& world);

// The probe's --asn-db prefix table: each network's client subnet, ASN and name.
std::string demo_asn_table(const DemoWorld& world);

// ground-truth.md: the world in words (shares, rules, the throttled site) and the expected counts
// per method, for the reader of the report.
std::string demo_truth_markdown(const DemoWorld& world, std::string_view list_name);

// register.toml: the demo's register of orders (docs/register.md), FICTIONAL and marked so in every
// entry — a made-up court and two made-up orders that fit the world, so the explorer shows each
// finding: an order against a domain the lab blocks everywhere, an order against the domain that
// stays reachable on most networks (ordered but not blocked; blocked only on one network after
// the change), and every other blocked domain blocked with no known order; and a made-up outlet on
// the first order's domain with a made-up journalist and case, so the outlet's timeline has an
// order, case events and measured blocking. Empty when the world has no blocked domain.
std::string demo_register_toml(const DemoWorld& world);

// 64-bit FNV-1a: the stable hash that orders the families.
uint64_t demo_hash(std::string_view text);

}  // namespace ashyq::lab
