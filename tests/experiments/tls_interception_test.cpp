// tls_interception: the interception-roots file and its matching, the pure analysis as a table
// over chains made in memory, and one loopback run against a server presenting a forged chain.
#include "experiments/tls_interception.hpp"

#include <gtest/gtest.h>

#include <boost/asio/ssl/context.hpp>

#include "analysis/read_file.hpp"
#include "experiments/chain_builder.hpp"
#include "support/run.hpp"
#include "support/servers.hpp"
#include "test_source_dir.hpp"

namespace ashyq::experiments {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
using analysis::InterceptionRoots;
using analysis::Method;
using core::Failure;
using core::FailureKind;
using testing::MadeChain;

const testing::Rdns kQaznetRoot = {{"C", "KZ"}, {"CN", "Qaznet Trust Network"}};
const testing::Rdns kQaznetIntermediate = {{"C", "KZ"}, {"CN", "Security Certificate"}};
const testing::Rdns kIscaRoot = {
    {"C", "KZ"}, {"O", "ISCA"}, {"CN", "Information Security Certification Authority"}};
const testing::Rdns kIscaIntermediate = {
    {"C", "KZ"}, {"O", "ISCA"}, {"CN", "Information Security Certification Authority"}};
const testing::Rdns kPublicRoot = {{"C", "US"}, {"O", "Public"}, {"CN", "Public Root R1"}};
const testing::Rdns kPublicIntermediate = {{"C", "US"}, {"O", "Public"}, {"CN", "Public CA 1"}};

const InterceptionRoots& shipped_roots() {
  static const InterceptionRoots roots = [] {
    auto text =
        analysis::read_file(std::string(ASHYQ_TEST_SOURCE_DIR) + "/data/interception-roots.csv");
    EXPECT_TRUE(text.ok());
    auto parsed = InterceptionRoots::from_csv(*text);
    EXPECT_TRUE(parsed.ok()) << parsed.error().message();
    return parsed.value();
  }();
  return roots;
}

// --- the roots file ------------------------------------------------------------------------

TEST(InterceptionRoots, ShippedFileHasTheKazakhRoots) {
  const auto& rows = shipped_roots().rows();
  ASSERT_EQ(rows.size(), 4u);
  auto find = [&](std::string_view part) -> const analysis::InterceptionRoot* {
    for (const auto& r : rows) {
      if (r.name.find(part) != std::string::npos)
        return &r;
    }
    return nullptr;
  };
  ASSERT_NE(find("Qaznet Trust Network"), nullptr);
  const auto* isca = find("ISCA");
  ASSERT_NE(isca, nullptr);
  EXPECT_EQ(isca->sha256.size(), 3u);
  EXPECT_EQ(isca->sha256[0], "89107C8E50E029B7B5F4FF0CCD2956BCC9D0C8BA2BFB6A58374ED63A6B034A30");
  ASSERT_NE(find("НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ"), nullptr);
  for (const auto& r : rows)
    EXPECT_FALSE(r.source.empty()) << r.name;
}

TEST(InterceptionRoots, DistinguishedNameMatching) {
  struct Row {
    const char* dn;
    const char* pattern;
    bool match;
  };
  const Row rows[] = {
      {"C=KZ, CN=Qaznet Trust Network", "C=KZ, CN=Qaznet Trust Network", true},
      {"C=KZ, CN=Qaznet Trust Network", "CN=Qaznet Trust Network", true},
      {"CN=Qaznet Trust Network, C=KZ", "C=KZ, CN=Qaznet Trust Network", true},
      {"c=kz, cn=qaznet trust network", "C=KZ, CN=Qaznet Trust Network", true},
      {"CN=Qaznet Trust Network", "C=KZ, CN=Qaznet Trust Network", false},
      {"C=KZ, CN=Qaznet Trust Network 2", "C=KZ, CN=Qaznet Trust Network", false},
      {"C=KZ, O=ISCA, CN=Information Security Certification Authority CA",
       "CN=Information Security Certification Authority", false},
      {"C=KZ, O=ISCA, CN=Information Security Certification Authority CA",
       "CN=Information Security Certification Authority CA", true},
      {"CN=НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ", "CN=НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ", true},
      {"O=A\\, B, CN=X", "O=A\\, B", true},
      {"O=A\\, B, CN=X", "O=A", false},
      {"C=KZ", "", false},
  };
  for (const auto& r : rows)
    EXPECT_EQ(analysis::dn_matches(r.dn, r.pattern), r.match) << r.dn << " ~ " << r.pattern;
}

TEST(InterceptionRoots, RejectsMalformedRows) {
  struct Row {
    const char* csv;
    const char* error_part;
  };
  const Row rows[] = {
      {"name,subject_patterns\nx,CN=x\n", "no column 'sha256'"},
      {"name,subject_patterns,sha256\nx,CN=x,ABCD\n", "not 64 hex digits"},
      {"name,subject_patterns,sha256\n,CN=x,\n", "empty name"},
      {"name,subject_patterns,sha256\nx,,\n", "neither"},
  };
  for (const auto& r : rows) {
    auto parsed = InterceptionRoots::from_csv(r.csv);
    ASSERT_FALSE(parsed.ok()) << r.csv;
    EXPECT_NE(parsed.error().message().find(r.error_part), std::string::npos)
        << parsed.error().message();
  }
}

TEST(InterceptionRoots, MatchesByIssuerSubjectOrFingerprint) {
  MadeChain qaznet(kQaznetRoot, kQaznetIntermediate, "facebook.com");
  auto m = shipped_roots().match(qaznet.sent());
  ASSERT_TRUE(m);
  EXPECT_EQ(m->dn, "C=KZ, CN=Qaznet Trust Network");
  EXPECT_EQ(m->how, "issuer of certificate 2");

  // The root sent too: its own subject is found first (top of the chain).
  auto with_root = qaznet.sent();
  with_root.push_back(qaznet.root.der());
  m = shipped_roots().match(with_root);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->how, "subject of certificate 3");

