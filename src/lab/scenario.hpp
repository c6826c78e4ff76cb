// A lab scenario: the sites the lab's internet serves, the censor's rules, the network conditions
// and, per URL, what the probe should observe. Scenarios are TOML data files
// (lab/scenarios/*.toml), whose format docs/lab.md describes for researchers. Loading checks every
// key: a mistake is a ScenarioError naming the file, the key and the line.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ashyq::lab {

struct ScenarioError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Site {
  std::string domain;          // MANDATORY
  std::string address;         // OPTIONAL: an address in the lab's site range; assigned if empty
  bool http = true;            // serve on port 80
  bool https = true;           // serve on port 443 (certificate from the lab CA)
  bool listening = true;       // false: the address exists but nothing listens (site down)
  std::size_t body_bytes = 0;  // pad the page to at least this many bytes
  std::string redirect;        // OPTIONAL: answer every request with a 301 to this URL
  bool challenge = false;      // an anti-bot challenge page (403) for clients of every ISP;
                               // the helper, abroad, gets the real page
  std::string isp_address;     // OPTIONAL: the ISP resolver answers this address instead (a
                               // CDN giving each vantage its own server); served there too
  std::string certificate = "valid";  // "valid", "self-signed", "expired" or "wrong-name" (from
                                      // the lab CA, for another name): the site's own HTTPS
                                      // certificate, the same for every client
  std::string resolves_to;            // OPTIONAL: what the site's own DNS answers for everyone (the
                                      // helper too): an IPv4 address such as 127.0.0.1 instead of
                                      // `address`, or "nothing" (the name exists, with no A record)
};

struct NetworkConditions {
  int rtt_ms = 0;           // extra round-trip time added by the censor (half each direction)
  int jitter_ms = 0;        // ± uniform jitter on each direction's delay
  double loss_percent = 0;  // random loss of forwarded packets, both directions
  int client_mtu = 0;  // MTU of the client's link (0: default); small values split ClientHellos
};

enum class Action {
  kDrop,           // drop the trigger and blackhole the flow (both directions) for a while
  kReset,          // drop the trigger, send TCP RST to the client (and optionally the server)
  kHttpBlockpage,  // drop the HTTP request, inject a blockpage response, blackhole the flow
  kDnsNxdomain,    // drop the DNS query, inject NXDOMAIN
  kDnsAnswer,      // drop the DNS query, inject an answer with `answer`
  kDnsInject,      // inject an answer with `answer` and let the query through (a race)
  kDelay,          // hold every packet of the matched flows back by delay_ms ± jitter_ms
  kLoss,           // drop loss_percent of the packets of matched flows
  kThrottle,       // shape matched flows to rate_kbit (tc htb) in the download direction
  kDnatBlockpage,  // nftables: DNAT matched TCP connections to the blockpage server
  kRejectReset,    // nftables: reject matched TCP connections with a reset
  kTlsIntercept,   // nftables: DNAT TCP to a TLS-intercepting proxy in the censor namespace
                   // that presents certificates from a locally made "Qaznet Trust Network" root
                   // and forwards to the origin
  kAllow,          // let the matched flow or DNS query through untouched; later rules are
                   // not tried (holes in a shutdown)
  kHttpRedirect,   // drop the HTTP request, inject a 302 to `location`, blackhole the flow
  kHttpProxy,      // nftables: DNAT TCP to `ip`:`port` (80) to a transparent HTTP proxy in the
                   // censor namespace that serves the blockpage for `blocked_host` names and
                   // forwards every other request to its origin
  kClose,          // drop the request (sni/host), inject a FIN to the client as if the server
                   // closed (the client reads EOF), reset the server side, blackhole the flow
  kStall,          // let the trigger and the server's first data segment through, then
                   // blackhole the flow: an answer, then silence
};

// The certificate chains a tls_intercept proxy presents (docs/kz-censorship.md#https-interception).
enum class InterceptChain {
  kQaznet2019,  // leaf ← "C=KZ, CN=Security Certificate" ← root "C=KZ, CN=Qaznet Trust Network"
  kIsca,        // leaf ← 75-day intermediate ← root "C=KZ, O=ISCA, CN=Information Security
                // Certification Authority"
};

std::string_view to_string(Action action);
std::string_view to_string(InterceptChain chain);
// Actions done by nftables (and the interceptor), not by the NFQUEUE censor program.
bool is_nftables_action(Action action);

