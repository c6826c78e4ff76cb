// The messaging-app experiments (telegram, whatsapp, signal, facebook_messenger): the endpoint
// list format and its errors, the shipped lists, each app's pure analysis as a table from
// outcomes to OONI's keys and the verdict, and the shared engine end to end on loopback.
#include <gtest/gtest.h>

#include <fstream>

#include "experiments/endpoint_list.hpp"
#include "experiments/facebook_messenger.hpp"
#include "experiments/reachability.hpp"
#include "experiments/registry.hpp"
#include "experiments/signal.hpp"
#include "experiments/telegram.hpp"
#include "experiments/whatsapp.hpp"
#include "support/run.hpp"
#include "support/servers.hpp"
#include "support/test_ca.hpp"
#include "test_source_dir.hpp"

namespace ashyq::experiments {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
using analysis::Method;
using core::Failure;
using core::FailureKind;
using core::Operation;

// --- the endpoint list -------------------------------------------------------------------------

constexpr std::string_view kHeader = "role,name,host,port,check,method,path\n";

TEST(EndpointList, ParsesEveryCheck) {
  std::string text = "# a comment\n\n" + std::string(kHeader) +
                     "dc,dc1,149.154.175.50,443,http,POST,/\n"
                     "web,,Web.Telegram.org,443,https,,\n"
                     "# another comment\n"
                     "service,stun,stun.fbsbx.com,,dns,,\n"
                     "endpoint,e1,e1.whatsapp.net,5222,tcp,,\r\n";
  auto parsed = parse_endpoint_list(text, "x.csv");
  ASSERT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message());
  const auto& list = parsed.value();
  ASSERT_EQ(list.entries.size(), 4u);
  EXPECT_EQ(list.entries[0].target(), "http://149.154.175.50:443/");
  EXPECT_EQ(list.entries[0].method, "POST");
  EXPECT_EQ(list.entries[0].line, 4u);
  EXPECT_EQ(list.entries[1].name, "web.telegram.org");  // empty name: the (lower-cased) host
  EXPECT_EQ(list.entries[1].target(), "https://web.telegram.org/");
  EXPECT_EQ(list.entries[1].method, "GET");
  EXPECT_EQ(list.entries[2].target(), "dnslookup://stun.fbsbx.com");
  EXPECT_EQ(list.entries[2].port, 0);
  EXPECT_EQ(list.entries[3].target(), "tcpconnect://e1.whatsapp.net:5222");
  EXPECT_EQ(list.with_role("dc").size(), 1u);
}

TEST(EndpointList, ErrorsNameTheFileAndLine) {
  struct Row {
    const char* name;
    std::string text;
    const char* error_part;
  };
  const std::string h(kHeader);
  const Row rows[] = {
      {"no header", "dc,dc1,1.2.3.4,80,http,POST,/\n", "x.csv:1: the first line"},
      {"empty", "# nothing\n", "x.csv:1: no header line"},
      {"too few fields", h + "dc,dc1,1.2.3.4,80,http\n", "x.csv:2: expected 7 fields"},
      {"bad port", h + "# c\ndc,dc1,1.2.3.4,80x,http,POST,/\n", "x.csv:3: port '80x'"},
      {"port zero", h + "dc,dc1,1.2.3.4,0,tcp,,\n", "x.csv:2: port '0'"},
      {"port too big", h + "dc,dc1,1.2.3.4,65536,tcp,,\n", "port '65536'"},
      {"missing port", h + "dc,dc1,1.2.3.4,,tcp,,\n", "port ''"},
      {"bad check", h + "dc,dc1,1.2.3.4,80,udp,,\n", "check 'udp'"},
      {"bad method", h + "dc,dc1,1.2.3.4,80,http,PUT,/\n", "method 'PUT'"},
      {"bad path", h + "dc,dc1,1.2.3.4,80,http,GET,x\n", "path 'x'"},
      {"tcp with a method", h + "dc,dc1,1.2.3.4,80,tcp,GET,\n", "takes no method"},
      {"dns with a port", h + "s,stun,stun.fbsbx.com,53,dns,,\n", "takes no port"},
      {"dns of an address", h + "s,stun,1.2.3.4,,dns,,\n", "needs a host name"},
      {"https to an address", h + "w,w,1.2.3.4,443,https,,\n", "needs a host name"},
      {"bad host", h + "dc,dc1,a b,80,tcp,,\n", "host 'a b'"},
      {"bad role", h + "DC,dc1,1.2.3.4,80,tcp,,\n", "role 'DC'"},
      {"unterminated quote", h + "dc,\"dc1,1.2.3.4,80,tcp,,\n", "x.csv:2:"},
  };
  for (const auto& r : rows) {
    auto parsed = parse_endpoint_list(r.text, "x.csv");
    ASSERT_FALSE(parsed.ok()) << r.name;
    EXPECT_NE(parsed.error().message().find(r.error_part), std::string::npos)
        << r.name << ": " << (parsed.ok() ? "" : parsed.error().message());
  }
}