  // A fingerprint alone, whatever the names.
  MadeChain plain(kPublicRoot, kPublicIntermediate, "example.org");
  EXPECT_FALSE(shipped_roots().match(plain.sent()));
  auto csv = "name,subject_patterns,sha256\nSome MITM root,," +
             analysis::sha256_hex(plain.intermediate.der()) + "\n";
  auto roots = InterceptionRoots::from_csv(csv);
  ASSERT_TRUE(roots.ok()) << roots.error().message();
  m = roots->match(plain.sent());
  ASSERT_TRUE(m);
  EXPECT_EQ(m->name, "Some MITM root");
  EXPECT_EQ(m->how, "SHA-256 of certificate 2");
  EXPECT_EQ(m->dn, "C=US, O=Public, CN=Public CA 1");

  // The leaf's own subject never counts: a site may call itself anything.
  MadeChain named(kPublicRoot, kPublicIntermediate, "Qaznet Trust Network");
  EXPECT_FALSE(shipped_roots().match(named.sent()));
}

// --- the analysis ----------------------------------------------------------------------------

model::ControlResponse control_with_tls(const std::string& endpoint, bool ok,
                                        core::MaybeFailure failure = std::nullopt) {
  model::ControlResponse c;
  c.tcp_connect[endpoint] = {true, std::nullopt};
  c.tls_handshake[endpoint] = {"site.kz", ok, failure};
  return c;
}

