// Scenario files: the loader's errors name the file, the key and the line; the catalog loads.
#include "lab/scenario.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>

#include "analysis/bogon_list.hpp"
#include "lab/address_plan.hpp"
#include "lab/servers.hpp"
#include "test_source_dir.hpp"

namespace ashyq::lab {
namespace {

std::string error_of(const std::string& text) {
  try {
    parse_scenario(text, "bad.toml");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

const char* kMinimal = R"(
description = "d"
[[site]]
domain = "a.example"
[[url]]
url = "https://a.example/"
expect_failure = "none"
)";

TEST(Scenario, MinimalFileLoads) {
  auto s = parse_scenario(kMinimal, "dir/minimal.toml");
  EXPECT_EQ(s.name, "minimal");
  ASSERT_EQ(s.sites.size(), 1u);
  EXPECT_TRUE(s.sites[0].https);
  ASSERT_EQ(s.urls.size(), 1u);
  EXPECT_EQ(s.urls[0].failure.value_or(""), "none");
}

TEST(Scenario, AVolunteersRunBehindANat) {
  auto s = parse_scenario(R"(
client_nat = true
[volunteer]
location_db = "data/db"
[[site]]
domain = "a.example"
[[url]]
url = "https://a.example/"
expect_keys = { probe_cc = "KZ", "test_helpers.backend.address" = "http://h/" }
expect_absent = ["10.77.2.1"]
)",
                          "v.toml");
  EXPECT_TRUE(s.client_nat);
  EXPECT_TRUE(s.volunteer);
  EXPECT_EQ(s.volunteer_location_db, "data/db");
  ASSERT_EQ(s.urls.size(), 1u);
  ASSERT_EQ(s.urls[0].measurement_keys.size(), 2u);
  EXPECT_EQ(s.urls[0].measurement_keys[1].first, "test_helpers.backend.address");
  EXPECT_EQ(s.urls[0].absent, std::vector<std::string>{"10.77.2.1"});
  EXPECT_FALSE(parse_scenario(kMinimal, "m.toml").volunteer);
  try {
    parse_scenario("[volunteer]\nlocation = \"x\"\n", "bad.toml");
    FAIL() << "an unknown [volunteer] key is an error";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("volunteer.location"), std::string::npos) << e.what();
  }
}

TEST(Scenario, RulesAndExpectations) {
  auto s = parse_scenario(R"(
[network]
rtt_ms = 200
[[site]]
domain = "b.example"
[[rule]]
action = "drop"
sni = ["b.example", "c.example"]
reassemble = true
[[rule]]
action = "reject_reset"
ip = "b.example"
port = 443
[[url]]
url = "https://b.example/"
blocking = "http-failure"
accessible = false
expect_tcp_connect_ms = [160, 240]
)",
                          "x.toml");
  EXPECT_EQ(s.network.rtt_ms, 200);
  ASSERT_EQ(s.rules.size(), 2u);
  EXPECT_EQ(s.rules[0].snis.size(), 2u);
  EXPECT_TRUE(s.rules[0].reassemble);
  EXPECT_EQ(s.rules[1].action, Action::kRejectReset);
  EXPECT_EQ(*s.urls[0].blocking, boost::json::value("http-failure"));
  EXPECT_EQ(*s.urls[0].accessible, boost::json::value(false));
  addr::assign_addresses(s);
  EXPECT_EQ(s.sites[0].address, "10.77.10.1");
  EXPECT_EQ(s.rules[1].ips[0], "10.77.10.1");
}

TEST(Scenario, UrlLessChecksWithTheirOwnArgsAndKeys) {
  auto s = parse_scenario(R"(
probe_args = ["-t", "tor"]
[[url]]
probe_args = ["-O", "targets={scenario_dir}/data/tor-lab.csv"]
method = "tcp_ip"
expect_test_keys = { or_port_dirauth_accessible = 0, "x.y" = "z", done = true, gone = "null" }
[[url]]
url = "example.com"
)",
                          "t.toml");
  ASSERT_EQ(s.urls.size(), 2u);
  EXPECT_EQ(s.urls[0].url, "");
  EXPECT_EQ(s.urls[0].probe_args.size(), 2u);
  ASSERT_EQ(s.urls[0].test_keys.size(), 4u);
  std::map<std::string, boost::json::value> keys(s.urls[0].test_keys.begin(),
                                                 s.urls[0].test_keys.end());
  EXPECT_EQ(keys["or_port_dirauth_accessible"], boost::json::value(0));
  EXPECT_EQ(keys["x.y"], boost::json::value("z"));
  EXPECT_EQ(keys["done"], boost::json::value(true));
  EXPECT_TRUE(keys["gone"].is_null());
  EXPECT_EQ(s.urls[1].url, "example.com");  // a bare domain (dnscheck's input)
}