TEST(EndpointList, RolesAreChecked) {
  const std::string h(kHeader);
  auto unknown = parse_endpoint_list(h + "dc,dc1,1.2.3.4,80,tcp,,\nweb,w,a.org,443,https,,\n"
                                         "bogus,b,1.2.3.4,80,tcp,,\n",
                                     "t.csv", {"dc", "web"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message().find("t.csv:4: role 'bogus' is not one of"),
            std::string::npos)
      << (unknown.ok() ? "" : unknown.error().message());
  auto missing = parse_endpoint_list(h + "dc,dc1,1.2.3.4,80,tcp,,\n", "t.csv", {"dc", "web"});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message().find("no endpoint with the role 'web'"), std::string::npos);
}

TEST(EndpointList, MissingFileIsAnError) {
  auto parsed = load_endpoint_list("/nonexistent/list.csv");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().message().find("/nonexistent/list.csv"), std::string::npos);
}

// The shipped lists and the lab's load with each experiment's roles (signal and
// facebook_messenger scenarios use the shipped lists: their names resolve to lab sites).
TEST(EndpointList, ShippedListsLoad) {
  const std::string data = std::string(ASHYQ_TEST_SOURCE_DIR) + "/data";
  const std::string lab = std::string(ASHYQ_TEST_SOURCE_DIR) + "/lab/scenarios/data/";
  struct Row {
    std::string path;
    std::vector<std::string_view> roles;
    std::size_t entries;
  };
  const Row rows[] = {
      {data + "/messaging/telegram.csv", {"dc", "web"}, 13},
      {data + "/messaging/whatsapp.csv", {"endpoint", "registration", "web"}, 34},
      {data + "/messaging/signal.csv", {"backend", "uptime"}, 6},
      {data + "/messaging/facebook_messenger.csv", {"service"}, 7},
      {lab + "telegram-lab.csv", {"dc", "web"}, 7},
      {lab + "whatsapp-lab.csv", {"endpoint", "registration", "web"}, 8},
  };
  for (const auto& r : rows) {
    auto parsed = load_endpoint_list(r.path, r.roles);
    ASSERT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message());
    if (r.entries) {
      EXPECT_EQ(parsed.value().entries.size(), r.entries) << r.path;
    }
  }
}

// The four are registered as experiments without input, each taking -O endpoints.
TEST(MessagingRegistry, AppsTakeNoInputAndAnEndpointList) {
  for (auto name : {"telegram", "whatsapp", "signal", "facebook_messenger"}) {
    const auto* spec = find_experiment(name);
    ASSERT_NE(spec, nullptr) << name;
    EXPECT_FALSE(spec->takes_input) << name;
    EXPECT_FALSE(spec->needs_helper) << name;
    ExperimentOptions options;
    options.values["endpoints"] = "x.csv";
    EXPECT_TRUE(check_options(*spec, options).ok()) << name;
  }
  ExperimentOptions ca;
  ca.values["ca_file"] = "ca.pem";
  EXPECT_TRUE(check_options(*find_experiment("signal"), ca).ok());
  auto unknown = check_options(*find_experiment("telegram"), ca);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().message(), "-O ca_file: telegram has the options endpoints");
}

// A malformed list given with -O endpoints stops the measurement with the file and line, before
// any network step.
TEST(MessagingRegistry, MalformedListIsAnError) {
  const std::string path = ::testing::TempDir() + "/bad-telegram.csv";
  {
    std::ofstream out(path);
    out << kHeader << "dc,dc1,1.2.3.4,80,http,POST,/\n"
        << "web,web,web.telegram.org,443,https,GETX,/\n";
  }
  ExperimentSettings settings;
  settings.options.values["endpoints"] = path;
  settings.data_dir = std::string(ASHYQ_TEST_SOURCE_DIR) + "/data";
  for (auto name : {"telegram", "signal"}) {
    auto result = testing::run_coro(measure_experiment(name, "", settings, EnvelopeInfo{}));
    ASSERT_FALSE(result.ok()) << name;
    const auto& error = result.error().message();
    if (std::string_view(name) == "telegram") {
      EXPECT_NE(error.find(path + ":3: method 'GETX'"), std::string::npos) << error;
    } else {
      EXPECT_NE(error.find(path + ":2: role 'dc' is not one of"), std::string::npos) << error;
    }
  }
}

