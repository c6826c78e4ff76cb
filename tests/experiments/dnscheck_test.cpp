// dnscheck: the pure analysis as a table, the lookup records it reads, the -O options, and a
// loopback run where the "ISP" resolver's answer is raced by an injected one, the non-resolver
// answers (an injector), and DoT gives the true address.
#include "experiments/dnscheck.hpp"

#include <gtest/gtest.h>

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "net/dns_message.hpp"
#include "net/dns_over_udp.hpp"
#include "support/run.hpp"
#include "support/servers.hpp"
#include "support/test_ca.hpp"

namespace ashyq::experiments {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
using analysis::Method;
using core::Failure;
using core::FailureKind;
using C = DnscheckChannel;

// --- building inputs -------------------------------------------------------------------------

DnscheckReply reply(std::string type, std::vector<std::string> addresses,
                    core::MaybeFailure failure = std::nullopt) {
  return DnscheckReply{std::move(type), 0, std::move(failure), std::move(addresses)};
}

// A resolver that answered `addresses` (A query), possibly with a late reply.
DnscheckLookup answered(std::string role, C channel, std::vector<std::string> addresses,
                        std::optional<std::vector<std::string>> late = std::nullopt) {
  DnscheckLookup l;
  l.role = role;
  l.channel = channel;
  l.engine = role == "system" ? "getaddrinfo" : (role == "doh" || role == "dot" ? role : "udp");
  l.address = role == "system" ? "" : "192.0.2.53:53";
  l.addresses = addresses;
  if (addresses.empty())
    l.failure = Failure(FailureKind::dns_no_answer);
  l.first.push_back(reply("A", addresses));
  if (late)
    l.late.push_back(reply("A", *late));
  return l;
}

DnscheckLookup failed(std::string role, C channel, FailureKind kind) {
  DnscheckLookup l = answered(role, channel, {});
  l.failure = Failure(kind);
  l.first.clear();
  if (kind == FailureKind::dns_nxdomain_error || kind == FailureKind::dns_no_answer)
    l.first.push_back(reply("A", {}, Failure(kind)));
  return l;
}

DnscheckLookup silent_nonresolver() {
  DnscheckLookup l = failed("nonresolver", C::nonresolver, FailureKind::generic_timeout_error);
  l.address = "192.0.2.1:53";
  return l;
}

const std::vector<std::string> kReal{"93.184.215.14"};
const std::vector<std::string> kEdge{"151.101.1.1"};

// The usual five resolvers plus the non-resolver, with the plaintext ones answering `plain`.
std::vector<DnscheckLookup> world(std::vector<std::string> plain,
                                  std::vector<std::string> encrypted = kReal) {
  return {answered("system", C::plaintext, plain),  answered("isp", C::plaintext, plain),
          answered("foreign", C::plaintext, plain), answered("doh", C::encrypted, encrypted),
          answered("dot", C::encrypted, encrypted), silent_nonresolver()};
}

DnscheckTlsCheck verified(std::string a) {
  return {std::move(a), std::nullopt, true};
}
DnscheckTlsCheck wrong_name(std::string a) {
  return {std::move(a), Failure(FailureKind::ssl_invalid_hostname), true};
}

// --- the analysis table ----------------------------------------------------------------------

TEST(DnscheckAnalysis, Table) {
  struct Row {
    const char* name;
    DnscheckInput in;
    Method method;
    double confidence;
    bool injection;
    bool inconsistent;
    const char* evidence_part;  // some evidence line contains it
  };
  auto with = [](std::vector<DnscheckLookup> lookups, std::vector<DnscheckTlsCheck> checks = {}) {
    return DnscheckInput{"site.example", std::move(lookups), std::move(checks)};
  };

  // Injection racing the true answer on the ISP's UDP resolver.
  auto raced = world(kReal);
  raced[1] = answered("isp", C::plaintext, {"195.82.146.214"}, kReal);
  // The same reply twice (a duplicated packet): not injection.
  auto duplicated = world(kReal);
  duplicated[1] = answered("isp", C::plaintext, kReal, kReal);
  // The non-resolver answered.
  auto nonresolver = world(kReal);
  nonresolver[5] = answered("nonresolver", C::nonresolver, {"10.10.34.34"});
  nonresolver[5].address = "192.0.2.1:53";
  // A non-resolver that answered NXDOMAIN (an injector of NXDOMAIN) counts too.
  auto nonresolver_nx = world(kReal);
  nonresolver_nx[5] = failed("nonresolver", C::nonresolver, FailureKind::dns_nxdomain_error);
  // A private name: everyone answers the same private address.
  auto private_name = world({"10.1.2.3"}, {"10.1.2.3"});
  // ISP resolver NXDOMAIN while DoH/DoT resolve.
  auto nx = world(kReal);
  nx[1] = failed("isp", C::plaintext, FailureKind::dns_nxdomain_error);
  // Every plaintext query timed out.
  auto dropped = world({});
  for (int i : {0, 1, 2})
    dropped[i] = failed(dropped[i].role, C::plaintext, FailureKind::generic_timeout_error);
  // Only the ISP's resolver timed out (down): not flagged.
  auto one_down = world(kReal);
  one_down[1] = failed("isp", C::plaintext, FailureKind::generic_timeout_error);
  // No encrypted answer at all (DoH and DoT blocked, or abroad unreachable).
  auto no_reference = world(kReal);
  no_reference[3] = failed("doh", C::encrypted, FailureKind::connection_reset);
  no_reference[4] = failed("dot", C::encrypted, FailureKind::generic_timeout_error);
  // The name does not exist anywhere.
  std::vector<DnscheckLookup> nowhere;
  for (auto& l : world({}, {}))
    nowhere.push_back(l.channel == C::nonresolver
                          ? l
                          : failed(l.role, l.channel, FailureKind::dns_nxdomain_error));

  const Row rows[] = {
      {"clean: every resolver agrees", with(world(kReal)), Method::none, 0.9, false, false,
       "no DNS tampering seen"},
      {"injection racing the true answer", with(raced), Method::dns, 0.9, true, false,
       "first 195.82.146.214, then 93.184.215.14"},
      {"an identical duplicate is not injection", with(duplicated), Method::none, 0.9, false, false,
       "no DNS tampering seen"},
      {"the non-resolver answered", with(nonresolver), Method::dns, 0.95, true, false,
       "192.0.2.1:53 (udp) answered the A query for site.example with 10.10.34.34"},
      {"the non-resolver answered NXDOMAIN", with(nonresolver_nx), Method::dns, 0.95, true, false,
       "dns_nxdomain_error"},
      {"bogon from every plaintext resolver", with(world({"10.0.0.1"})), Method::dns, 0.9, false,
       true, "answered 10.0.0.1 for site.example, an address no public server can have"},
      {"loopback answer", with(world({"127.0.0.1"})), Method::dns, 0.9, false, true, "127.0.0.1"},
      {"a private name is the same everywhere", with(private_name), Method::none, 0.9, false, false,
       "agree"},
      {"CDN: another address, nothing else: not flagged", with(world(kEdge)), Method::none, 0.6,
       false, false, "a mere difference is not flagged"},
      {"CDN: the other address verifies for the name",
       with(world(kEdge), {verified(kEdge[0]), verified(kReal[0])}), Method::none, 0.85, false,
       false, "valid for the name"},
      {"another server: its certificate is for another name",
       with(world(kEdge), {wrong_name(kEdge[0]), verified(kReal[0])}), Method::dns, 0.85, false,
       true, "fails (ssl_invalid_hostname) while DoH/DoT's 93.184.215.14 verifies"},
      {"a certificate error means nothing when the reference fails too",
       with(world(kEdge), {wrong_name(kEdge[0]), wrong_name(kReal[0])}), Method::none, 0.6, false,
       false, "not flagged"},
      {"ISP NXDOMAIN while DoH/DoT resolve", with(nx), Method::dns, 0.8, false, true,
       "says dns_nxdomain_error for site.example while DoH/DoT resolve it"},
      {"every plaintext query dropped", with(dropped), Method::dns, 0.7, false, true,
       "every plaintext query for site.example timed out"},
      {"one plaintext resolver down", with(one_down), Method::none, 0.7, false, false, "agree"},
      {"nothing encrypted to compare with", with(no_reference), Method::unknown, 0.3, false, false,
       "nothing trustworthy to compare"},
      {"a bogon is still flagged without a reference", with([&] {
         auto v = no_reference;
         v[0] = answered("system", C::plaintext, {"127.0.0.1"});
         return v;
       }()),
       Method::dns, 0.6, false, true, "no encrypted answer to compare"},
      {"the name exists nowhere", with(nowhere), Method::down, 0.8, false, false,
       "no resolver knows site.example"},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.name);
    auto result = analyze_dnscheck(r.in);
    EXPECT_EQ(result.verdict.method, r.method) << to_string(result.verdict.method);
    EXPECT_DOUBLE_EQ(result.verdict.confidence, r.confidence);
    EXPECT_EQ(result.injection, r.injection);
    EXPECT_EQ(result.inconsistent, r.inconsistent);
    bool found = false;
    for (const auto& line : result.verdict.evidence)
      found = found || line.find(r.evidence_part) != std::string::npos;
    EXPECT_TRUE(found) << "no evidence line contains '" << r.evidence_part << "':\n"
                       << json::serialize(result.verdict.to_json());
    // Every resolver gets its own detail line.
    EXPECT_GE(result.verdict.evidence.size(), r.in.lookups.size());
  }
}