struct Rule {
  std::string name;
  Action action = Action::kDrop;
  // Matchers: every one that is given must match. Names match themselves and their subdomains.
  std::vector<std::string> dns_names;  // DNS query name (UDP/53)
  std::vector<std::string> snis;       // TLS ClientHello server_name
  std::vector<std::string> hosts;      // HTTP Host header
  std::vector<std::string> ips;        // server address (site domains are resolved to theirs)
  std::optional<uint16_t> port;        // server port
  std::string protocol;                // "tcp", "udp" or "" (any)
  std::vector<std::string> isps;       // the client's ISP (scenario `isps`); empty: any
  // Parameters.
  int blackhole_seconds = 90;
  int max_hits = 0;         // fire this many times, then match nothing (a passing fault); 0: always
  bool reassemble = false;  // SNI/Host split over segments: false = look at one segment only
  bool reset_server = false;  // kReset: also reset the server side
  std::string answer;         // kDnsAnswer, kDnsInject: the forged A record
  int delay_ms = 0, jitter_ms = 0;
  double loss_percent = 0;
  int rate_kbit = 0;
  std::string location;                    // kHttpRedirect: the Location of the injected 302
  std::vector<std::string> blocked_hosts;  // kHttpProxy: names the proxy answers with the blockpage
  InterceptChain chain = InterceptChain::kQaznet2019;  // kTlsIntercept
  bool intermediate_expired = false;  // kTlsIntercept: the intermediate's 75 days are over
  int line = 0;
};

// A JSON value from the file: a TOML boolean, or string ("null" stands for JSON null).
using Expected = std::optional<boost::json::value>;

struct UrlCheck {
  // The probe's input: a URL, or a bare domain for experiments that take one (dnscheck). Empty:
  // the probe runs without --input (experiments that take none: telegram, tor, ...).
  std::string url;
  std::vector<std::string> probe_args;          // merged after the scenario's probe_args
  std::optional<std::string> failure;           // "none" = success (null in the JSON)
  std::optional<std::string> failed_operation;  // "none" = null
  std::optional<std::string> body_contains;     // the final response body contains this
  std::optional<std::string> control_failure;   // same as failure, from the helper vantage
  std::optional<std::pair<double, double>> tcp_connect_ms;  // [min, max] of every tcp_connect
  std::optional<std::pair<double, double>> runtime_s;       // [min, max] of test_runtime
  // For web_connectivity measurements (checked only when the measurement has these keys).
  Expected blocking;
  Expected accessible;
  std::optional<std::string> method;             // x_ashyq_verdict.method
  std::optional<std::string> evidence_contains;  // some x_ashyq_verdict.evidence line has it
  // test_keys values by dotted path ("telegram_tcp_blocking", "x_throttling.rounds"), each
  // compared as JSON (integers and floats compare by value).
  std::vector<std::pair<std::string, boost::json::value>> test_keys;
  // The same for the measurement's top-level keys ("probe_cc", "test_helpers.backend.address").
  std::vector<std::pair<std::string, boost::json::value>> measurement_keys;
  // Strings the measurement's JSON must not contain (an address that must have been scrubbed).
  std::vector<std::string> absent;
  std::string isp;  // the ISP whose client namespace measures it (first: "")
  int line = 0;
};

// What happens to the lab's test helper (the control server at 10.77.3.2).
enum class HelperMode {
  kUp,          // running and reachable from the client; the censor never touches its traffic
  kDown,        // not started: the probe's control request is refused
  kBlackholed,  // running, but the censor drops every packet between the client and it
};

struct Scenario {
  std::string name;  // the file's stem unless `name` is given
  std::filesystem::path file;
  std::string description;
  std::string reference;
  NetworkConditions network;
  std::vector<Site> sites;
  std::vector<Rule> rules;
  std::vector<UrlCheck> urls;
  std::vector<std::string> probe_args;  // extra arguments appended to the probe command
  HelperMode helper = HelperMode::kUp;
  // The ISPs, each with its own client namespace and subnet; rules and URLs may name one. Empty:
  // one unnamed ISP (namespace "client", 10.77.1.0/24).
  std::vector<std::string> isps;
  // The clients reach the internet behind the censor's address (10.77.2.1), as behind a NAT.
  bool client_nat = false;
  // [volunteer]: the probe runs with a volunteer's defaults (no --helper, --probe-cc or
  // --stun-server): its data directory is the shipped one with test-helpers.txt naming the lab's
  // helper, stun-servers.txt the lab's STUN server and, when given, ip-location-db this
  // directory (relative to the scenario file).
  bool volunteer = false;
  std::string volunteer_location_db;
};

// The most ISPs a scenario may have (their subnets are fixed, see address_plan.hpp).
inline constexpr std::size_t kMaxIsps = 4;

// Throws ScenarioError ("FILE:LINE: key 'K': what is wrong").
Scenario load_scenario(const std::filesystem::path& file);
Scenario parse_scenario(std::string_view toml_text, const std::filesystem::path& file_name);

// The scenario files in `dir` (*.toml), sorted by name.
std::vector<std::filesystem::path> list_scenarios(const std::filesystem::path& dir);

}  // namespace ashyq::lab