TEST(TlsInterceptionAnalysis, Table) {
  const MadeChain qaznet(kQaznetRoot, kQaznetIntermediate, "site.kz");
  const MadeChain isca_expired(kIscaRoot, kIscaIntermediate, "site.kz", true);
  const MadeChain cyrillic({{"CN", "НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ"}},
                           {{"CN", "Security Certificate"}}, "site.kz");
  const MadeChain other_mitm({{"CN", "Corporate Proxy CA"}}, {{"CN", "Proxy Issuing"}}, "site.kz");
  const MadeChain clean(kPublicRoot, kPublicIntermediate, "site.kz");
  const std::string ep = "10.0.0.1:443";
  const Failure unknown_authority(FailureKind::ssl_unknown_authority);
  const Failure timeout(FailureKind::generic_timeout_error);

  struct Row {
    const char* name;
    std::vector<TlsEndpointObservation> endpoints;
    std::optional<model::ControlResponse> control;
    Method method;
    double confidence;
    std::string root;           // expected `root`
    std::string evidence_part;  // some evidence line contains it
    core::MaybeFailure dns_failure = std::nullopt;
  };
  const std::vector<Row> rows = {
      {"qaznet chain, untrusted, no control",
       {{ep, std::nullopt, unknown_authority, qaznet.sent()}},
       std::nullopt,
       Method::interception,
       0.95,
       "C=KZ, CN=Qaznet Trust Network",
       "leads to 'C=KZ, CN=Qaznet Trust Network', a known interception root"},
      {"qaznet chain, root installed: verified yet intercepted",
       {{ep, std::nullopt, std::nullopt, qaznet.sent()}},
       control_with_tls(ep, true),
       Method::interception,
       0.9,
       "C=KZ, CN=Qaznet Trust Network",
       "this root is in the probe's trust store"},
      {"isca chain with an expired intermediate",
       {{ep, std::nullopt, Failure(FailureKind::ssl_invalid_certificate), isca_expired.sent()}},
       control_with_tls(ep, true),
       Method::interception,
       0.95,
       "C=KZ, O=ISCA, CN=Information Security Certification Authority",
       "EXPIRED"},
      {"2015 root name in Kazakh",
       {{ep, std::nullopt, unknown_authority, cyrillic.sent()}},
       std::nullopt,
       Method::interception,
       0.95,
       "CN=НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ",
       "НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ"},
      {"unknown issuer, control verified",
       {{ep, std::nullopt, unknown_authority, other_mitm.sent()}},
       control_with_tls(ep, true),
       Method::interception,
       0.85,
       "",
       "while the control's handshake to the same address verified"},
      {"unknown issuer, control saw the same failure: the site is broken",
       {{ep, std::nullopt, unknown_authority, other_mitm.sent()}},
       control_with_tls(ep, false, unknown_authority),
       Method::down,
       0.8,
       "",
       "broken for everyone"},
      {"unknown issuer, no control",
       {{ep, std::nullopt, unknown_authority, other_mitm.sent()}},
       std::nullopt,
       Method::interception,
       0.5,
       "",
       "no control to tell a middlebox from a misconfigured site"},
      {"clean chain",
       {{ep, std::nullopt, std::nullopt, clean.sent()}},
       control_with_tls(ep, true),
       Method::none,
       0.9,
       "",
       "verified against the trust store"},
      {"handshake timeout, control fine",
       {{ep, std::nullopt, timeout, {}}},
       control_with_tls(ep, true),
       Method::tls,
       0.85,
       "",
       "failed (generic_timeout_error) while the control's handshake verified"},
      {"connect failed, control connected",
       {{ep, timeout, std::nullopt, {}}},
       control_with_tls(ep, true),
       Method::tcp_ip,
       0.7,
       "",
       "TCP connect at 10.0.0.1:443 failed"},
      {"one address intercepted, the other clean",
       {{"10.0.0.2:443", std::nullopt, std::nullopt, clean.sent()},
        {ep, std::nullopt, unknown_authority, qaznet.sent()}},
       std::nullopt,
       Method::interception,
       0.95,
       "C=KZ, CN=Qaznet Trust Network",
       "verified against the trust store"},
      {"DNS failed",
       {},
       std::nullopt,
       Method::unknown,
       0,
       "",
       "resolving site.kz failed",
       Failure(FailureKind::dns_nxdomain_error)},
  };
  for (const auto& r : rows) {
    TlsInterceptionInput in;
    in.host = "site.kz";
    in.dns_failure = r.dns_failure;
    in.endpoints = r.endpoints;
    in.control = r.control;
    in.when = std::time(nullptr);
    auto got = analyze_tls_interception(in, &shipped_roots());
    EXPECT_EQ(got.verdict.method, r.method) << r.name;
    EXPECT_DOUBLE_EQ(got.verdict.confidence, r.confidence) << r.name;
    EXPECT_EQ(got.root, r.root) << r.name;
    bool found = false;
    for (const auto& e : got.verdict.evidence)
      found = found || e.find(r.evidence_part) != std::string::npos;
    EXPECT_TRUE(found) << r.name << ": no evidence line contains '" << r.evidence_part << "'";
    auto j = got.to_json();
    EXPECT_EQ(j.at("method").as_string(), analysis::to_string(r.method)) << r.name;
    EXPECT_TRUE(j.contains("root") && j.contains("evidence") && j.contains("confidence"));
  }
}