// --- outcomes, as the engine records them ------------------------------------------------------

EndpointEntry entry(std::string role, std::string name, std::string host, uint16_t port,
                    EndpointCheck check) {
  EndpointEntry e;
  e.role = std::move(role);
  e.name = std::move(name);
  e.host = std::move(host);
  e.port = port;
  e.check = check;
  if (check == EndpointCheck::http || check == EndpointCheck::https) {
    e.method = "GET";
    e.path = "/";
  }
  return e;
}

// A completed check on the first of `ips` (a host name resolved to them).
TargetOutcome ok(EndpointEntry e, std::vector<std::pair<std::string, uint32_t>> ips = {}) {
  TargetOutcome o;
  o.entry = std::move(e);
  for (const auto& [ip, asn] : ips)
    o.addresses.push_back({ip, asn, false});
  o.resolved = !ips.empty();
  if (o.entry.check != EndpointCheck::dns) {
    AddressAttempt a;
    a.address =
        (ips.empty() ? o.entry.host : ips.front().first) + ":" + std::to_string(o.entry.port);
    if (o.entry.check != EndpointCheck::tcp)
      a.status_code = 200;
    o.attempts.push_back(a);
  }
  return o;
}

TargetOutcome failed(EndpointEntry e, FailureKind kind, Operation op,
                     std::vector<std::pair<std::string, uint32_t>> ips = {}) {
  TargetOutcome o;
  o.entry = std::move(e);
  for (const auto& [ip, asn] : ips)
    o.addresses.push_back({ip, asn, false});
  o.resolved = !ips.empty();
  o.failure = Failure(kind);
  o.failed_operation = op;
  if (op != Operation::resolve) {
    AddressAttempt a;
    a.address =
        (ips.empty() ? o.entry.host : ips.front().first) + ":" + std::to_string(o.entry.port);
    a.failure = o.failure;
    a.failed_operation = op;
    o.attempts.push_back(a);
  }
  return o;
}

bool evidence_has(const analysis::Verdict& v, std::string_view part) {
  for (const auto& e : v.evidence) {
    if (e.find(part) != std::string::npos)
      return true;
  }
  return false;
}

const auto kTimeout = FailureKind::generic_timeout_error;
const auto kReset = FailureKind::connection_reset;
const auto kRefused = FailureKind::connection_refused;

// --- telegram ---------------------------------------------------------------------------------

std::vector<TargetOutcome> telegram_case(bool dc1_ok, bool dc2_ok, FailureKind dc_failure,
                                         Operation dc_op, std::optional<Operation> web_op) {
  std::vector<TargetOutcome> v;
  for (auto [ip, good] :
       {std::pair{"149.154.175.50", dc1_ok}, std::pair{"149.154.167.51", dc2_ok}}) {
    for (uint16_t port : {80, 443}) {
      auto e = entry("dc", "dc", ip, port, EndpointCheck::http);
      e.method = "POST";
      v.push_back(good ? ok(e) : failed(e, dc_failure, dc_op));
    }
  }
  auto web = entry("web", "web", "web.telegram.org", 443, EndpointCheck::https);
  if (web_op)
    v.push_back(failed(web,
                       *web_op == Operation::resolve ? FailureKind::dns_nxdomain_error : kTimeout,
                       *web_op, {{"149.154.167.99", 62041}}));
  else
    v.push_back(ok(web, {{"149.154.167.99", 62041}}));
  return v;
}

