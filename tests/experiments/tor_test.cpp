// tor: the targets file, the VERSIONS cell, the counters and the verdict as tables, and a
// loopback run against a fake relay (TLS + VERSIONS), a dir port, a TLS server that is not a
// relay and a closed port.
#include "experiments/tor.hpp"

#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <fstream>

#include "experiments/experiment_settings.hpp"
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

// --- the targets file -------------------------------------------------------------------------

TEST(TorTargets, ParsesRowsAndSkipsComments) {
  auto r = parse_tor_targets(
      "# a comment\nname,address,protocol,source\n\nmoria1,128.31.0.39:9201,or_port_dirauth,x\n"
      "# another\nmoria1, 128.31.0.39:9231 ,dir_port,x\nB1,[2001:db8::1]:443,obfs4,y\n",
      "t.csv");
  ASSERT_TRUE(r) << r.error().message();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].name, "moria1");
  EXPECT_EQ((*r)[0].protocol, TorProtocol::or_port_dirauth);
  EXPECT_EQ((*r)[1].address, "128.31.0.39:9231");
  EXPECT_EQ((*r)[1].protocol, TorProtocol::dir_port);
  EXPECT_EQ((*r)[2].address, "[2001:db8::1]:443");
  EXPECT_EQ((*r)[2].source, "y");
}

TEST(TorTargets, ErrorsNameFileAndLine) {
  struct Row {
    const char* name;
    const char* text;
    const char* message_part;
  };
  const Row rows[] = {
      {"bad header", "# c\nname,addr,protocol,source\n", "t.csv:2: the header"},
      {"bad protocol", "name,address,protocol,source\na,1.2.3.4:1,meek,s\n",
       "t.csv:2: protocol 'meek'"},
      {"host name instead of IP",
       "# c\n\nname,address,protocol,source\na,tor.example:443,obfs4,s\n",
       "t.csv:4: address 'tor.example:443'"},
      {"missing port", "name,address,protocol,source\na,1.2.3.4,obfs4,s\n", "t.csv:2: address"},
      {"too few fields", "name,address,protocol,source\na,1.2.3.4:1,obfs4\n",
       "t.csv:2: expected 4 fields"},
      {"duplicate", "name,address,protocol,source\na,1.2.3.4:1,obfs4,s\nb,1.2.3.4:1,obfs4,s\n",
       "t.csv:3: address 1.2.3.4:1 already listed on line 2"},
      {"no rows", "name,address,protocol,source\n", "t.csv: no targets"},
      {"empty", "# only a comment\n", "t.csv: empty"},
  };
  for (const auto& row : rows) {
    auto r = parse_tor_targets(row.text, "t.csv");
    ASSERT_FALSE(r) << row.name;
    EXPECT_NE(r.error().message().find(row.message_part), std::string::npos)
        << row.name << ": " << r.error().message();
  }
}

TEST(TorTargets, ShippedFileLoads) {
  auto r = load_tor_targets(std::string(ASHYQ_TEST_SOURCE_DIR) + "/data/tor/targets.csv");
  ASSERT_TRUE(r) << r.error().message();
  std::size_t dirauth = 0, dir = 0, obfs4 = 0;
  for (const auto& t : *r) {
    dirauth += t.protocol == TorProtocol::or_port_dirauth;
    dir += t.protocol == TorProtocol::dir_port;
    obfs4 += t.protocol == TorProtocol::obfs4;
  }
  EXPECT_EQ(dirauth, 9u);
  EXPECT_EQ(dir, 9u);
  EXPECT_EQ(obfs4, 11u);
}

TEST(TorTargets, MissingFileIsAnError) {
  auto r = load_tor_targets("/nonexistent/tor.csv");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("/nonexistent/tor.csv"), std::string::npos);
}

// --- the VERSIONS cell --------------------------------------------------------------------------

TEST(TorVersions, CellBytes) {
  EXPECT_EQ(tor_versions_cell(), std::string("\0\0\x07\0\x06\0\x03\0\x04\0\x05", 11));
}