TEST(DnscheckAnalysis, SharedAsnExplainsADifference) {
  DnscheckOptions options;
  options.asn = [](std::string_view ip) -> uint32_t {
    return ip == kEdge[0] || ip == kReal[0] ? 54113 : 0;
  };
  auto result = analyze_dnscheck({"site.example", world(kEdge), {}}, options);
  EXPECT_EQ(result.verdict.method, Method::none);
  EXPECT_DOUBLE_EQ(result.verdict.confidence, 0.85);
  EXPECT_EQ(result.resolvers[1].consistency, "cdn");
}

TEST(DnscheckAnalysis, LabPlanMakesItsAddressesPublic) {
  auto plan = analysis::BogonList::parse("-10.77.0.0/16\n");
  ASSERT_TRUE(plan);
  DnscheckOptions options;
  options.bogons = &plan.value();
  // 10.77.10.1 is a lab site (public); 10.0.0.1 is still a bogon.
  auto clean =
      analyze_dnscheck({"site.example", world({"10.77.10.1"}, {"10.77.10.1"}), {}}, options);
  EXPECT_EQ(clean.verdict.method, Method::none);
  auto bogon = analyze_dnscheck({"site.example", world({"10.0.0.1"}, {"10.77.10.1"}), {}}, options);
  EXPECT_EQ(bogon.verdict.method, Method::dns);
  EXPECT_EQ(bogon.resolvers[1].bogons, std::vector<std::string>{"10.0.0.1"});
  EXPECT_EQ(bogon.resolvers[1].consistency, "tampered");
}