TEST(TelegramAnalysis, Table) {
  struct Row {
    const char* name;
    std::vector<TargetOutcome> outcomes;
    bool tcp_blocking, http_blocking;
    const char* web_status;
    const char* web_failure;  // "" for null
    Method method;
    double confidence;
    const char* evidence_part;
  };
  const Row rows[] = {
      {"all reachable", telegram_case(true, true, kTimeout, Operation::connect, std::nullopt),
       false, false, "ok", "", Method::none, 0.9, "data centres answered"},
      {"DCs blackholed, web blocked by SNI",
       telegram_case(false, false, kTimeout, Operation::connect, Operation::tls_handshake), true,
       true, "blocked", "generic_timeout_error", Method::tcp_ip, 0.85,
       "no Telegram data centre accepted a TCP connection (4 of 4"},
      {"DCs blackholed, web fine",
       telegram_case(false, false, kTimeout, Operation::connect, std::nullopt), true, true, "ok",
       "", Method::tcp_ip, 0.85, "failed at connect"},
      {"one DC down: not blocking by OONI's rule",
       telegram_case(true, false, kRefused, Operation::connect, std::nullopt), false, false, "ok",
       "", Method::none, 0.9, "2 of 4 DC endpoints failed while others answered"},
      {"DCs connect but never answer HTTP",
       telegram_case(false, false, kReset, Operation::http_round_trip, std::nullopt), false, true,
       "ok", "", Method::http_failure, 0.7, "none of the 4 HTTP requests"},
      {"only the web client is blocked, at TLS",
       telegram_case(true, true, kTimeout, Operation::connect, Operation::tls_handshake), false,
       false, "blocked", "generic_timeout_error", Method::tls, 0.8,
       "web client web.telegram.org failed at tls_handshake"},
      {"web client's name does not resolve",
       telegram_case(true, true, kTimeout, Operation::connect, Operation::resolve), false, false,
       "blocked", "dns_nxdomain_error", Method::dns, 0.8, "failed at resolve"},
      {"nothing connects at all: maybe an outage",
       telegram_case(false, false, kTimeout, Operation::connect, Operation::connect), true, true,
       "blocked", "generic_timeout_error", Method::tcp_ip, 0.5, "general outage"},
      {"no outcome", {}, false, false, "ok", "", Method::unknown, 0.2, "no endpoint"},
  };
  for (const auto& r : rows) {
    auto a = analyze_telegram(r.outcomes);
    EXPECT_EQ(a.keys.at("telegram_tcp_blocking").as_bool(), r.tcp_blocking) << r.name;
    EXPECT_EQ(a.keys.at("telegram_http_blocking").as_bool(), r.http_blocking) << r.name;
    EXPECT_EQ(a.keys.at("telegram_web_status").as_string(), r.web_status) << r.name;
    if (*r.web_failure) {
      EXPECT_EQ(a.keys.at("telegram_web_failure").as_string(), r.web_failure) << r.name;
    } else {
      EXPECT_TRUE(a.keys.at("telegram_web_failure").is_null()) << r.name;
    }
    EXPECT_EQ(a.verdict.method, r.method) << r.name;
    EXPECT_DOUBLE_EQ(a.verdict.confidence, r.confidence) << r.name;
    EXPECT_TRUE(evidence_has(a.verdict, r.evidence_part))
        << r.name << ": no evidence line has '" << r.evidence_part << "'";
  }
}

// OONI's older check called the web client blocked when one address of several failed; here an
// endpoint fails only when every address failed.
TEST(TelegramAnalysis, OneFailedAddressOfSeveralIsNotBlocking) {
  auto v = telegram_case(true, true, kTimeout, Operation::connect, std::nullopt);
  auto& web = v.back();
  AddressAttempt first;
  first.address = "149.154.167.98:443";
  first.failure = Failure(kTimeout);
  first.failed_operation = Operation::connect;
  web.attempts.insert(web.attempts.begin(), first);
  auto a = analyze_telegram(v);
  EXPECT_EQ(a.keys.at("telegram_web_status").as_string(), "ok");
  EXPECT_EQ(a.verdict.method, Method::none);
  EXPECT_TRUE(evidence_has(a.verdict, "after 1 failed address(es)"));
}

// --- whatsapp ---------------------------------------------------------------------------------

std::vector<TargetOutcome> whatsapp_case(int hosts_ok_443, int hosts_ok_5222, int hosts,
                                         Operation endpoint_op, std::optional<Operation> reg_op,
                                         std::optional<Operation> web_op) {
  std::vector<TargetOutcome> v;
  for (int i = 1; i <= hosts; ++i) {
    std::string host = "e" + std::to_string(i) + ".whatsapp.net";
    for (uint16_t port : {443, 5222}) {
      auto e = entry("endpoint", "e" + std::to_string(i), host, port, EndpointCheck::tcp);
      const bool good = port == 443 ? i <= hosts_ok_443 : i <= hosts_ok_5222;
      v.push_back(good ? ok(e, {{"157.240.1.1", 32934}})
                       : failed(e,
                                endpoint_op == Operation::resolve ? FailureKind::dns_nxdomain_error
                                                                  : kTimeout,
                                endpoint_op));
    }
  }
  auto reg = entry("registration", "registration", "v.whatsapp.net", 443, EndpointCheck::https);
  v.push_back(reg_op ? failed(reg, kReset, *reg_op) : ok(reg, {{"157.240.1.2", 32934}}));
  auto web = entry("web", "web", "web.whatsapp.com", 443, EndpointCheck::https);
  v.push_back(web_op ? failed(web, kTimeout, *web_op) : ok(web, {{"157.240.1.3", 32934}}));
  return v;
}