TEST(TorVersions, Replies) {
  using S = TorVersionsReply::Status;
  struct Row {
    const char* name;
    std::string bytes;
    S status;
    std::vector<uint16_t> versions;
  };
  const Row rows[] = {
      {"nothing yet", "", S::need_more, {}},
      {"header only", std::string("\0\0\x07\0\x04", 5), S::need_more, {}},
      {"versions 3 4", std::string("\0\0\x07\0\x04\0\x03\0\x04", 9), S::ok, {3, 4}},
      {"with the CERTS cell behind it",
       std::string("\0\0\x07\0\x02\0\x05\0\0\x81", 10),
       S::ok,
       {5}},
      {"an HTTP answer", "HTTP/1.1 400 Bad Request\r\n", S::not_versions, {}},
      {"another command", std::string("\0\0\x81", 3), S::not_versions, {}},
      {"odd length", std::string("\0\0\x07\0\x03", 5), S::not_versions, {}},
      {"only old versions", std::string("\0\0\x07\0\x04\0\x01\0\x02", 9), S::not_versions, {}},
  };
  for (const auto& row : rows) {
    auto r = parse_tor_versions_reply(row.bytes);
    EXPECT_EQ(r.status, row.status) << row.name;
    if (row.status == S::ok)
      EXPECT_EQ(r.versions, row.versions) << row.name;
  }
}

// --- counters and verdict -----------------------------------------------------------------------

TorTargetOutcome ok(TorProtocol p, const std::string& name) {
  TorTargetOutcome o;
  o.name = name;
  o.address = name + ":1";
  o.protocol = p;
  o.handshake_attempted = p != TorProtocol::obfs4;
  o.or_attempted = p == TorProtocol::or_port || p == TorProtocol::or_port_dirauth;
  return o;
}
TorTargetOutcome tcp_fail(TorProtocol p, const std::string& name,
                          FailureKind k = FailureKind::generic_timeout_error) {
  TorTargetOutcome o;
  o.name = name;
  o.address = name + ":1";
  o.protocol = p;
  o.connect_failure = Failure(k);
  return o;
}
TorTargetOutcome tls_fail(TorProtocol p, const std::string& name) {
  auto o = ok(p, name);
  o.handshake_failure = Failure(FailureKind::connection_reset);
  o.or_attempted = false;
  return o;
}
TorTargetOutcome or_fail(TorProtocol p, const std::string& name) {
  auto o = ok(p, name);
  o.or_failure = Failure(FailureKind::generic_timeout_error);
  return o;
}

// n authorities: the first `tcp` fail at connect, the next `tls` at TLS, the rest are fine.
std::vector<TorTargetOutcome> authorities(int n, int tcp, int tls = 0) {
  std::vector<TorTargetOutcome> v;
  for (int i = 0; i < n; ++i) {
    const std::string name = "auth" + std::to_string(i);
    if (i < tcp)
      v.push_back(tcp_fail(TorProtocol::or_port_dirauth, name));
    else if (i < tcp + tls)
      v.push_back(tls_fail(TorProtocol::or_port_dirauth, name));
    else
      v.push_back(ok(TorProtocol::or_port_dirauth, name));
  }
  return v;
}