TEST(Scenario, ErrorsNameFileKeyAndLine) {
  EXPECT_EQ(
      error_of(
          "[[site]]\ndomain = \"a.example\"\ncolour = 3\n[[url]]\nurl = \"http://a.example/\"\n"),
      "bad.toml:3: key 'site[0].colour': unknown key (see docs/lab.md)");
  EXPECT_EQ(error_of("[[rule]]\nsni = \"x\"\naction = \"explode\"\n"
                     "[[url]]\nurl = \"http://a/\"\n")
                .substr(0, 46),
            "bad.toml:3: key 'rule[0].action': unknown acti");
  EXPECT_EQ(error_of("[network]\nrtt_ms = \"fast\"\n[[url]]\nurl = \"http://a/\"\n"),
            "bad.toml:2: key 'network.rtt_ms': must be an integer");
  EXPECT_EQ(error_of("[[url]]\nurl = \"ftp://a/\"\n"),
            "bad.toml:2: key 'url[0].url': must start with http:// or https://, or be a bare "
            "domain");
  EXPECT_EQ(error_of("[[url]]\nurl = \"a b\"\n"),
            "bad.toml:2: key 'url[0].url': must be a URL or a domain (omit it for experiments "
            "that take no input)");
  EXPECT_EQ(error_of("[[url]]\nexpect_test_keys = { a = [1] }\n"),
            "bad.toml:2: key 'url[0].expect_test_keys': 'a' must be a boolean, number or string "
            "(\"null\" for null)");
  EXPECT_NE(error_of("name = \"x\"\n").find("at least one [[url]]"), std::string::npos);
  EXPECT_NE(error_of("x = = 1\n").find("bad.toml:1: not valid TOML"), std::string::npos);
  EXPECT_NE(
      error_of(
          "[[rule]]\naction = \"dns_answer\"\ndns_name = \"a\"\n[[url]]\nurl = \"http://a/\"\n")
          .find("key 'rule[0].answer': must be an IPv4 address"),
      std::string::npos);
  // Parsing succeeds; assign_addresses rejects a rule naming an unknown site.
  auto s = parse_scenario(
      "[[rule]]\naction = \"drop\"\nip = \"nosuch.example\"\n[[url]]\nurl = \"http://a/\"\n",
      "bad.toml");
  try {
    addr::assign_addresses(s);
    FAIL() << "expected an error";
  } catch (const ScenarioError& e) {
    EXPECT_STREQ(e.what(),
                 "bad.toml:1: key 'ip': 'nosuch.example' is neither an IPv4 address nor a site");
  }
}

