// Tests for split_url (url_parts.hpp), the measured URL's parts as the analysis compares them.
#include "model/url_parts.hpp"

#include <gtest/gtest.h>

namespace ashyq::model {
namespace {

struct UrlRow {
  const char* name;
  const char* url;
  const char* scheme;
  const char* host;
  const char* port;
  bool host_is_ip;
};

TEST(SplitUrl, ReadsTheParts) {
  const UrlRow rows[] = {
      {"explicit_port_upper_case", "HTTPS://Example.COM:8443/path?q", "https", "example.com",
       "8443", false},
      {"ipv6_default_http_port", "http://[2001:db8::1]/", "http", "2001:db8::1", "80", true},
      {"ipv4_default_https_port", "https://192.0.2.1/x", "https", "192.0.2.1", "443", true},
      {"userinfo_dropped", "http://user:pw@Host.example:81/", "http", "host.example", "81", false},
      {"empty_port_is_default", "http://example.com:/", "http", "example.com", "80", false},
      {"no_path", "https://example.com", "https", "example.com", "443", false},
      // A Location header as servers send it: raw bytes in the path (Go's parser accepts them).
      {"raw_bytes_in_path", "http://other.example/\xF0( x", "http", "other.example", "80", false},
      // Internationalised hosts, as the measurement names them (issue 17): their A-label.
      {"idn_host", "https://сайт.қаз/жаңалықтар", "https", "xn--80aswg.xn--80ao21a", "443", false},
      {"idn_host_upper_case_and_port", "http://ЯНДЕКС.РФ:8080/", "http", "xn--d1acpjx3f.xn--p1ai",
       "8080", false},
      {"idn_host_without_path", "https://яндекс.рф", "https", "xn--d1acpjx3f.xn--p1ai", "443",
       false},
  };
  for (const auto& row : rows) {
    auto parts = split_url(row.url);
    ASSERT_TRUE(parts) << row.name;
    EXPECT_EQ(parts->scheme, row.scheme) << row.name;
    EXPECT_EQ(parts->host, row.host) << row.name;
    EXPECT_EQ(parts->port, row.port) << row.name;
    EXPECT_EQ(parts->host_is_ip, row.host_is_ip) << row.name;
  }
}

TEST(SplitUrl, RejectsWhatIsNotAnHttpUrlWithAHost) {
  const std::pair<const char*, const char*> rows[] = {
      {"no_scheme", "example.com"},
      {"ftp", "ftp://example.com/"},
      {"no_host", "http:///path"},
      {"not_a_uri", "http://exa mple.com/"},
      {"unclosed_ipv6", "http://[2001:db8::1/"},
      {"invalid_utf8_host", "http://\xF0(.example/"},
      {"lone_joiner_in_host", "http://a\u200Db.example/"},
  };
  for (const auto& [name, url] : rows)
    EXPECT_FALSE(split_url(url)) << name;
}

}  // namespace
}  // namespace ashyq::model