std::vector<TorTargetOutcome> plus(std::vector<TorTargetOutcome> a,
                                   const std::vector<TorTargetOutcome>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST(TorAnalysis, CountersAsOoni) {
  std::vector<TorTargetOutcome> v = {
      ok(TorProtocol::or_port_dirauth, "a"),
      tls_fail(TorProtocol::or_port_dirauth, "b"),
      or_fail(TorProtocol::or_port_dirauth, "c"),  // TLS worked: accessible as OONI counts
      ok(TorProtocol::dir_port, "d"),
      tcp_fail(TorProtocol::dir_port, "e"),
      ok(TorProtocol::obfs4, "f"),
      tcp_fail(TorProtocol::obfs4, "g"),
      ok(TorProtocol::or_port, "h"),
  };
  auto c = tor_counters(v);
  EXPECT_EQ(c.at("or_port_dirauth_total").as_int64(), 3);
  EXPECT_EQ(c.at("or_port_dirauth_accessible").as_int64(), 2);
  EXPECT_EQ(c.at("dir_port_total").as_int64(), 2);
  EXPECT_EQ(c.at("dir_port_accessible").as_int64(), 1);
  EXPECT_EQ(c.at("obfs4_total").as_int64(), 2);
  EXPECT_EQ(c.at("obfs4_accessible").as_int64(), 1);
  EXPECT_EQ(c.at("or_port_total").as_int64(), 1);
  EXPECT_EQ(c.at("or_port_accessible").as_int64(), 1);
  EXPECT_FALSE(tor_target_usable(v[2]));
}

TEST(TorAnalysis, VerdictTable) {
  std::vector<TorTargetOutcome> bridges_ok = {
      ok(TorProtocol::obfs4, "b1"), ok(TorProtocol::obfs4, "b2"), ok(TorProtocol::obfs4, "b3")};
  std::vector<TorTargetOutcome> bridges_down = {tcp_fail(TorProtocol::obfs4, "b1"),
                                                tcp_fail(TorProtocol::obfs4, "b2"),
                                                tcp_fail(TorProtocol::obfs4, "b3")};
  std::vector<TorTargetOutcome> or_blocked;
  for (int i = 0; i < 9; ++i)
    or_blocked.push_back(or_fail(TorProtocol::or_port_dirauth, "a" + std::to_string(i)));
  struct Row {
    const char* name;
    std::vector<TorTargetOutcome> outcomes;
    Method method;
    double confidence;
    const char* evidence_part;
  };
  const Row rows[] = {
      {"all reachable", plus(authorities(9, 0), bridges_ok), Method::none, 0.9,
       "9 of 9 targets reachable"},
      {"one authority down is normal", plus(authorities(9, 1), bridges_ok), Method::none, 0.9,
       "relays go down"},
      {"three of nine down: still reachable, less sure", authorities(9, 3), Method::none, 0.7,
       "6 of 9"},
      {"all authorities dropped, bridges fine", plus(authorities(9, 9), bridges_ok), Method::tcp_ip,
       0.85, "TCP connects to 9 of 9 directory authorities (OR port) failed"},
      {"eight of nine dropped: nearly all", plus(authorities(9, 8), bridges_ok), Method::tcp_ip,
       0.85, "8 of 9"},
      {"seven of nine dropped: not nearly all, not reachable", authorities(9, 7), Method::unknown,
       0.3, "too few to call it blocking"},
      {"nothing connects at all: maybe offline", plus(authorities(9, 9), bridges_down),
       Method::tcp_ip, 0.6, "an offline probe would look the same"},
      {"TLS reset after connect", plus(authorities(9, 0, 9), bridges_ok), Method::tls, 0.85,
       "9 of the 9 directory authorities (OR port) that accepted the TCP connection"},
      {"VERSIONS exchange blocked", or_blocked, Method::tls, 0.85, "failed the TLS/OR handshake"},
      {"half dropped, the other half reset at TLS: nothing usable", authorities(8, 4, 4),
       Method::tls, 0.85, "auth0 auth0:1 (generic_timeout_error)"},
      {"mixed: 4 dropped, 1 reset, 4 fine", authorities(9, 4, 1), Method::unknown, 0.3,
       "auth4 auth4:1 (TLS: connection_reset)"},
      {"authorities fine, bridges all dropped", plus(authorities(9, 0), bridges_down),
       Method::tcp_ip, 0.85, "obfs4 bridges (TCP only) failed"},
      {"a lone bridge down: small group",
       plus(authorities(9, 0), {tcp_fail(TorProtocol::obfs4, "b1")}), Method::tcp_ip, 0.7,
       "1 of 1 obfs4"},
      {"refused authorities name the failure", authorities(3, 3), Method::tcp_ip, 0.6,
       "auth2 auth2:1 (generic_timeout_error)"},
      {"no targets", {}, Method::unknown, 0, "no targets"},
      {"bridges only, reachable", bridges_ok, Method::none, 0.9, "targets are reachable"},
  };
  for (const auto& row : rows) {
    auto v = analyze_tor(row.outcomes);
    EXPECT_EQ(v.method, row.method) << row.name << ": " << analysis::to_string(v.method);
    EXPECT_NEAR(v.confidence, row.confidence, 1e-9) << row.name;
    std::string all;
    for (const auto& e : v.evidence)
      all += e + "\n";
    EXPECT_NE(all.find(row.evidence_part), std::string::npos) << row.name << ":\n" << all;
  }
}

// --- end to end on loopback ---------------------------------------------------------------------

// A fake relay: TLS (any certificate), then reads the client's VERSIONS cell and answers with
// its own (versions 3, 4, 5).
testing::TcpServer::Handler fake_relay(std::shared_ptr<boost::asio::ssl::context> ctx,
                                       bool answer_versions) {
  return [ctx, answer_versions](testing::tcp::socket s) -> boost::asio::awaitable<void> {
    namespace asio = boost::asio;
    testing::TlsServerStream tls(std::move(s), *ctx);
    auto [ec] = co_await tls.async_handshake(asio::ssl::stream_base::server,
                                             asio::as_tuple(asio::use_awaitable));
    if (ec)
      co_return;
    std::string cell(11, '\0');
    auto [rec, rn] =
        co_await asio::async_read(tls, asio::buffer(cell), asio::as_tuple(asio::use_awaitable));
    if (rec || cell != tor_versions_cell())
      co_return;
    if (!answer_versions) {
      const std::string page = "HTTP/1.1 400 Bad Request\r\n\r\n";
      co_await asio::async_write(tls, asio::buffer(page), asio::as_tuple(asio::use_awaitable));
      co_return;
    }
    const std::string reply("\0\0\x07\0\x06\0\x03\0\x04\0\x05", 11);
    co_await asio::async_write(tls, asio::buffer(reply), asio::as_tuple(asio::use_awaitable));
    co_await testing::sleep_for(200ms);
  };
}

struct FakeTor {
  testing::TestCa ca;
  std::shared_ptr<boost::asio::ssl::context> ctx =
      testing::TestCa::server_context(ca.issue({"www.relay.test"}));
  testing::TcpServer relay{fake_relay(ctx, true)};
  testing::TcpServer not_relay{fake_relay(ctx, false)};
  testing::TcpServer dir{testing::serve_page(200, "router relay 1.2.3.4 443 0 80\n")};

  TorConfig config(const std::vector<std::pair<std::string, TorProtocol>>& targets) {
    TorConfig c;
    c.dialer = std::make_shared<net::TcpDialer>();
    c.trust = net::TrustStore::system();  // the relay's certificate is not verified anyway
    c.dial_loopback = true;
    c.timeouts.connect = 1000ms;
    c.timeouts.tls = 1000ms;
    c.timeouts.http = 1000ms;
    c.concurrency = 2;
    for (const auto& [address, protocol] : targets) {
      TorTarget t;
      t.name = "t" + std::to_string(c.targets.size());
      t.address = address;
      t.endpoint = *net::parse_endpoint(address);
      t.protocol = protocol;
      t.source = "test";
      c.targets.push_back(t);
    }
    return c;
  }
};

json::object measure(const TorConfig& config) {
  EnvelopeInfo info;
  return testing::run_coro(measure_tor(config, info));
}

TEST(Tor, ReachableRelayDirAndBridgeOnLoopback) {
  FakeTor tor;
  auto m = measure(tor.config({{tor.relay.endpoint(), TorProtocol::or_port_dirauth},
                               {tor.dir.endpoint(), TorProtocol::dir_port},
                               {tor.not_relay.endpoint(), TorProtocol::obfs4}}));
  EXPECT_EQ(m.at("test_name").as_string(), "tor");
  EXPECT_TRUE(m.at("input").is_null());
  const auto& tk = m.at("test_keys").as_object();
  EXPECT_EQ(tk.at("or_port_dirauth_accessible").as_int64(), 1);
  EXPECT_EQ(tk.at("dir_port_accessible").as_int64(), 1);
  EXPECT_EQ(tk.at("obfs4_accessible").as_int64(), 1);
  const auto& relay = tk.at("targets").at(tor.relay.endpoint()).as_object();
  EXPECT_TRUE(relay.at("failure").is_null());
  EXPECT_EQ(relay.at("target_protocol").as_string(), "or_port_dirauth");
  EXPECT_EQ(relay.at("tls_handshakes").as_array().size(), 1u);
  EXPECT_TRUE(relay.at("x_or_handshake").at("failure").is_null());
  EXPECT_EQ(relay.at("x_or_handshake").at("versions").as_array().size(), 3u);
  EXPECT_TRUE(relay.at("summary").at("handshake").at("failure").is_null());
  const auto& dir = tk.at("targets").at(tor.dir.endpoint()).as_object();
  ASSERT_EQ(dir.at("requests").as_array().size(), 1u);
  EXPECT_EQ(dir.at("requests").at(0).at("request").at("url").as_string(),
            "http://" + tor.dir.endpoint() + "/tor/server/authority");
  EXPECT_EQ(tk.at("x_ashyq_verdict").at("method").as_string(), "none");
}

TEST(Tor, TlsServerThatIsNotARelayFailsTheOrHandshake) {
  FakeTor tor;
  auto m = measure(tor.config({{tor.not_relay.endpoint(), TorProtocol::or_port_dirauth}}));
  const auto& tk = m.at("test_keys").as_object();
  EXPECT_EQ(tk.at("or_port_dirauth_accessible").as_int64(), 1);  // TLS worked: OONI's count
  const auto& t = tk.at("targets").at(tor.not_relay.endpoint()).as_object();
  EXPECT_NE(std::string(t.at("x_or_handshake").at("failure").as_string()).find("not a Tor relay"),
            std::string::npos);
  EXPECT_EQ(tk.at("x_ashyq_verdict").at("method").as_string(), "tls");
}

TEST(Tor, DirPortErrorStatusIsAFailedRequest) {
  FakeTor tor;
  testing::TcpServer not_found{testing::serve_page(404, "not found")};
  auto m = measure(tor.config({{not_found.endpoint(), TorProtocol::dir_port},
                               {tor.dir.endpoint(), TorProtocol::dir_port}}));
  const auto& tk = m.at("test_keys").as_object();
  EXPECT_EQ(tk.at("dir_port_total").as_int64(), 2);
  EXPECT_EQ(tk.at("dir_port_accessible").as_int64(), 1);
  EXPECT_EQ(tk.at("targets").at(not_found.endpoint()).at("failure").as_string(),
            "http_request_failed");
}

TEST(Tor, OrHandshakeCanBeTurnedOff) {
  FakeTor tor;
  auto config = tor.config({{tor.not_relay.endpoint(), TorProtocol::or_port_dirauth}});
  config.or_handshake = false;
  auto m = measure(config);
  const auto& tk = m.at("test_keys").as_object();
  EXPECT_TRUE(tk.at("targets").at(tor.not_relay.endpoint()).at("x_or_handshake").is_null());
  EXPECT_EQ(tk.at("x_ashyq_verdict").at("method").as_string(), "none");
}

TEST(Tor, ClosedPortsAreTcpIp) {
  FakeTor tor;
  auto m = measure(tor.config({{"127.0.0.1:1", TorProtocol::or_port_dirauth},
                               {"127.0.0.1:2", TorProtocol::or_port_dirauth},
                               {"127.0.0.1:3", TorProtocol::or_port_dirauth},
                               {tor.relay.endpoint(), TorProtocol::obfs4}}));
  const auto& tk = m.at("test_keys").as_object();
  EXPECT_EQ(tk.at("or_port_dirauth_total").as_int64(), 3);
  EXPECT_EQ(tk.at("or_port_dirauth_accessible").as_int64(), 0);
  EXPECT_EQ(tk.at("targets").at("127.0.0.1:1").at("failure").as_string(), "connection_refused");
  EXPECT_EQ(tk.at("x_ashyq_verdict").at("method").as_string(), "tcp_ip");
}

TEST(Tor, EntryRejectsABadTargetsFileWithItsLine) {
  const std::string path = ::testing::TempDir() + "/tor-bad-targets.csv";
  {
    std::ofstream f(path);
    f << "name,address,protocol,source\nx,1.2.3.4:1,obfs4,s\ny,nowhere,obfs4,s\n";
  }
  ExperimentSettings settings;
  settings.options.values["targets"] = path;
  auto r = testing::run_coro(measure_tor_entry("", settings, EnvelopeInfo{}));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find(path + ":3: address 'nowhere'"), std::string::npos)
      << (r.ok() ? "" : r.error().message());
}

}  // namespace
}  // namespace ashyq::experiments
