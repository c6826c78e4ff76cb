// The censor's pure parsers on byte fixtures: TLS ClientHello SNI (whole, split, fragmented),
// HTTP Host, DNS question, IPv4 packets.
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <string>

#include "lab/client_hello_fixture.hpp"
#include "lab/dns_question.hpp"
#include "lab/http_host.hpp"
#include "lab/packet.hpp"
#include "lab/tls_client_hello.hpp"
#include "net/dns_message.hpp"

namespace ashyq::lab {
namespace {

// A real ClientHello from OpenSSL, written to a memory BIO.
std::string openssl_client_hello(const char* sni) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL* ssl = SSL_new(ctx);
  BIO* rbio = BIO_new(BIO_s_mem());
  BIO* wbio = BIO_new(BIO_s_mem());
  SSL_set_bio(ssl, rbio, wbio);
  if (sni)
    SSL_set_tlsext_host_name(ssl, sni);
  SSL_set_connect_state(ssl);
  SSL_do_handshake(ssl);
  char* data = nullptr;
  long n = BIO_get_mem_data(wbio, &data);
  std::string out(data, static_cast<std::size_t>(n));
  SSL_free(ssl);
  SSL_CTX_free(ctx);
  return out;
}

TEST(ClientHello, RealOpenSslHelloGivesTheSni) {
  auto hello = openssl_client_hello("Blocked.Example.KZ");
  auto info = parse_client_hello(hello);
  EXPECT_EQ(info.status, ParseStatus::kDone);
  ASSERT_TRUE(info.sni);
  EXPECT_EQ(*info.sni, "blocked.example.kz");
}

TEST(ClientHello, HelloWithoutSni) {
  auto info = parse_client_hello(openssl_client_hello(nullptr));
  EXPECT_EQ(info.status, ParseStatus::kDone);
  EXPECT_FALSE(info.sni);
}

TEST(ClientHello, EveryPrefixNeedsMoreAndTheWholeIsDone) {
  auto hello = testing::tiny_client_hello("a.example");
  for (std::size_t cut = 1; cut < hello.size(); ++cut) {
    EXPECT_EQ(parse_client_hello(hello.substr(0, cut)).status, ParseStatus::kNeedMore) << cut;
  }
  auto info = parse_client_hello(hello);
  EXPECT_EQ(info.status, ParseStatus::kDone);
  EXPECT_EQ(info.sni.value_or(""), "a.example");
}

TEST(ClientHello, HandshakeFragmentedOverTwoRecords) {
  auto hello = testing::tiny_client_hello("frag.example");
  std::string hs = hello.substr(5);
  auto rec = [](const std::string& frag) {
    return std::string("\x16\x03\x01", 3) + char(frag.size() >> 8) + char(frag.size() & 0xff) +
           frag;
  };
  auto two = rec(hs.substr(0, 20)) + rec(hs.substr(20));
  auto info = parse_client_hello(two);
  EXPECT_EQ(info.status, ParseStatus::kDone);
  EXPECT_EQ(info.sni.value_or(""), "frag.example");
}

TEST(ClientHello, NotTls) {
  EXPECT_EQ(parse_client_hello("GET / HTTP/1.1\r\n").status, ParseStatus::kNotMatched);
  EXPECT_EQ(parse_client_hello(std::string("\x17\x03\x03\x00\x10", 5)).status,
            ParseStatus::kNotMatched);
  EXPECT_EQ(parse_client_hello(std::string("\x16\x03\x01\x00\x00", 5)).status,
            ParseStatus::kNotMatched);
}

TEST(ClientHello, GarbageNeverCrashes) {
  std::string junk = testing::tiny_client_hello("x.example");
  for (std::size_t i = 5; i < junk.size(); ++i) {
    auto copy = junk;
    copy[i] = static_cast<char>(0xff);
    (void)parse_client_hello(copy);
  }
}

TEST(NameMatches, ExactSubdomainAndLookAlike) {
  EXPECT_TRUE(name_matches("example.com", "example.com"));
  EXPECT_TRUE(name_matches("a.b.Example.com.", "example.com"));
  EXPECT_FALSE(name_matches("badexample.com", "example.com"));
  EXPECT_FALSE(name_matches("example.com", "www.example.com"));
  EXPECT_FALSE(name_matches("example.com", ""));
}

TEST(HttpHost, HostHeaderWithPortAndCase) {
  auto info =
      parse_http_host("GET / HTTP/1.1\r\nUser-Agent: x\r\nHOST: Blog.Example.KZ:8080\r\n\r\n");
  EXPECT_EQ(info.status, ParseStatus::kDone);
  EXPECT_EQ(info.host, "blog.example.kz");
}

TEST(HttpHost, PartialRequestNeedsMore) {
  EXPECT_EQ(parse_http_host("GE").status, ParseStatus::kNeedMore);
  EXPECT_EQ(parse_http_host("GET / HTTP/1.1\r\nAccept: */*\r\n").status, ParseStatus::kNeedMore);
  EXPECT_EQ(parse_http_host("GET / HTTP/1.1\r\nHost: a.b").status, ParseStatus::kNeedMore);
}

TEST(HttpHost, AbsoluteUriAndNotHttp) {
  auto info = parse_http_host("GET http://proxy.example/x HTTP/1.1\r\n\r\n");
  EXPECT_EQ(info.status, ParseStatus::kDone);
  EXPECT_EQ(info.host, "proxy.example");
  EXPECT_EQ(parse_http_host(std::string("\x16\x03\x01", 3)).status, ParseStatus::kNotMatched);
}

TEST(DnsQuestion, QueryParsedResponseRejected) {
  auto query = net::encode_dns_query(7, "News.Example.net", net::DnsType::A);
  ASSERT_TRUE(query);
  auto q = parse_dns_question(*query);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->name, "news.example.net");
  EXPECT_EQ(q->type, 1);
  auto reply = net::encode_dns_reply(q->message, 3, {});
  ASSERT_TRUE(reply);
  EXPECT_FALSE(parse_dns_question(*reply));
  EXPECT_FALSE(parse_dns_question("short"));
}