TEST(Scenario, HelperModeAndTlsInterception) {
  auto s = parse_scenario(R"(
helper = "blackholed"
[[site]]
domain = "i.example"
[[rule]]
action = "tls_intercept"
ip = "i.example"
port = 443
[[url]]
url = "https://i.example/"
method = "interception"
)",
                          "i.toml");
  EXPECT_EQ(s.helper, HelperMode::kBlackholed);
  ASSERT_EQ(s.rules.size(), 1u);
  EXPECT_EQ(s.rules[0].action, Action::kTlsIntercept);
  EXPECT_TRUE(is_nftables_action(s.rules[0].action));
  EXPECT_FALSE(is_nftables_action(Action::kDrop));
  EXPECT_EQ(parse_scenario("[[url]]\nurl = \"http://a.example/\"\n", "d.toml").helper,
            HelperMode::kUp);
  EXPECT_THROW(
      parse_scenario("helper = \"maybe\"\n[[url]]\nurl = \"http://a.example/\"\n", "bad.toml"),
      ScenarioError);
  // tls_intercept is done by nftables + the interceptor: it matches on ip (and port) only.
  EXPECT_THROW(parse_scenario(R"(
[[rule]]
action = "tls_intercept"
sni = "i.example"
[[url]]
url = "https://i.example/"
)",
                              "bad.toml"),
               ScenarioError);
  addr::assign_addresses(s);
  auto profiles = interceptor_profiles(s);
  ASSERT_EQ(profiles.size(), 1u);
  EXPECT_EQ(profiles[0].chain, InterceptChain::kQaznet2019);  // the default model
  auto conf = interceptor_nginx_config(s, "/run/x", profiles);
  EXPECT_NE(conf.find("listen 10.77.1.1:8443 ssl;"), std::string::npos) << conf;
  EXPECT_NE(conf.find("i.example 10.77.10.1;"), std::string::npos) << conf;
  EXPECT_NE(conf.find("ssl_certificate /run/x/intercept-qaznet-2019-leaf.pem;"), std::string::npos)
      << conf;
  EXPECT_NE(conf.find("proxy_ssl_name $ssl_server_name;"), std::string::npos) << conf;
  EXPECT_EQ(conf.find("$lab_proxy_blocked"), std::string::npos) << conf;  // no http_proxy rule
}

// Several chain models in one scenario get one interceptor (port) each; rules sharing a model
// share it.
TEST(Scenario, InterceptChainsAndTransparentProxy) {
  auto s = parse_scenario(R"(
[[site]]
domain = "a.example"
[[site]]
domain = "b.example"
[[site]]
domain = "c.example"
[[rule]]
action = "tls_intercept"
chain = "isca"
intermediate_expired = true
ip = "a.example"
[[rule]]
action = "tls_intercept"
ip = "b.example"
[[rule]]
action = "tls_intercept"
chain = "isca"
intermediate_expired = true
ip = "c.example"
[[rule]]
action = "http_proxy"
ip = "c.example"
blocked_host = "c.example"
[[url]]
url = "https://a.example/"
)",
                          "chains.toml");
  addr::assign_addresses(s);
  auto profiles = interceptor_profiles(s);
  ASSERT_EQ(profiles.size(), 2u);
  EXPECT_EQ(profiles[0].stem, "intercept-isca-expired");
  EXPECT_EQ(profiles[0].port, 8443);
  EXPECT_EQ(profiles[1].stem, "intercept-qaznet-2019");
  EXPECT_EQ(profiles[1].port, 8444);
  EXPECT_EQ(profile_for(profiles, s.rules[2]).port, 8443);
  auto conf = interceptor_nginx_config(s, "/run/x", profiles);
  EXPECT_NE(conf.find("listen 10.77.1.1:8444 ssl;"), std::string::npos) << conf;
  EXPECT_NE(conf.find("    .c.example 1;\n"), std::string::npos) << conf;
  EXPECT_NE(conf.find("listen 10.77.1.1:8081;"), std::string::npos) << conf;
  EXPECT_TRUE(is_nftables_action(Action::kHttpProxy));
  EXPECT_NE(error_of("[[rule]]\naction = \"drop\"\nip = \"10.77.10.1\"\nchain = \"isca\"\n"
                     "[[url]]\nurl = \"http://a/\"\n")
                .find("key 'rule[0].chain': is a parameter of action tls_intercept only"),
            std::string::npos);
  EXPECT_NE(error_of("[[rule]]\naction = \"tls_intercept\"\nip = \"10.77.10.1\"\n"
                     "chain = \"nsa\"\n[[url]]\nurl = \"http://a/\"\n")
                .find("key 'rule[0].chain': must be"),
            std::string::npos);
  EXPECT_NE(error_of("[[rule]]\naction = \"http_proxy\"\nip = \"10.77.10.1\"\n"
                     "[[url]]\nurl = \"http://a/\"\n")
                .find("key 'rule[0].blocked_host': is required"),
            std::string::npos);
}