TEST(DnscheckAnalysis, DnsFingerprintIsBlockpageEvidence) {
  auto db = analysis::FingerprintDb::from_csv(
      "name,scope,other_names,location_found,pattern_type,pattern,confidence_no_fp,"
      "expected_countries,source,exp_url,notes\n"
      "test.sinkhole,nat,,dns,full,10.10.34.34,10,KZ,test,,\n");
  ASSERT_TRUE(db);
  DnscheckOptions options;
  options.fingerprints = &db.value();
  options.probe_cc = "KZ";
  auto result = analyze_dnscheck({"site.example", world({"10.10.34.34"}), {}}, options);
  EXPECT_EQ(result.verdict.method, Method::dns);
  EXPECT_DOUBLE_EQ(result.verdict.confidence, 0.9);
  ASSERT_FALSE(result.verdict.fingerprints.empty());
  EXPECT_EQ(result.verdict.fingerprints[0].name, "test.sinkhole");
  EXPECT_EQ(result.resolvers[0].fingerprinted, std::vector<std::string>{"10.10.34.34"});
}

TEST(DnscheckAnalysis, AddressesToVerify) {
  // Nothing differs: no checks.
  EXPECT_TRUE(dnscheck_addresses_to_verify({"s", world(kReal), {}}, {}).empty());
  // The plaintext-only address first, then the encrypted reference; bogons never dialled.
  auto lookups = world(kEdge);
  lookups[1] = answered("isp", C::plaintext, {"127.0.0.1"}, std::vector<std::string>{"10.0.0.1"});
  EXPECT_EQ(dnscheck_addresses_to_verify({"s", lookups, {}}, {}),
            (std::vector<std::string>{kEdge[0], kReal[0]}));
  // The late reply's address counts (injection first, truth second: the first is checked).
  auto raced = world(kReal);
  raced[1] = answered("isp", C::plaintext, kEdge, kReal);
  EXPECT_EQ(dnscheck_addresses_to_verify({"s", raced, {}}, {}),
            (std::vector<std::string>{kEdge[0], kReal[0]}));
  // No encrypted answer: nothing to compare, no checks.
  auto none = world(kEdge);
  none[3] = failed("doh", C::encrypted, FailureKind::connection_reset);
  none[4] = failed("dot", C::encrypted, FailureKind::connection_reset);
  EXPECT_TRUE(dnscheck_addresses_to_verify({"s", none, {}}, {}).empty());
  // The cap keeps the references.
  std::vector<std::string> many;
  for (int i = 1; i <= 9; ++i)
    many.push_back("151.101.1." + std::to_string(i));
  auto capped = dnscheck_addresses_to_verify({"s", world(many), {}}, {}, 4);
  EXPECT_EQ(capped,
            (std::vector<std::string>{"151.101.1.1", "151.101.1.2", "151.101.1.3", kReal[0]}));
}