TEST(TlsInterceptionAnalysis, WithoutARootsFileAKnownRootIsJustAnUntrustedChain) {
  const MadeChain qaznet(kQaznetRoot, kQaznetIntermediate, "site.kz");
  TlsInterceptionInput in;
  in.host = "site.kz";
  in.endpoints = {
      {"10.0.0.1:443", std::nullopt, Failure(FailureKind::ssl_unknown_authority), qaznet.sent()}};
  auto got = analyze_tls_interception(in, nullptr);
  EXPECT_EQ(got.verdict.method, Method::interception);
  EXPECT_DOUBLE_EQ(got.verdict.confidence, 0.5);
  EXPECT_EQ(got.root, "");
}

TEST(TlsInterceptionInput, NormalisesDomainsAndUrls) {
  EXPECT_EQ(tls_interception_input("example.kz"), "https://example.kz/");
  EXPECT_EQ(tls_interception_input("https://example.kz/path?q=1"), "https://example.kz/path?q=1");
  EXPECT_EQ(tls_interception_input("http://example.kz/"), std::nullopt);
  EXPECT_EQ(tls_interception_input("not a host"), std::nullopt);
  EXPECT_EQ(tls_interception_input(""), std::nullopt);
}

// --- end to end on loopback ------------------------------------------------------------------

TEST(TlsInterception, LoopbackServerWithAQaznetChain) {
  const MadeChain qaznet(kQaznetRoot, kQaznetIntermediate, "127.0.0.1");
  auto ctx = std::make_shared<boost::asio::ssl::context>(boost::asio::ssl::context::tls_server);
  const std::string chain_pem = qaznet.leaf.cert_pem() + qaznet.intermediate.cert_pem();
  const std::string key_pem = qaznet.leaf.key_pem();
  ctx->use_certificate_chain(boost::asio::buffer(chain_pem));
  ctx->use_private_key(boost::asio::buffer(key_pem), boost::asio::ssl::context::pem);
  testing::TcpServer server(testing::serve_tls_page(ctx, 200, "hello"));

  TlsInterceptionConfig config;
  config.resolver = net::make_resolver("system", {}).value();
  config.dialer = std::make_shared<net::TcpDialer>();
  config.trust = net::TrustStore::system();
  config.roots = std::make_shared<InterceptionRoots>(shipped_roots());
  config.dial_loopback = true;
  config.timeouts.connect = 1000ms;
  config.timeouts.tls = 1000ms;
  EnvelopeInfo info;
  auto result = testing::run_coro(
      measure_tls_interception("https://" + server.endpoint() + "/", config, info));
  ASSERT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message());
  const auto& m = result.value();
  EXPECT_EQ(m.at("test_name").as_string(), "tls_interception");
  const auto& tk = m.at("test_keys").as_object();
  // The forged leaf names 127.0.0.1 as a DNS name, not an IP: Go's order reports the name first.
  EXPECT_EQ(tk.at("failure").as_string(), "ssl_invalid_hostname");
  EXPECT_EQ(tk.at("failed_operation").as_string(), "tls_handshake");
  ASSERT_EQ(tk.at("tls_handshakes").as_array().size(), 1u);
  EXPECT_EQ(tk.at("tls_handshakes").as_array()[0].at("peer_certificates").as_array().size(), 2u);
  EXPECT_EQ(tk.at("tcp_connect").as_array().size(), 1u);
  EXPECT_TRUE(tk.at("control").is_null());
  const auto& v = tk.at("x_ashyq_verdict").as_object();
  EXPECT_EQ(v.at("method").as_string(), "interception");
  EXPECT_EQ(v.at("root").as_string(), "C=KZ, CN=Qaznet Trust Network");
  EXPECT_NE(v.at("root_name").as_string().find("Qaznet"), std::string::npos);
}

TEST(TlsInterception, RejectsWhatIsNotHttps) {
  TlsInterceptionConfig config;
  EnvelopeInfo info;
  auto result = testing::run_coro(measure_tls_interception("ftp://x.kz/", config, info));
  ASSERT_FALSE(result.ok());
}

}  // namespace
}  // namespace ashyq::experiments