TEST(WhatsappAnalysis, Table) {
  struct Row {
    const char* name;
    std::vector<TargetOutcome> outcomes;
    const char* endpoints_status;
    std::size_t endpoints_blocked;
    const char* registration_status;
    const char* web_status;
    Method method;
    double confidence;
    const char* evidence_part;
  };
  const Row rows[] = {
      {"all reachable", whatsapp_case(3, 3, 3, Operation::connect, std::nullopt, std::nullopt),
       "ok", 0, "ok", "ok", Method::none, 0.9, "all reachable"},
      {"5222 refused everywhere, 443 fine: no endpoint blocked",
       whatsapp_case(3, 0, 3, Operation::connect, std::nullopt, std::nullopt), "ok", 0, "ok", "ok",
       Method::none, 0.9, "all reachable"},
      {"one host blocked on both ports",
       whatsapp_case(2, 2, 3, Operation::connect, std::nullopt, std::nullopt), "ok", 1, "ok", "ok",
       Method::none, 0.9, "1 of 3 chat endpoints failed on every port"},
      {"every endpoint blackholed",
       whatsapp_case(0, 0, 3, Operation::connect, std::nullopt, std::nullopt), "blocked", 3, "ok",
       "ok", Method::tcp_ip, 0.85, "none of the 3 WhatsApp chat endpoints"},
      {"endpoints' names do not resolve",
       whatsapp_case(0, 0, 2, Operation::resolve, std::nullopt, std::nullopt), "blocked", 2, "ok",
       "ok", Method::dns, 0.85, "dns_nxdomain_error"},
      {"registration reset",
       whatsapp_case(2, 2, 2, Operation::connect, Operation::tls_handshake, std::nullopt), "ok", 0,
       "blocked", "ok", Method::tls, 0.75,
       "registration server v.whatsapp.net failed at tls_handshake (connection_reset)"},
      {"web blocked by SNI",
       whatsapp_case(2, 2, 2, Operation::connect, std::nullopt, Operation::tls_handshake), "ok", 0,
       "ok", "blocked", Method::tls, 0.75, "WhatsApp Web web.whatsapp.com failed"},
      {"all blocked: endpoints first",
       whatsapp_case(0, 0, 2, Operation::connect, Operation::connect, Operation::connect),
       "blocked", 2, "blocked", "blocked", Method::tcp_ip, 0.5, "general outage"},
  };
  for (const auto& r : rows) {
    auto a = analyze_whatsapp(r.outcomes);
    EXPECT_EQ(a.keys.at("whatsapp_endpoints_status").as_string(), r.endpoints_status) << r.name;
    EXPECT_EQ(a.keys.at("whatsapp_endpoints_blocked").as_array().size(), r.endpoints_blocked)
        << r.name;
    EXPECT_TRUE(a.keys.at("whatsapp_endpoints_dns_inconsistent").as_array().empty()) << r.name;
    EXPECT_EQ(a.keys.at("registration_server_status").as_string(), r.registration_status) << r.name;
    EXPECT_EQ(a.keys.at("registration_server_failure").is_null(),
              std::string_view(r.registration_status) == "ok")
        << r.name;
    EXPECT_EQ(a.keys.at("whatsapp_web_status").as_string(), r.web_status) << r.name;
    EXPECT_EQ(a.keys.at("whatsapp_web_failure").is_null(), std::string_view(r.web_status) == "ok")
        << r.name;
    EXPECT_EQ(a.verdict.method, r.method) << r.name;
    EXPECT_DOUBLE_EQ(a.verdict.confidence, r.confidence) << r.name;
    EXPECT_TRUE(evidence_has(a.verdict, r.evidence_part))
        << r.name << ": no evidence line has '" << r.evidence_part << "'";
  }
  // The blocked list names hosts, once each.
  auto a = analyze_whatsapp(whatsapp_case(2, 2, 3, Operation::connect, std::nullopt, std::nullopt));
  EXPECT_EQ(a.keys.at("whatsapp_endpoints_blocked").as_array().at(0).as_string(),
            "e3.whatsapp.net");
}

// --- signal -----------------------------------------------------------------------------------

