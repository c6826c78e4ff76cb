#include <gtest/gtest.h>

#include "net/endpoint.hpp"
#include "net/url.hpp"

namespace ashyq::net {
namespace {

TEST(Url, ParsesHttpAndHttps) {
  auto u = std::get<Url>(parse_url("https://Example.COM/a/b?c=d#frag"));
  EXPECT_EQ(u.scheme, "https");
  EXPECT_EQ(u.host, "example.com");
  EXPECT_EQ(u.port, 443);
  EXPECT_FALSE(u.explicit_port);
  EXPECT_EQ(u.target, "/a/b?c=d");
  EXPECT_EQ(u.host_header(), "example.com");

  auto v = std::get<Url>(parse_url("http://[::1]:8080"));
  EXPECT_EQ(v.host, "::1");
  EXPECT_EQ(v.port, 8080);
  EXPECT_EQ(v.target, "/");
  EXPECT_EQ(v.host_header(), "[::1]:8080");
  EXPECT_TRUE(v.host_is_ip());
}

TEST(Url, RejectsWhatIsNotAWebUrl) {
  for (const char* bad : {"ftp://x/", "example.com", "http://", "http://:80/", "", "http://a:0/"}) {
    EXPECT_TRUE(std::holds_alternative<UrlError>(parse_url(bad))) << bad;
  }
}

TEST(Url, ResolvesLocations) {
  auto base = std::get<Url>(parse_url("http://a.example/x/y"));
  EXPECT_EQ(std::get<Url>(resolve_location(base, "/z")).text, "http://a.example/z");
  EXPECT_EQ(std::get<Url>(resolve_location(base, "z")).text, "http://a.example/x/z");
  EXPECT_EQ(std::get<Url>(resolve_location(base, "https://b.example")).text, "https://b.example/");
  auto no_host = resolve_location(base, "http:///nohost");
  ASSERT_TRUE(std::holds_alternative<UrlError>(no_host));
  EXPECT_EQ(std::get<UrlError>(no_host).reason, "URL has no host");
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