// --- the records the analysis reads ----------------------------------------------------------

model::DnsQuery record(std::string engine, std::string host, std::string type,
                       std::vector<std::string> addresses,
                       core::MaybeFailure failure = std::nullopt, bool raw = true) {
  model::DnsQuery q;
  q.engine = std::move(engine);
  q.hostname = std::move(host);
  q.query_type = std::move(type);
  for (auto& a : addresses)
    q.answers.push_back({"A", a, 60, 0, ""});
  q.failure = std::move(failure);
  if (raw)
    q.raw_response = "x";
  q.rcode = 0;
  return q;
}

TEST(DnscheckLookup, FromTraceRecords) {
  // A DoH lookup whose bootstrap (getaddrinfo of the DoH server) is in the same trace.
  std::vector<model::DnsQuery> queries{
      record("getaddrinfo", "dns.google", "ANY", {"8.8.8.8"}, std::nullopt, false),
      record("doh", "Site.Example", "A", {"10.1.1.1"}),
      record("doh", "site.example", "AAAA", {}, Failure(FailureKind::dns_no_answer)),
  };
  auto l = dnscheck_lookup("doh", C::encrypted, "doh", "https://dns.google/dns-query", {"10.1.1.1"},
                           std::nullopt, queries, {}, "site.example");
  ASSERT_EQ(l.first.size(), 2u);
  EXPECT_EQ(l.first[0].addresses, std::vector<std::string>{"10.1.1.1"});
  EXPECT_EQ(l.first[1].query_type, "AAAA");
  EXPECT_TRUE(l.late.empty());

  // A UDP query that timed out got no reply; a duplicate is a late reply.
  std::vector<model::DnsQuery> udp{
      record("udp", "site.example", "A", {"10.10.34.34"}),
      record("udp", "site.example", "AAAA", {}, Failure(FailureKind::generic_timeout_error), false),
  };
  std::vector<model::DnsQuery> dups{record("udp", "site.example", "A", {"10.1.1.1"})};
  auto u = dnscheck_lookup("isp", C::plaintext, "udp", "10.0.0.53:53", {"10.10.34.34"},
                           std::nullopt, udp, dups, "site.example");
  ASSERT_EQ(u.first.size(), 1u);
  ASSERT_EQ(u.late.size(), 1u);
  EXPECT_EQ(u.late[0].addresses, std::vector<std::string>{"10.1.1.1"});

  // getaddrinfo's NXDOMAIN is a reply (no raw bytes); its timeout is not.
  std::vector<model::DnsQuery> gai{record("getaddrinfo", "site.example", "ANY", {},
                                          Failure(FailureKind::dns_nxdomain_error), false)};
  EXPECT_TRUE(dnscheck_lookup("system", C::plaintext, "getaddrinfo", "", {}, std::nullopt, gai, {},
                              "site.example")
                  .answered());
  gai[0].failure = Failure(FailureKind::generic_timeout_error);
  EXPECT_FALSE(dnscheck_lookup("system", C::plaintext, "getaddrinfo", "", {}, std::nullopt, gai, {},
                               "site.example")
                   .answered());
}