std::vector<TargetOutcome> signal_case(int failing, FailureKind kind, Operation op) {
  std::vector<TargetOutcome> v;
  const char* hosts[] = {"textsecure-service.whispersystems.org", "storage.signal.org",
                         "cdn.signal.org"};
  for (int i = 0; i < 3; ++i) {
    auto e = entry("backend", "b" + std::to_string(i), hosts[i], 443, EndpointCheck::https);
    v.push_back(i < failing ? failed(e, kind, op, {{"13.248.212.111", 16509}})
                            : ok(e, {{"13.248.212.111", 16509}}));
  }
  v.push_back(
      ok(entry("uptime", "uptime", "uptime.signal.org", 0, EndpointCheck::dns), {{"1.2.3.4", 0}}));
  return v;
}

TEST(SignalAnalysis, Table) {
  struct Row {
    const char* name;
    std::vector<TargetOutcome> outcomes;
    const char* status;
    const char* failure;  // "" for null
    Method method;
    double confidence;
    const char* evidence_part;
  };
  const Row rows[] = {
      {"all reachable", signal_case(0, kTimeout, Operation::connect), "ok", "", Method::none, 0.9,
       "every Signal backend"},
      {"one backend blocked by SNI", signal_case(1, kTimeout, Operation::tls_handshake), "blocked",
       "generic_timeout_error", Method::tls, 0.6, "1 of 3 Signal backends failed"},
      {"all backends blocked by SNI", signal_case(3, kReset, Operation::tls_handshake), "blocked",
       "connection_reset", Method::tls, 0.85, "3 of 3 Signal backends failed"},
      {"a certificate that does not chain to Signal's CA",
       signal_case(3, FailureKind::ssl_unknown_authority, Operation::tls_handshake), "blocked",
       "ssl_unknown_authority", Method::tls, 0.85, "ssl_unknown_authority"},
      {"nothing connects", signal_case(3, kTimeout, Operation::connect), "blocked",
       "generic_timeout_error", Method::tcp_ip, 0.5, "general outage"},
      {"names do not resolve", signal_case(3, FailureKind::dns_nxdomain_error, Operation::resolve),
       "blocked", "dns_nxdomain_error", Method::dns, 0.5, "failed at resolve"},
  };
  for (const auto& r : rows) {
    auto a = analyze_signal(r.outcomes);
    EXPECT_EQ(a.keys.at("signal_backend_status").as_string(), r.status) << r.name;
    if (*r.failure) {
      EXPECT_EQ(a.keys.at("signal_backend_failure").as_string(), r.failure) << r.name;
    } else {
      EXPECT_TRUE(a.keys.at("signal_backend_failure").is_null()) << r.name;
    }
    EXPECT_EQ(a.verdict.method, r.method) << r.name;
    EXPECT_DOUBLE_EQ(a.verdict.confidence, r.confidence) << r.name;
    EXPECT_TRUE(evidence_has(a.verdict, r.evidence_part))
        << r.name << ": no evidence line has '" << r.evidence_part << "'";
  }
}

// --- facebook_messenger -----------------------------------------------------------------------

TargetOutcome fb(std::string name, std::string host,
                 std::vector<std::pair<std::string, uint32_t>> ips,
                 std::optional<FailureKind> connect_failure = std::nullopt) {
  auto e = entry("service", std::move(name), std::move(host), 443, EndpointCheck::tcp);
  return connect_failure ? failed(e, *connect_failure, Operation::connect, ips) : ok(e, ips);
}