TEST(Packet, TcpRoundTripWithChecksums) {
  auto src = *ipv4_from_string("10.77.10.1"), dst = *ipv4_from_string("10.77.1.2");
  auto bytes = build_tcp(src, dst, 443, 50000, 1000, 2000, tcp_flags::kRst | tcp_flags::kAck, "hi");
  auto p = parse_ipv4(bytes);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->src, src);
  EXPECT_EQ(p->dst, dst);
  EXPECT_EQ(p->protocol, kTcp);
  EXPECT_EQ(p->sport, 443);
  EXPECT_EQ(p->dport, 50000);
  EXPECT_EQ(p->seq, 1000u);
  EXPECT_EQ(p->ack, 2000u);
  EXPECT_EQ(p->flags, tcp_flags::kRst | tcp_flags::kAck);
  EXPECT_EQ(p->payload, "hi");
  // The IP header checksum verifies: the one's-complement sum of the header is 0xffff.
  uint32_t sum = 0;
  for (int i = 0; i < 20; i += 2) {
    sum += (static_cast<uint8_t>(bytes[i]) << 8) | static_cast<uint8_t>(bytes[i + 1]);
  }
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  EXPECT_EQ(sum, 0xffffu);
}

TEST(Packet, UdpRoundTripAndTruncation) {
  auto bytes = build_udp(1, 2, 53, 4000, "payload");
  auto p = parse_ipv4(bytes);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->protocol, kUdp);
  EXPECT_EQ(p->payload, "payload");
  EXPECT_FALSE(parse_ipv4(bytes.substr(0, 25)));
  EXPECT_FALSE(parse_ipv4("junk"));
}

}  // namespace
}  // namespace ashyq::lab