// --- the options -----------------------------------------------------------------------------

DnscheckTargets targets(std::map<std::string, std::string, std::less<>> values,
                        std::string_view resolv_conf = "nameserver 10.77.53.1\n") {
  ExperimentOptions o;
  o.values = std::move(values);
  auto t = dnscheck_targets(o, resolv_conf);
  EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message());
  return t.value();
}

std::string target_error(std::map<std::string, std::string, std::less<>> values) {
  ExperimentOptions o;
  o.values = std::move(values);
  auto t = dnscheck_targets(o, "");
  return !t.ok() ? t.error().message() : "";
}

TEST(DnscheckTargets, DefaultsAndOptions) {
  auto d = targets({});
  EXPECT_EQ(d.isp->str(), "10.77.53.1:53");
  EXPECT_EQ(d.foreign->str(), "8.8.8.8:53");
  EXPECT_EQ(*d.doh_url, "https://dns.google/dns-query");
  EXPECT_EQ(d.doh_address->str(), "8.8.8.8:443");
  EXPECT_EQ(d.dot->host, "1.1.1.1");
  EXPECT_EQ(d.dot->port, 853);
  EXPECT_EQ(d.dot->server_name, "one.one.one.one");
  EXPECT_EQ(d.nonresolver->str(), "192.0.2.1:53");
  EXPECT_TRUE(d.tls_check);

  auto lab = targets({{"doh", "https://dns.lab.example/dns-query"},
                      {"doh_address", "10.77.53.8:443"},
                      {"dot", "dns.lab.example"},
                      {"foreign_resolver", "10.77.53.8"},
                      {"isp_resolver", "10.77.53.1:5353"},
                      {"nonresolver", "10.77.99.1"},
                      {"tls_check", "false"}});
  EXPECT_EQ(lab.isp->str(), "10.77.53.1:5353");
  EXPECT_EQ(lab.foreign->str(), "10.77.53.8:53");
  EXPECT_EQ(lab.doh_address->str(), "10.77.53.8:443");
  EXPECT_EQ(lab.dot->host, "dns.lab.example");
  EXPECT_EQ(lab.dot->port, 853);
  EXPECT_EQ(lab.dot->server_name, "");  // a given server is verified as itself
  EXPECT_EQ(lab.nonresolver->str(), "10.77.99.1:53");
  EXPECT_FALSE(lab.tls_check);

  // A DoH URL without an address is found by name; "none" leaves a resolver out.
  auto custom = targets({{"doh", "https://doh.example/q"},
                         {"dot", "none"},
                         {"nonresolver", "none"},
                         {"isp_resolver", "none"}});
  EXPECT_FALSE(custom.doh_address);
  EXPECT_FALSE(custom.dot);
  EXPECT_FALSE(custom.nonresolver);
  EXPECT_FALSE(custom.isp);
  // No nameserver in resolv.conf: no ISP resolver.
  EXPECT_FALSE(targets({}, "# empty\n").isp);
  EXPECT_EQ(targets({}, "search lan\nnameserver fe80::1%eth0\nnameserver 1.2.3.4\n").isp->str(),
            "[fe80::1]:53");

  EXPECT_NE(target_error({{"doh", "http://x/"}}).find("-O doh"), std::string::npos);
  EXPECT_NE(target_error({{"dot", "a b:99"}}).find("-O dot"), std::string::npos);
  EXPECT_NE(target_error({{"dot", "x.example:0"}}).find("-O dot"), std::string::npos);
  EXPECT_NE(target_error({{"foreign_resolver", "dns.google"}}).find("-O foreign_resolver"),
            std::string::npos);
  EXPECT_NE(target_error({{"tls_check", "yes"}}).find("-O tls_check"), std::string::npos);
  EXPECT_NE(target_error({{"doh_address", "10.0.0.1"}}).find("-O doh_address"), std::string::npos);
}

