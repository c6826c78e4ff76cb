// The censor's decisions on forged packets: no root, no sockets.
#include "lab/censor_engine.hpp"

#include <gtest/gtest.h>

#include "lab/client_hello_fixture.hpp"
#include "lab/dns_question.hpp"
#include "lab/packet.hpp"
#include "net/dns_message.hpp"

namespace ashyq::lab {
namespace {

const uint32_t kClient = *ipv4_from_string("10.77.1.2");
const uint32_t kServer = *ipv4_from_string("10.77.10.1");
const uint32_t kResolver = *ipv4_from_string("10.77.53.1");

Rule rule(Action action) {
  Rule r;
  r.name = "test";
  r.action = action;
  return r;
}

struct Harness {
  explicit Harness(std::vector<Rule> rules, NetworkConditions net = {})
      : engine(make(rules, net)) {}
  static CensorConfig make(std::vector<Rule> rules, NetworkConditions net) {
    CensorConfig c;
    c.rules = std::move(rules);
    c.network = net;
    c.blockpage_body = "blocked ashyq-lab-blockpage";
    return c;
  }
  CensorVerdict up(uint32_t seq, uint8_t flags, const std::string& payload = "",
                   uint16_t port = 443) {
    return engine.on_packet(build_tcp(kClient, kServer, 40000, port, seq, 5000, flags, payload),
                            now);
  }
  CensorVerdict down(uint8_t flags, uint16_t port = 443) {
    return engine.on_packet(build_tcp(kServer, kClient, port, 40000, 5000, 101, flags), now);
  }
  CensorEngine engine;
  CensorClock::time_point now = CensorClock::now();
};

TEST(CensorEngine, SniBlackholeDropsHelloAndTheRestOfTheFlowOnly) {
  auto r = rule(Action::kDrop);
  r.snis = {"blocked.example"};
  Harness h({r});
  EXPECT_TRUE(h.up(100, tcp_flags::kSyn).accept);
  EXPECT_TRUE(h.down(tcp_flags::kSyn | tcp_flags::kAck).accept);
  auto v = h.up(101, tcp_flags::kAck | tcp_flags::kPsh,
                testing::tiny_client_hello("www.blocked.example"));
  EXPECT_FALSE(v.accept);
  EXPECT_TRUE(v.inject.empty());                 // no RST, no ICMP
  EXPECT_FALSE(h.down(tcp_flags::kAck).accept);  // both directions stay blackholed
  h.now += std::chrono::seconds(30);
  EXPECT_FALSE(h.up(101, tcp_flags::kAck).accept);
  h.now += std::chrono::seconds(61);
  EXPECT_TRUE(h.up(101, tcp_flags::kAck).accept);  // 90 s later the blackhole ends
}

// A passing fault: a rule with max_hits fires on that many flows, then lets the next through
// (the lab's way to show that a failure which does not repeat is not called blocking).
TEST(CensorEngine, ARuleWithMaxHitsFiresThatManyTimesOnly) {
  auto r = rule(Action::kDrop);
  r.snis = {"flaky.example"};
  r.max_hits = 2;
  Harness h({r});
  std::vector<bool> accepted;
  for (uint16_t sport = 41000; sport < 41003; ++sport) {
    h.engine.on_packet(build_tcp(kClient, kServer, sport, 443, 100, 0, tcp_flags::kSyn), h.now);
    auto v = h.engine.on_packet(
        build_tcp(kClient, kServer, sport, 443, 101, 5000, tcp_flags::kAck | tcp_flags::kPsh,
                  testing::tiny_client_hello("flaky.example")),
        h.now);
    accepted.push_back(v.accept);
  }
  EXPECT_EQ(accepted, (std::vector<bool>{false, false, true}));
}

TEST(CensorEngine, OtherSniPasses) {
  auto r = rule(Action::kDrop);
  r.snis = {"blocked.example"};
  Harness h({r});
  EXPECT_TRUE(h.up(101, tcp_flags::kAck, testing::tiny_client_hello("notblocked.example")).accept);
}

TEST(CensorEngine, SplitHelloEvadesFirstSegmentInspectionButNotReassembly) {
  auto hello = testing::tiny_client_hello("blocked.example");
  for (bool reassemble : {false, true}) {
    auto r = rule(Action::kDrop);
    r.snis = {"blocked.example"};
    r.reassemble = reassemble;
    Harness h({r});
    EXPECT_TRUE(h.up(101, tcp_flags::kAck, hello.substr(0, 30)).accept);
    auto v = h.up(131, tcp_flags::kAck, hello.substr(30));
    EXPECT_EQ(v.accept, !reassemble) << "reassemble=" << reassemble;
  }
}

TEST(CensorEngine, SniResetInjectsRstWithTheRightSequenceNumbers) {
  auto r = rule(Action::kReset);
  r.snis = {"blocked.example"};
  Harness h({r});
  auto hello = testing::tiny_client_hello("blocked.example");
  auto v = h.up(101, tcp_flags::kAck | tcp_flags::kPsh, hello);
  EXPECT_FALSE(v.accept);
  ASSERT_EQ(v.inject.size(), 1u);
  auto rst = parse_ipv4(v.inject[0]);
  ASSERT_TRUE(rst);
  EXPECT_EQ(rst->src, kServer);
  EXPECT_EQ(rst->dst, kClient);
  EXPECT_EQ(rst->sport, 443);
  EXPECT_EQ(rst->dport, 40000);
  EXPECT_EQ(rst->seq, 5000u);                // what the client acknowledged
  EXPECT_EQ(rst->ack, 101u + hello.size());  // everything the client sent
  EXPECT_TRUE(rst->flags & tcp_flags::kRst);
}

TEST(CensorEngine, ResetOnSynLooksLikeRefused) {
  auto r = rule(Action::kReset);
  r.ips = {"10.77.10.1"};
  Harness h({r});
  auto v = h.up(100, tcp_flags::kSyn, "", 80);
  EXPECT_FALSE(v.accept);
  ASSERT_EQ(v.inject.size(), 1u);
  auto rst = parse_ipv4(v.inject[0]);
  EXPECT_EQ(rst->ack, 101u);
  EXPECT_EQ(rst->flags, tcp_flags::kRst | tcp_flags::kAck);
}

TEST(CensorEngine, HttpBlockpageInjectedAsTheServer) {
  auto r = rule(Action::kHttpBlockpage);
  r.hosts = {"blog.example"};
  Harness h({r});
  std::string req = "GET / HTTP/1.1\r\nHost: blog.example\r\n\r\n";
  auto v = h.up(101, tcp_flags::kAck | tcp_flags::kPsh, req, 80);
  EXPECT_FALSE(v.accept);
  ASSERT_EQ(v.inject.size(), 2u);
  auto page = parse_ipv4(v.inject[0]);
  EXPECT_EQ(page->src, kServer);
  EXPECT_EQ(page->seq, 5000u);
  EXPECT_EQ(page->ack, 101u + req.size());
  EXPECT_NE(std::string(page->payload).find("ashyq-lab-blockpage"), std::string::npos);
  EXPECT_EQ(parse_ipv4(v.inject[1])->dst, kServer);  // the server side is reset
}

// OONI's QA cases redirectWithConsistentDNSAndThenEOF*: the censor closes the connection as if
// the server had (a FIN), so the client reads the end of the stream, not a reset.
TEST(CensorEngine, CloseInjectsAFinAsTheServerAndResetsTheServerSide) {
  auto r = rule(Action::kClose);
  r.snis = {"blocked.example"};
  Harness h({r});
  auto hello = testing::tiny_client_hello("blocked.example");
  auto v = h.up(101, tcp_flags::kAck | tcp_flags::kPsh, hello);
  EXPECT_FALSE(v.accept);
  ASSERT_EQ(v.inject.size(), 2u);
  auto fin = parse_ipv4(v.inject[0]);
  ASSERT_TRUE(fin);
  EXPECT_EQ(fin->src, kServer);
  EXPECT_EQ(fin->dst, kClient);
  EXPECT_EQ(fin->seq, 5000u);
  EXPECT_EQ(fin->ack, 101u + hello.size());
  EXPECT_EQ(fin->flags, tcp_flags::kFin | tcp_flags::kAck);
  EXPECT_TRUE(fin->payload.empty());
  auto rst = parse_ipv4(v.inject[1]);
  EXPECT_EQ(rst->dst, kServer);
  EXPECT_TRUE(rst->flags & tcp_flags::kRst);
  // The rest of the flow is blackholed: the server's answer never reaches the client.
  EXPECT_FALSE(h.down(tcp_flags::kAck).accept);
}

// "Answer then silence" (issue 17): the ClientHello passes, so does the server's first data
// segment; the next one starts a blackhole.
TEST(CensorEngine, StallPassesTheFirstServerSegmentThenBlackholes) {
  auto r = rule(Action::kStall);
  r.snis = {"stalled.example"};
  Harness h({r});
  auto hello = testing::tiny_client_hello("stalled.example");
  auto v = h.up(101, tcp_flags::kAck | tcp_flags::kPsh, hello);
  EXPECT_TRUE(v.accept);
  EXPECT_TRUE(v.inject.empty());
  EXPECT_TRUE(h.down(tcp_flags::kAck).accept);  // an empty ACK is not an answer
  auto first = build_tcp(kServer, kClient, 443, 40000, 5000, 101 + hello.size(),
                         tcp_flags::kAck | tcp_flags::kPsh, std::string(500, 'x'));
  EXPECT_TRUE(h.engine.on_packet(first, h.now).accept);
  auto second = build_tcp(kServer, kClient, 443, 40000, 5500, 101 + hello.size(),
                          tcp_flags::kAck | tcp_flags::kPsh, std::string(500, 'y'));
  EXPECT_FALSE(h.engine.on_packet(second, h.now).accept);
  EXPECT_FALSE(h.up(101 + hello.size(), tcp_flags::kAck).accept);  // both directions now
}

TEST(CensorEngine, DnsNxdomainAndRace) {
  auto query = *net::encode_dns_query(99, "www.news.example", net::DnsType::A);
  auto packet = build_udp(kClient, kResolver, 5353, 53, query);
  for (auto action : {Action::kDnsNxdomain, Action::kDnsInject}) {
    auto r = rule(action);
    r.dns_names = {"news.example"};
    r.answer = "10.77.99.1";
    Harness h({r});
    auto v = h.engine.on_packet(packet, h.now);
    EXPECT_EQ(v.accept, action == Action::kDnsInject);
    ASSERT_EQ(v.inject.size(), 1u);
    auto forged = parse_ipv4(v.inject[0]);
    EXPECT_EQ(forged->src, kResolver);
    EXPECT_EQ(forged->sport, 53);
    EXPECT_EQ(forged->dport, 5353);
    auto reply = net::parse_dns_message(forged->payload);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->id, 99);
    if (action == Action::kDnsNxdomain) {
      EXPECT_EQ(reply->rcode, 3);
    } else {
      ASSERT_EQ(reply->answers.size(), 1u);
      EXPECT_EQ(reply->answers[0].value, "10.77.99.1");
    }
  }
}

TEST(CensorEngine, LatencyHoldsHalfTheRttEachWayInOrder) {
  NetworkConditions net;
  net.rtt_ms = 200;
  Harness h({}, net);
  auto a = h.up(100, tcp_flags::kSyn);
  EXPECT_TRUE(a.accept);
  EXPECT_EQ(a.hold, std::chrono::milliseconds(100));
  auto b = h.down(tcp_flags::kSyn | tcp_flags::kAck);
  EXPECT_EQ(b.hold, std::chrono::milliseconds(100));
}

TEST(CensorEngine, ThrottleMarksBothDirections) {
  auto r = rule(Action::kThrottle);
  r.snis = {"slow.example"};
  r.rate_kbit = 64;
  Harness h({r});
  EXPECT_EQ(h.up(100, tcp_flags::kSyn).mark, 0u);
  auto v = h.up(101, tcp_flags::kAck, testing::tiny_client_hello("slow.example"));
  EXPECT_TRUE(v.accept);
  EXPECT_EQ(v.mark, throttle_mark(0));
  EXPECT_EQ(h.down(tcp_flags::kAck).mark, throttle_mark(0));
}

// Rules naming an ISP apply to its clients' subnet only; the others pass.
TEST(CensorEngine, IspRulesApplyToThatIspsClientsOnly) {
  auto r = rule(Action::kDrop);
  r.isps = {"mobile"};
  r.protocol = "tcp";
  CensorConfig c;
  c.rules = {r};
  c.clients = {ClientNet{"kaztelecom", *ipv4_from_string("10.77.1.0")},
               ClientNet{"mobile", *ipv4_from_string("10.77.4.0")}};
  CensorEngine engine(c);
  auto now = CensorClock::now();
  const uint32_t fixed = *ipv4_from_string("10.77.1.2"), mobile = *ipv4_from_string("10.77.4.2");
  EXPECT_TRUE(
      engine.on_packet(build_tcp(fixed, kServer, 40000, 443, 100, 0, tcp_flags::kSyn), now).accept);
  auto v = engine.on_packet(build_tcp(mobile, kServer, 40000, 443, 100, 0, tcp_flags::kSyn), now);
  EXPECT_FALSE(v.accept);
  EXPECT_TRUE(v.inject.empty());  // a blackhole: no RST
  // The server's answer to the mobile client is recognised as the same flow (blackholed).
  EXPECT_FALSE(
      engine.on_packet(build_tcp(kServer, mobile, 443, 40000, 7, 101, tcp_flags::kAck), now)
          .accept);
  // UDP (DNS) of the mobile client is not matched by a tcp rule.
  auto query = *net::encode_dns_query(7, "a.example", net::DnsType::A);
  EXPECT_TRUE(engine.on_packet(build_udp(mobile, kResolver, 5353, 53, query), now).accept);
}

// Allow rules are holes: once one matched, no later rule applies to the flow or query.
TEST(CensorEngine, AllowRulesAreHolesInABlackout) {
  auto dns_hole = rule(Action::kAllow);
  dns_hole.protocol = "udp";
  dns_hole.port = 53;
  auto site_hole = rule(Action::kAllow);
  site_hole.ips = {"10.77.10.1"};
  auto all_tcp = rule(Action::kDrop);
  all_tcp.protocol = "tcp";
  auto all_udp = rule(Action::kDrop);
  all_udp.protocol = "udp";
  auto hello = rule(Action::kReset);
  hello.snis = {"a.example"};
  Harness h({dns_hole, site_hole, all_tcp, all_udp, hello});
  EXPECT_TRUE(h.up(100, tcp_flags::kSyn).accept);
  EXPECT_TRUE(h.up(101, tcp_flags::kAck, testing::tiny_client_hello("a.example"))
                  .accept);  // no content rule
  const uint32_t other = *ipv4_from_string("10.77.10.2");
  EXPECT_FALSE(
      h.engine.on_packet(build_tcp(kClient, other, 40001, 443, 1, 0, tcp_flags::kSyn), h.now)
          .accept);
  auto query = *net::encode_dns_query(7, "a.example", net::DnsType::A);
  EXPECT_TRUE(h.engine.on_packet(build_udp(kClient, kResolver, 5353, 53, query), h.now).accept);
  EXPECT_FALSE(
      h.engine.on_packet(build_udp(kClient, other, 5353, 123, std::string("ntp")), h.now).accept);
}

TEST(CensorEngine, HttpRedirectInjectsA302) {
  auto r = rule(Action::kHttpRedirect);
  r.hosts = {"facebook.com"};
  r.location = "http://qca.kz/";
  Harness h({r});
  std::string req = "GET / HTTP/1.1\r\nHost: www.facebook.com\r\n\r\n";
  auto v = h.up(101, tcp_flags::kAck | tcp_flags::kPsh, req, 80);
  EXPECT_FALSE(v.accept);
  ASSERT_EQ(v.inject.size(), 2u);
  auto page = parse_ipv4(v.inject[0]);
  EXPECT_EQ(page->src, kServer);
  EXPECT_EQ(page->ack, 101u + req.size());
  std::string payload(page->payload);
  EXPECT_EQ(payload.rfind("HTTP/1.1 302 Found\r\nLocation: http://qca.kz/\r\n", 0), 0u) << payload;
}

}  // namespace
}  // namespace ashyq::lab
