#include "experiments/dnscheck.hpp"

#include <fstream>
#include <iterator>
#include <sstream>

#include "core/json.hpp"
#include "experiments/asn_annotation.hpp"
#include "experiments/sni_blocking.hpp"
#include "model/archival_json.hpp"
#include "net/concurrently.hpp"
#include "net/dns_over_https.hpp"
#include "net/dns_over_udp.hpp"
#include "net/url.hpp"

namespace ashyq::experiments {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr const char* kDefaultForeign = "8.8.8.8:53";
constexpr const char* kDefaultDoh = "https://dns.google/dns-query";
constexpr const char* kDefaultDohAddress = "8.8.8.8:443";
constexpr const char* kDefaultDot = "1.1.1.1:853";
constexpr const char* kDefaultDotSni = "one.one.one.one";
constexpr const char* kDefaultNonresolver = "192.0.2.1:53";

// "IP" or "IP:PORT" (port 53 by default).
std::optional<net::Endpoint> udp_endpoint(std::string_view text) {
  if (auto ep = net::parse_endpoint(text))
    return ep;
  if (auto ip = net::parse_ip(text))
    return net::Endpoint{*ip, 53};
  return std::nullopt;
}

struct LookupRun {
  const DnscheckResolver* resolver;
  net::Trace trace;
  net::LookupResult result;
};

asio::awaitable<void> lookup_one(LookupRun& run, std::string domain) {
  run.result = co_await run.resolver->resolver->lookup(std::move(domain), run.trace);
}

struct TlsRun {
  std::string address;
  net::Trace trace;
  DnscheckTlsCheck check;
};

// TCP to address:443 and a verified handshake with SNI = domain.
asio::awaitable<void> tls_check_one(const DnscheckConfig& config, TlsRun& run, std::string domain) {
  run.check.address = run.address;
  auto ip = net::parse_ip(run.address);
  if (!ip) {
    run.check.failure = core::Failure::unknown("not an IP address");
    co_return;
  }
  auto dialed =
      co_await config.dialer->dial(net::Endpoint{*ip, 443}, config.timeouts.connect, run.trace);
  if (!dialed.stream) {
    run.check.failure = dialed.failure ? dialed.failure : core::Failure::unknown("connect failed");
    co_return;
  }
  run.check.connected = true;
  net::TlsOptions options;
  options.server_name = domain;
  auto tls = co_await net::tls_handshake(std::move(*dialed.stream), *config.trust, options,
                                         config.timeouts.tls, run.trace);
  run.check.failure = tls.failure;
}

}  // namespace

std::optional<net::Endpoint> first_nameserver(std::string_view resolv_conf) {
  std::istringstream in{std::string(resolv_conf)};
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string key, value;
    if (!(words >> key >> value) || key != "nameserver")
      continue;
    if (auto pct = value.find('%'); pct != std::string::npos)
      value.erase(pct);  // a v6 zone id
    if (auto ip = net::parse_ip(value))
      return net::Endpoint{*ip, 53};
  }
  return std::nullopt;
}