TEST(DnscheckDomain, UrlHostOrDomain) {
  EXPECT_EQ(dnscheck_domain("https://Example.COM/path"), "example.com");
  EXPECT_EQ(dnscheck_domain("Example.org"), "example.org");
  EXPECT_FALSE(dnscheck_domain("not a domain"));
  EXPECT_FALSE(dnscheck_domain(""));
}

// --- a loopback run --------------------------------------------------------------------------

std::string reply_to(const std::string& datagram, const std::string& v4) {
  auto q = *net::parse_dns_message(datagram);
  std::vector<model::DnsAnswer> answers;
  if (q.question_type == 1 && !v4.empty())
    answers.push_back({"A", v4, 60, 0, ""});
  return *net::encode_dns_reply(q, 0, answers);
}

// DoT: TLS, then length-prefixed DNS messages.
boost::asio::awaitable<void> dot_server(std::shared_ptr<boost::asio::ssl::context> ctx,
                                        testing::tcp::socket s, std::string address) {
  auto tuple = boost::asio::as_tuple(boost::asio::use_awaitable);
  testing::TlsServerStream tls(std::move(s), *ctx);
  auto [hec] = co_await tls.async_handshake(boost::asio::ssl::stream_base::server, tuple);
  if (hec)
    co_return;
  for (;;) {
    std::array<unsigned char, 2> len{};
    auto [ec, n] = co_await boost::asio::async_read(tls, boost::asio::buffer(len), tuple);
    if (ec)
      co_return;
    std::string q((len[0] << 8) | len[1], '\0');
    co_await boost::asio::async_read(tls, boost::asio::buffer(q), tuple);
    std::string r = reply_to(q, address);
    std::string framed;
    framed.push_back(static_cast<char>(r.size() >> 8));
    framed.push_back(static_cast<char>(r.size() & 0xff));
    framed += r;
    co_await boost::asio::async_write(tls, boost::asio::buffer(framed), tuple);
  }
}