TEST(Scenario, IspsNamespacesSubnetsAndMatchers) {
  auto s = parse_scenario(R"(
isps = ["kaztelecom", "mobile"]
[[site]]
domain = "a.example"
[[rule]]
action = "drop"
isp = "mobile"
protocol = "tcp"
[[rule]]
action = "allow"
protocol = "udp"
port = 53
[[url]]
url = "https://a.example/"
isp = "mobile"
)",
                          "isps.toml");
  EXPECT_EQ(s.isps, (std::vector<std::string>{"kaztelecom", "mobile"}));
  EXPECT_EQ(s.rules[0].isps, std::vector<std::string>{"mobile"});
  EXPECT_EQ(s.rules[1].action, Action::kAllow);
  EXPECT_EQ(s.urls[0].isp, "mobile");
  auto subnets = addr::isp_subnets(s);
  ASSERT_EQ(subnets.size(), 2u);
  EXPECT_EQ(subnets[0].cidr, "10.77.1.0/24");
  EXPECT_EQ(subnets[0].client, "10.77.1.2");
  EXPECT_EQ(subnets[1].cidr, "10.77.4.0/24");
  EXPECT_EQ(subnets[1].gateway, "10.77.4.1");
  EXPECT_EQ(addr::isp_subnets(parse_scenario(kMinimal, "m.toml")).size(), 1u);
  EXPECT_NE(error_of("isps = [\"a\"]\n[[rule]]\naction = \"drop\"\nisp = \"b\"\n"
                     "[[url]]\nurl = \"http://a/\"\n")
                .find("key 'rule[0].isp': 'b' is not one of the scenario's isps"),
            std::string::npos);
  EXPECT_NE(error_of("[[url]]\nurl = \"http://a/\"\nisp = \"x\"\n")
                .find("key 'url[0].isp': 'x' is not one of the scenario's isps (the scenario "
                      "declares none)"),
            std::string::npos);
  EXPECT_NE(error_of("isps = [\"Big ISP\"]\n[[url]]\nurl = \"http://a/\"\n")
                .find("an ISP name is 1-10 characters"),
            std::string::npos);
  EXPECT_NE(error_of("isps = [\"a\",\"b\",\"c\",\"d\",\"e\"]\n[[url]]\nurl = \"http://a/\"\n")
                .find("at most 4 ISPs"),
            std::string::npos);
}

TEST(Scenario, SiteVariantsReachNginxAndTheIspResolver) {
  auto s = parse_scenario(R"(
[[site]]
domain = "old.example"
redirect = "https://new.example/"
[[site]]
domain = "cdn.example"
address = "10.77.10.60"
isp_address = "10.77.10.61"
[[site]]
domain = "shop.example"
challenge = true
certificate = "expired"
[[url]]
url = "https://old.example/"
)",
                          "sites.toml");
  addr::assign_addresses(s);
  auto nginx = nginx_config(s, "/run/x");
  EXPECT_NE(nginx.find("return 301 https://new.example/;"), std::string::npos) << nginx;
  EXPECT_NE(nginx.find("listen 10.77.10.61:443 ssl;"), std::string::npos) << nginx;
  EXPECT_NE(nginx.find("ssl_certificate /run/x/site-shop.example.pem;"), std::string::npos);
  EXPECT_NE(nginx.find("return 403 '"), std::string::npos);
  // The helper (10.77.3.2) is outside every ISP subnet: it never gets the challenge.
  EXPECT_NE(nginx.find("    10.77.1.0/24 1;\n"), std::string::npos) << nginx;
  EXPECT_EQ(nginx.find("10.77.0.0/"), std::string::npos) << nginx;
  auto isp = unbound_resolver_config(s, "/run/x", ResolverRole::kIsp);
  auto pub = unbound_resolver_config(s, "/run/x", ResolverRole::kPublic);
  EXPECT_NE(isp.find("local-data: \"cdn.example. 60 IN A 10.77.10.61\""), std::string::npos);
  EXPECT_EQ(pub.find("cdn.example"), std::string::npos);
  EXPECT_NE(pub.find("interface: 10.77.53.8"), std::string::npos);
  EXPECT_NE(error_of("[[site]]\ndomain = \"a.example\"\ncertificate = \"fake\"\n"
                     "[[url]]\nurl = \"http://a/\"\n")
                .find("key 'site[0].certificate'"),
            std::string::npos);
  EXPECT_NE(error_of("[[site]]\ndomain = \"a.example\"\nisp_address = \"8.8.8.8\"\n"
                     "[[url]]\nurl = \"http://a/\"\n")
                .find("key 'site[0].isp_address'"),
            std::string::npos);
}