core::Result<DnscheckTargets> dnscheck_targets(const ExperimentOptions& options,
                                               std::string_view resolv_conf) {
  DnscheckTargets t;
  auto none = [](const std::optional<std::string>& v) { return v && (*v == "none" || v->empty()); };

  auto isp = options.get("isp_resolver");
  if (isp && !none(isp)) {
    t.isp = udp_endpoint(*isp);
    if (!t.isp)
      return core::Error{"-O isp_resolver=" + *isp, "expected IP[:PORT] or none"};
  } else if (!isp) {
    t.isp = first_nameserver(resolv_conf);  // absent: no ISP resolver known, left out
  }

  auto foreign = options.get("foreign_resolver");
  if (!none(foreign)) {
    std::string text = foreign.value_or(kDefaultForeign);
    t.foreign = udp_endpoint(text);
    if (!t.foreign)
      return core::Error{"-O foreign_resolver=" + text, "expected IP[:PORT] or none"};
  }

  auto doh = options.get("doh");
  auto doh_address = options.get("doh_address");
  if (!none(doh)) {
    std::string url = doh.value_or(kDefaultDoh);
    if (url.rfind("https://", 0) != 0 || !net::parse_url(url).ok()) {
      return core::Error{"-O doh=" + url, "expected an https:// URL or none"};
    }
    t.doh_url = url;
    // The default server is pinned to its address: resolving dns.google through the very
    // resolvers under test would let them steer the reference.
    std::string address = doh_address.value_or(doh ? "" : kDefaultDohAddress);
    if (!address.empty()) {
      t.doh_address = net::parse_endpoint(address);
      if (!t.doh_address)
        return core::Error{"-O doh_address=" + address, "expected IP:PORT"};
    }
  }

  auto dot = options.get("dot");
  if (!none(dot)) {
    std::string text = dot.value_or(kDefaultDot);
    t.dot = net::parse_dot_server(text);
    if (!t.dot)
      return core::Error{"-O dot=" + text, "expected HOST_OR_IP[:PORT] or none"};
    t.dot->server_name = options.get("dot_sni").value_or(dot ? "" : kDefaultDotSni);
  }

  auto nonresolver = options.get("nonresolver");
  if (!none(nonresolver)) {
    std::string text = nonresolver.value_or(kDefaultNonresolver);
    t.nonresolver = udp_endpoint(text);
    if (!t.nonresolver)
      return core::Error{"-O nonresolver=" + text, "expected IP[:PORT] or none"};
  }

  if (auto check = options.get("tls_check")) {
    if (*check != "true" && *check != "false")
      return core::Error{"-O tls_check=" + *check, "expected true or false"};
    t.tls_check = *check == "true";
  }
  return t;
}

std::optional<std::string> dnscheck_domain(const std::string& input) {
  return sni_blocking_target(input);  // the same rule: a URL's host, or a host name
}

asio::awaitable<core::Result<json::object>> run_dnscheck(std::string input,
                                                         const DnscheckConfig& config,
                                                         const core::MeasurementClock& clock) {
  auto domain = dnscheck_domain(input);
  if (!domain)
    co_return core::Error{"", "not a domain or URL: " + input};

  // Every resolver at once, each in its own trace tagged with its role.
  std::vector<LookupRun> runs;
  runs.reserve(config.resolvers.size());
  int64_t id = 1;
  for (const auto& r : config.resolvers)
    runs.push_back(LookupRun{&r, net::Trace(clock, id++, {"dnscheck_" + r.role}), {}});
  std::vector<asio::awaitable<void>> tasks;
  for (auto& run : runs)
    tasks.push_back(lookup_one(run, *domain));
  co_await net::all_of(std::move(tasks));

  DnscheckInput in;
  in.domain = *domain;
  for (auto& run : runs) {
    annotate_asns(run.trace.queries, config.asn.get());
    annotate_asns(run.trace.dns_duplicates, config.asn.get());
    const auto& r = *run.resolver;
    in.lookups.push_back(dnscheck_lookup(
        r.role, r.channel, r.resolver->engine(), r.resolver->address(), run.result.addresses,
        run.result.failure, run.trace.queries, run.trace.dns_duplicates, *domain));
  }

  DnscheckOptions options;
  options.bogons = config.bogons.get();
  options.fingerprints = config.fingerprints.get();
  options.probe_cc = config.probe_cc;
  if (config.asn) {
    options.asn = [db = config.asn](std::string_view ip) -> uint32_t {
      auto info = db->lookup(ip);
      return info ? info->asn : 0;
    };
  }

  // The TLS checks, only when a plaintext answer differs from the encrypted ones.
  std::vector<TlsRun> checks;
  if (config.tls_check) {
    auto addresses = dnscheck_addresses_to_verify(in, options);
    checks.reserve(addresses.size());
    for (const auto& a : addresses)
      checks.push_back(TlsRun{a, net::Trace(clock, id++, {"dnscheck_tls_check"}), {}});
    std::vector<asio::awaitable<void>> handshakes;
    for (auto& c : checks)
      handshakes.push_back(tls_check_one(config, c, *domain));
    co_await net::all_of(std::move(handshakes));
    for (auto& c : checks)
      in.tls_checks.push_back(c.check);
  }

  auto result = analyze_dnscheck(in, options);

  net::Trace all(clock, 0);
  for (auto& run : runs)
    all.merge(std::move(run.trace));
  for (auto& c : checks)
    all.merge(std::move(c.trace));

  json::object tk;
  tk["domain"] = *domain;
  tk["queries"] = model::to_json_array(all.queries);
  tk["x_dns_duplicate_responses"] = model::to_json_array(all.dns_duplicates);
  tk["network_events"] = model::to_json_array(all.network_events);
  tk["tcp_connect"] = model::to_json_array(all.tcp_connect);
  tk["tls_handshakes"] = model::to_json_array(all.tls_handshakes);
  tk["requests"] = model::to_json_array(all.requests);
  tk["x_ashyq_dnscheck"] = dnscheck_summary_json(in, result);
  tk["x_ashyq_verdict"] = result.verdict.to_json();
  co_return tk;
}

