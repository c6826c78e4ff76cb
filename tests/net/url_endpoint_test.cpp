#include <gtest/gtest.h>

#include "net/dns_name.hpp"
#include "net/endpoint.hpp"
#include "net/url.hpp"

namespace ashyq::net {
namespace {

TEST(Url, ParsesHttpAndHttps) {
  auto u = parse_url("https://Example.COM/a/b?c=d#frag").value();
  EXPECT_EQ(u.scheme, "https");
  EXPECT_EQ(u.host, "example.com");
  EXPECT_EQ(u.port, 443);
  EXPECT_FALSE(u.explicit_port);
  EXPECT_EQ(u.target, "/a/b?c=d");
  EXPECT_EQ(u.host_header(), "example.com");

  auto v = parse_url("http://[::1]:8080").value();
  EXPECT_EQ(v.host, "::1");
  EXPECT_EQ(v.port, 8080);
  EXPECT_EQ(v.target, "/");
  EXPECT_EQ(v.host_header(), "[::1]:8080");
  EXPECT_TRUE(v.host_is_ip());
}

TEST(Url, RejectsWhatIsNotAWebUrl) {
  for (const char* bad : {"ftp://x/", "example.com", "http://", "http://:80/", "", "http://a:0/"}) {
    EXPECT_FALSE(parse_url(bad).ok()) << bad;
  }
}

TEST(Url, ResolvesLocations) {
  auto base = parse_url("http://a.example/x/y").value();
  EXPECT_EQ(resolve_location(base, "/z").value().text, "http://a.example/z");
  EXPECT_EQ(resolve_location(base, "z").value().text, "http://a.example/x/z");
  EXPECT_EQ(resolve_location(base, "https://b.example").value().text, "https://b.example/");
  auto no_host = resolve_location(base, "http:///nohost");
  ASSERT_FALSE(no_host.ok());
  EXPECT_EQ(no_host.error().why, "URL has no host");
}

// Issue 12: a host is a DNS name after percent-decoding, or an IP literal; anything else is
// refused with the reason urlgetter records as "unknown_failure: invalid domain name".
TEST(Url, HostMustBeADnsNameAfterPercentDecoding) {
  struct Row {
    const char* name;
    std::string url;
    bool valid;
  };
  const Row rows[] = {
      {"plain name", "http://site.test/", true},
      {"trailing dot", "http://site.test./", true},
      {"underscore label", "http://_dmarc.site.test/", true},
      {"digits and hyphen", "http://a-1.b2.test/", true},
      {"IPv4 literal", "http://10.0.0.1/", true},
      {"IPv6 literal", "http://[2001:db8::1]/", true},
      {"encoded ASCII letters", "http://%73ite.test/", true},
      {"bytes FF FE C3 28 and NUL", "http://%ff%fe%c3%28x%00y.test/", false},
      {"NUL alone", "http://a%00b.test/", false},
      {"encoded UTF-8 (no IDNA here)", "http://%D0%BA%D0%B7.test/", false},
      {"label of 64", "http://" + std::string(64, 'a') + ".test/", false},
      {"label of 63", "http://" + std::string(63, 'a') + ".test/", true},
      {"name of 254",
       "http://" + std::string(60, 'a') + "." + std::string(60, 'b') + "." + std::string(60, 'c') +
           "." + std::string(60, 'd') + ".abcdefghij/",
       false},
      {"10 KB host", "http://" + std::string(10240, 'a') + "/", false},
      {"empty label", "http://a..test/", false},
      {"leading hyphen", "http://-a.test/", false},
      {"trailing hyphen", "http://a-.test/", false},
      {"space", "http://a%20b.test/", false},
  };
  for (const auto& row : rows) {
    auto parsed = parse_url(row.url);
    EXPECT_EQ(parsed.ok(), row.valid) << row.name;
    if (!row.valid && !parsed.ok()) {
      EXPECT_EQ(parsed.error().why, kInvalidDomainName) << row.name;
    }
  }
  auto base = parse_url("http://a.example/").value();
  auto next = resolve_location(base, "http://%ff%fe%c3%28x%00y.test/");
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.error().why, kInvalidDomainName);
}

TEST(Endpoint, ParsesAndFormats) {
  EXPECT_EQ(parse_endpoint("1.2.3.4:53")->str(), "1.2.3.4:53");
  EXPECT_EQ(parse_endpoint("[::1]:443")->str(), "[::1]:443");
  EXPECT_FALSE(parse_endpoint("::1:443"));
  EXPECT_FALSE(parse_endpoint("1.2.3.4"));
  EXPECT_FALSE(parse_endpoint("1.2.3.4:99999"));
  EXPECT_FALSE(parse_endpoint("host:80"));
}

}  // namespace
}  // namespace ashyq::net