// What OONI's QA cases localhostWith*, websiteDownNoAddrs and redirect…ThenEOF* need: a name
// answered with 127.0.0.1 for everyone, a name with no address, a censor that closes.
TEST(Scenario, ANameResolvingToLoopbackOrToNothingForEveryoneAndACloseRule) {
  auto s = parse_scenario(R"(
[[site]]
domain = "loopback.example"
resolves_to = "127.0.0.1"
[[site]]
domain = "empty.example"
resolves_to = "nothing"
[[site]]
domain = "normal.example"
certificate = "wrong-name"
[[rule]]
action = "close"
sni = "normal.example"
[[url]]
url = "https://loopback.example/"
)",
                          "names.toml");
  addr::assign_addresses(s);
  ASSERT_EQ(s.rules.size(), 1u);
  EXPECT_EQ(s.rules[0].action, Action::kClose);
  auto auth = unbound_authoritative_config(s, "/run/x");
  EXPECT_NE(auth.find("local-data: \"loopback.example. 60 IN A 127.0.0.1\""), std::string::npos)
      << auth;
  EXPECT_NE(auth.find("local-zone: \"empty.example.\" static"), std::string::npos);
  EXPECT_EQ(auth.find("local-data: \"empty.example."), std::string::npos) << auth;
  EXPECT_NE(auth.find("local-data: 'empty.example. 60 IN TXT \"no address\"'"), std::string::npos)
      << auth;
  EXPECT_NE(auth.find("local-data: \"normal.example. 60 IN A 10.77.10."), std::string::npos);
  EXPECT_NE(nginx_config(s, "/run/x").find("ssl_certificate /run/x/site-normal.example.pem;"),
            std::string::npos);
  EXPECT_NE(error_of("[[site]]\ndomain = \"a.example\"\nresolves_to = \"somewhere\"\n"
                     "[[url]]\nurl = \"http://a/\"\n")
                .find("key 'site[0].resolves_to': must be an IPv4 address or \"nothing\""),
            std::string::npos);
  EXPECT_NE(error_of("[[rule]]\naction = \"close\"\nip = \"10.77.10.1\"\n"
                     "[[url]]\nurl = \"http://a/\"\n")
                .find("close needs sni or host"),
            std::string::npos);
}

// The plan file is in the `ashyq run --bogons` syntax: the lab's range is declared public.
TEST(AddressPlan, PlanFileDeclaresTheLabRangePublic) {
  auto text = addr::plan_file_text();
  EXPECT_NE(text.find("\n-10.77.0.0/16\n"), std::string::npos) << text;
  for (std::size_t start = 0; start < text.size();) {
    auto end = text.find('\n', start);
    auto line = text.substr(start, end - start);
    EXPECT_TRUE(line.empty() || line[0] == '#' || line[0] == '-') << line;
    start = end == std::string::npos ? text.size() : end + 1;
  }
  EXPECT_EQ(addr::helper_url(), "http://10.77.3.2:8080/");
  auto bogons = analysis::BogonList::parse(text);
  ASSERT_TRUE(bogons) << bogons.error().message();
  EXPECT_FALSE(bogons->is_bogon("10.77.10.1"));
  EXPECT_FALSE(bogons->is_bogon(addr::kBlockpage));
  EXPECT_TRUE(bogons->is_bogon("10.0.0.1"));
  EXPECT_TRUE(bogons->is_bogon("127.0.0.1"));
}

TEST(Scenario, TheWholeCatalogLoads) {
  const char* src = std::getenv("ASHYQ_SOURCE_DIR");
  std::filesystem::path root =
      src ? std::filesystem::path(src) : std::filesystem::path(ASHYQ_TEST_SOURCE_DIR);
  auto files = list_scenarios(root / "lab" / "scenarios");
  EXPECT_GE(files.size(), 30u);
  for (auto& f : files) {
    EXPECT_NO_THROW({
      auto s = load_scenario(f);
      addr::assign_addresses(s);
    }) << f;
  }
}

}  // namespace
}  // namespace ashyq::lab