asio::awaitable<core::Result<json::object>> measure_dnscheck(std::string input,
                                                             const DnscheckConfig& config,
                                                             EnvelopeInfo info) {
  core::MeasurementClock clock;
  auto keys = co_await run_dnscheck(input, config, clock);
  if (!keys)
    co_return keys.error();
  co_return finish_measurement(std::move(info), "dnscheck", kDnscheckVersion,
                               *dnscheck_domain(input), config, clock, std::move(keys.value()));
}

asio::awaitable<core::Result<json::object>> measure_dnscheck_entry(
    std::string input, const ExperimentSettings& settings, EnvelopeInfo info) {
  std::string resolv_conf;
  if (std::ifstream in("/etc/resolv.conf"); in) {
    resolv_conf.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  auto parsed = dnscheck_targets(settings.options, resolv_conf);
  if (!parsed)
    co_return parsed.error();
  const auto& t = parsed.value();

  DnscheckConfig config;
  static_cast<ProbeBasics&>(config) = settings.common;
  config.bogons = settings.common.bogons;
  config.fingerprints = settings.common.fingerprints;
  config.asn = settings.common.asn;
  config.tls_check = t.tls_check;
  const auto& timeouts = settings.common.timeouts;
  using C = DnscheckChannel;
  config.resolvers.push_back({"system", C::plaintext, settings.common.resolver});
  if (t.isp)
    config.resolvers.push_back(
        {"isp", C::plaintext, std::make_shared<net::DnsOverUdp>(*t.isp, timeouts)});
  if (t.foreign)
    config.resolvers.push_back(
        {"foreign", C::plaintext, std::make_shared<net::DnsOverUdp>(*t.foreign, timeouts)});
  if (t.doh_url) {
    auto url = net::parse_url(*t.doh_url).value();
    config.resolvers.push_back(
        {"doh", C::encrypted,
         std::make_shared<net::DnsOverHttps>(url, t.doh_address, settings.common.trust, timeouts)});
  }
  if (t.dot) {
    config.resolvers.push_back(
        {"dot", C::encrypted,
         std::make_shared<net::DnsOverTls>(*t.dot, settings.common.trust, timeouts)});
  }
  if (t.nonresolver) {
    config.resolvers.push_back({"nonresolver", C::nonresolver,
                                std::make_shared<net::DnsOverUdp>(*t.nonresolver, timeouts)});
  }
  co_return co_await measure_dnscheck(std::move(input), config, std::move(info));
}

}  // namespace ashyq::experiments