TEST(FacebookMessengerAnalysis, Table) {
  const std::pair<std::string, uint32_t> kFb{"157.240.1.35", 32934};
  const std::pair<std::string, uint32_t> kOther{"10.77.99.1", 64500};
  const std::pair<std::string, uint32_t> kUnknown{"203.0.113.9", 0};
  auto stun = ok(entry("service", "stun", "stun.fbsbx.com", 0, EndpointCheck::dns), {kFb});
  auto nx = failed(entry("service", "b_graph", "b-graph.facebook.com", 443, EndpointCheck::tcp),
                   FailureKind::dns_nxdomain_error, Operation::resolve);
  struct Row {
    const char* name;
    std::vector<TargetOutcome> outcomes;
    bool dns_blocking, tcp_blocking;
    json::value b_api_consistent, b_api_reachable, b_graph_consistent, b_graph_reachable;
    Method method;
    double confidence;
    const char* evidence_part;
  };
  const Row rows[] = {
      {"all in AS32934 and reachable",
       {stun, fb("b_api", "b-api.facebook.com", {kFb}),
        fb("b_graph", "b-graph.facebook.com", {kFb})},
       false,
       false,
       true,
       true,
       true,
       true,
       Method::none,
       0.9,
       "resolved inside AS32934"},
      {"a forged answer in another AS",
       {stun, fb("b_api", "b-api.facebook.com", {kOther}),
        fb("b_graph", "b-graph.facebook.com", {kFb})},
       true,
       false,
       false,
       nullptr,
       true,
       true,
       Method::dns,
       0.8,
       "b-api.facebook.com → 10.77.99.1 (AS64500)"},
      {"connect blocked",
       {stun, fb("b_api", "b-api.facebook.com", {kFb}),
        fb("b_graph", "b-graph.facebook.com", {kFb}, kTimeout)},
       false,
       true,
       true,
       true,
       true,
       false,
       Method::tcp_ip,
       0.8,
       "b-graph.facebook.com:443"},
      {"DNS and TCP both: DNS first",
       {stun, fb("b_api", "b-api.facebook.com", {kOther}),
        fb("b_graph", "b-graph.facebook.com", {kFb}, kReset)},
       true,
       true,
       false,
       nullptr,
       true,
       false,
       Method::dns,
       0.8,
       "TCP connects"},
      {"NXDOMAIN",
       {stun, fb("b_api", "b-api.facebook.com", {kFb}), nx},
       true,
       false,
       true,
       true,
       false,
       nullptr,
       Method::dns,
       0.7,
       "the lookup of Facebook"},
      {"no ASN database: DNS not judged",
       {fb("b_api", "b-api.facebook.com", {kUnknown}),
        fb("b_graph", "b-graph.facebook.com", {kUnknown})},
       false,
       false,
       nullptr,
       true,
       nullptr,
       true,
       Method::none,
       0.5,
       "was not judged"},
      {"no ASN database, but a connect fails",
       {fb("b_api", "b-api.facebook.com", {kUnknown}),
        fb("b_graph", "b-graph.facebook.com", {kUnknown}, kTimeout)},
       false,
       true,
       nullptr,
       true,
       nullptr,
       false,
       Method::tcp_ip,
       0.8,
       "TCP connects"},
  };
  for (const auto& r : rows) {
    auto a = analyze_facebook_messenger(r.outcomes);
    EXPECT_EQ(a.keys.at("facebook_dns_blocking").as_bool(), r.dns_blocking) << r.name;
    EXPECT_EQ(a.keys.at("facebook_tcp_blocking").as_bool(), r.tcp_blocking) << r.name;
    EXPECT_EQ(a.keys.at("facebook_b_api_dns_consistent"), r.b_api_consistent) << r.name;
    EXPECT_EQ(a.keys.at("facebook_b_api_reachable"), r.b_api_reachable) << r.name;
    EXPECT_EQ(a.keys.at("facebook_b_graph_dns_consistent"), r.b_graph_consistent) << r.name;
    EXPECT_EQ(a.keys.at("facebook_b_graph_reachable"), r.b_graph_reachable) << r.name;
    EXPECT_EQ(a.verdict.method, r.method) << r.name;
    EXPECT_DOUBLE_EQ(a.verdict.confidence, r.confidence) << r.name;
    EXPECT_TRUE(evidence_has(a.verdict, r.evidence_part))
        << r.name << ": no evidence line has '" << r.evidence_part << "'";
  }
  // A lookup-only service has a _dns_consistent key and no _reachable key (as OONI's stun).
  auto a = analyze_facebook_messenger({stun});
  EXPECT_TRUE(a.keys.at("facebook_stun_dns_consistent").as_bool());
  EXPECT_FALSE(a.keys.contains("facebook_stun_reachable"));
  EXPECT_EQ(a.verdict.method, Method::unknown);
  // A bogon answer is inconsistent whatever the database says.
  auto bogon = fb("b_api", "b-api.facebook.com", {{"127.0.0.1", 32934}});
  bogon.addresses.front().bogon = true;
  EXPECT_EQ(analyze_facebook_messenger({bogon}).verdict.method, Method::dns);
}

// --- the engine on loopback ---------------------------------------------------------------------

// An HTTP server answering every request, a TLS one for "localhost", and a closed port.
struct LoopbackServices {
  testing::TestCa ca;
  std::shared_ptr<boost::asio::ssl::context> ctx =
      testing::TestCa::server_context(ca.issue({"localhost"}));
  testing::TcpServer http{testing::serve_page(405, "not allowed")};
  testing::TcpServer https{testing::serve_tls_page(ctx, 200, "web client")};

  ReachabilityConfig config() {
    ReachabilityConfig c;
    c.resolver = net::make_resolver("system", {}).value();
    c.dialer = std::make_shared<net::TcpDialer>();
    c.trust = net::TrustStore::from_ca_file(ca.root_file()).value();
    c.dial_loopback = true;
    c.timeouts.connect = 1000ms;
    c.timeouts.tls = 1000ms;
    c.timeouts.http = 1000ms;
    return c;
  }