TEST(Dnscheck, LoopbackInjectionIsFlagged) {
  const std::string truth = "10.1.1.1", forged = "10.10.34.34";
  using testing::UdpServer;
  UdpServer clean([&](const std::string& d) {
    return std::vector<UdpServer::Reply>{{0ms, reply_to(d, truth)}};
  });
  UdpServer raced([&](const std::string& d) {
    return std::vector<UdpServer::Reply>{{0ms, reply_to(d, forged)}, {50ms, reply_to(d, truth)}};
  });
  UdpServer injector([&](const std::string& d) {
    return std::vector<UdpServer::Reply>{{0ms, reply_to(d, forged)}};
  });
  testing::TestCa ca;
  auto ctx = testing::TestCa::server_context(ca.issue({"dot.example"}));
  testing::TcpServer dot(
      [ctx, truth](testing::tcp::socket s) { return dot_server(ctx, std::move(s), truth); });
  auto loaded = net::TrustStore::from_ca_file(ca.root_file());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  auto trust = loaded.value();

  core::StepTimeouts t;
  t.dns = 1500ms;
  t.dns_linger = 200ms;
  t.connect = 1000ms;
  t.tls = 1000ms;
  auto udp = [&](const std::string& endpoint) {
    return std::make_shared<net::DnsOverUdp>(*net::parse_endpoint(endpoint), t);
  };
  DnscheckConfig config;
  config.trust = trust;
  config.timeouts = t;
  config.tls_check = false;  // the forged address is not on this machine
  net::DotServer server{"127.0.0.1", 0, net::parse_endpoint(dot.endpoint()), "dot.example"};
  server.port = net::parse_endpoint(dot.endpoint())->port;
  config.resolvers = {
      {"system", C::plaintext, udp(clean.endpoint())},
      {"isp", C::plaintext, udp(raced.endpoint())},
      {"dot", C::encrypted, std::make_shared<net::DnsOverTls>(server, trust, t)},
      {"nonresolver", C::nonresolver, udp(injector.endpoint())},
  };
  EnvelopeInfo info;
  auto out = testing::run_coro(measure_dnscheck("https://Site.Example/", config, info));
  ASSERT_TRUE(out.ok()) << (out.ok() ? "" : out.error().message());
  const auto& m = out.value();
  EXPECT_EQ(m.at("test_name").as_string(), "dnscheck");
  EXPECT_EQ(m.at("input").as_string(), "site.example");
  const auto& tk = m.at("test_keys").as_object();
  EXPECT_EQ(tk.at("domain").as_string(), "site.example");
  const auto& verdict = tk.at("x_ashyq_verdict").as_object();
  EXPECT_EQ(verdict.at("method").as_string(), "dns") << json::serialize(verdict);
  EXPECT_DOUBLE_EQ(verdict.at("confidence").to_number<double>(), 0.95);
  const auto& summary = tk.at("x_ashyq_dnscheck").as_object();
  EXPECT_TRUE(summary.at("injection").as_bool());
  const auto& resolvers = summary.at("resolvers").as_object();
  ASSERT_EQ(resolvers.size(), 4u);
  EXPECT_FALSE(resolvers.at("system").at("injected").as_bool());
  EXPECT_TRUE(resolvers.at("isp").at("injected").as_bool());
  EXPECT_EQ(resolvers.at("isp").at("late_addresses").as_array().at(0).as_string(), truth);
  EXPECT_EQ(resolvers.at("dot").at("engine").as_string(), "dot");
  EXPECT_EQ(resolvers.at("dot").at("channel").as_string(), "encrypted");
  EXPECT_EQ(resolvers.at("dot").at("addresses").as_array().at(0).as_string(), truth);
  EXPECT_TRUE(resolvers.at("nonresolver").at("injected").as_bool());

  // OONI's archival queries, each tagged with its resolver's role; the late replies too.
  bool dot_query = false;
  for (const auto& q : tk.at("queries").as_array()) {
    const auto& o = q.as_object();
    if (o.at("engine").as_string() == "dot") {
      dot_query = true;
      EXPECT_EQ(o.at("resolver_address").as_string(), "127.0.0.1:" + std::to_string(server.port));
      EXPECT_EQ(o.at("tags").as_array().at(0).as_string(), "dnscheck_dot");
    }
  }
  EXPECT_TRUE(dot_query);
  bool late_truth = false;
  for (const auto& q : tk.at("x_dns_duplicate_responses").as_array()) {
    for (const auto& a : q.as_object().at("answers").as_array())
      late_truth = late_truth || a.as_object().at("ipv4").as_string() == truth;
  }
  EXPECT_TRUE(late_truth) << json::serialize(tk.at("x_dns_duplicate_responses"));
  EXPECT_FALSE(tk.at("tls_handshakes").as_array().empty());  // DoT's handshake
}

}  // namespace
}  // namespace ashyq::experiments