  std::string list_text() {
    return std::string(kHeader) + "dc,dc1,127.0.0.1," + std::to_string(http.port()) +
           ",http,POST,/\n"
           "dc,dc2,127.0.0.1,1,http,POST,/\n"
           "web,web,localhost," +
           std::to_string(https.port()) + ",https,GET,/\n";
  }
};

TEST(Reachability, MeasuresAListOnLoopback) {
  LoopbackServices services;
  auto list = parse_endpoint_list(services.list_text(), "lo.csv").value();
  core::MeasurementClock clock;
  auto config = services.config();
  auto run = testing::run_coro(measure_endpoints(list, config, clock));
  ASSERT_EQ(run.outcomes.size(), 3u);
  EXPECT_TRUE(run.outcomes[0].ok()) << run.outcomes[0].describe();
  EXPECT_EQ(run.outcomes[0].attempts.back().status_code, 405);  // any answer is an answer
  EXPECT_FALSE(run.outcomes[1].ok());
  EXPECT_EQ(run.outcomes[1].failed_operation, Operation::connect);
  EXPECT_EQ(run.outcomes[1].failure->kind(), FailureKind::connection_refused);
  EXPECT_TRUE(run.outcomes[2].ok()) << run.outcomes[2].describe();
  EXPECT_TRUE(run.outcomes[2].resolved);

  const auto& keys = run.records;
  EXPECT_GE(keys.at("tcp_connect").as_array().size(), 3u);
  EXPECT_GE(keys.at("tls_handshakes").as_array().size(), 1u);
  EXPECT_GE(keys.at("queries").as_array().size(), 1u);
  // Three requests: two answered, one recorded with the failed connect.
  ASSERT_EQ(keys.at("requests").as_array().size(), 3u);
  int failed_requests = 0;
  for (const auto& r : keys.at("requests").as_array()) {
    failed_requests += r.at("failure").is_null() ? 0 : 1;
    if (r.at("request").at("url").as_string().starts_with("http://127.0.0.1:")) {
      EXPECT_EQ(r.at("request").at("method").as_string(), "POST");
    }
  }
  EXPECT_EQ(failed_requests, 1);

  auto analysis = analyze_telegram(run.outcomes);
  EXPECT_FALSE(analysis.keys.at("telegram_tcp_blocking").as_bool());
  EXPECT_EQ(analysis.keys.at("telegram_web_status").as_string(), "ok");
  EXPECT_EQ(analysis.verdict.method, Method::none);
}

TEST(Reachability, AnUntrustedCertificateFailsTheHandshake) {
  LoopbackServices services;
  testing::TestCa other("another root");
  auto list = parse_endpoint_list(services.list_text(), "lo.csv").value();
  auto config = services.config();
  config.trust = net::TrustStore::from_ca_file(other.root_file()).value();
  core::MeasurementClock clock;
  auto run = testing::run_coro(measure_endpoints(list, config, clock));
  EXPECT_EQ(run.outcomes[2].failed_operation, Operation::tls_handshake);
  EXPECT_EQ(run.outcomes[2].failure->kind(), FailureKind::ssl_unknown_authority);
  auto analysis = analyze_telegram(run.outcomes);
  EXPECT_EQ(analysis.keys.at("telegram_web_status").as_string(), "blocked");
  EXPECT_EQ(analysis.keys.at("telegram_web_failure").as_string(), "ssl_unknown_authority");
}

// The whole measurement: envelope, null input, OONI's keys, the verdict, the list it used.
TEST(Reachability, MeasurementEnvelope) {
  LoopbackServices services;
  auto list = parse_endpoint_list(services.list_text(), "lo.csv").value();
  AppExperiment app{
      "telegram", "0.3.1", "messaging/telegram.csv", {"dc", "web"}, &analyze_telegram};
  auto result = testing::run_coro(measure_app(app, list, services.config(), EnvelopeInfo{}));
  ASSERT_TRUE(result.ok());
  const auto& m = result.value();
  EXPECT_EQ(m.at("test_name").as_string(), "telegram");
  EXPECT_TRUE(m.at("input").is_null());
  const auto& tk = m.at("test_keys").as_object();
  EXPECT_EQ(tk.at("x_endpoint_list").as_string(), "lo.csv");
  EXPECT_EQ(tk.at("x_ashyq_verdict").at("method").as_string(), "none");
  EXPECT_TRUE(tk.contains("telegram_http_blocking"));
  EXPECT_EQ(tk.at("agent").as_string(), "redirect");
}

}  // namespace
}  // namespace ashyq::experiments
