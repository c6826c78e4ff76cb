// The helper over HTTP, as an OONI probe talks to it.
#include "helper/control_server.hpp"

#include <gtest/gtest.h>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <thread>

#include "helper/rate_limiter.hpp"
#include "support/hostile_bytes.hpp"
#include "support/local_helper.hpp"
#include "support/servers.hpp"

namespace ashyq::helper {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

http::response<http::string_body> call(uint16_t port, http::verb method, const std::string& body) {
  asio::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  http::request<http::string_body> req{method, "/", 11};
  req.set(http::field::host, "127.0.0.1");
  req.set(http::field::content_type, "application/json");
  req.set(http::field::user_agent, "ooniprobe-cli/3.20.0 ooniprobe-engine/3.20.0");
  req.body() = body;
  req.prepare_payload();
  http::write(socket, req);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(socket, buffer, res);
  return res;
}

TEST(ControlServer, HealthCheck) {
  testing::LocalHelper helper(testing::LocalHelper::loopback_config());
  auto res = call(helper.port(), http::verb::get, "");
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(json::parse(res.body()).at("message"), "Hello OONItarian!");
  EXPECT_EQ(res[http::field::content_type], "application/json");
  EXPECT_TRUE(std::string(res[http::field::server]).starts_with("oohelperd/"));
}

TEST(ControlServer, AnsweresAHandWrittenOoniRequestWithEveryField) {
  testing::TcpServer site(testing::serve_page(200, "<title>Example Domain</title>"));
  testing::LocalHelper helper(testing::LocalHelper::loopback_config());
  // The shape of OONI's example request (docs/ooni-formats.md), pointed at a local site.
  std::string body = R"({"http_request": ")" + site.url() + R"(",
    "http_request_headers": {"Accept": ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"],
                             "Accept-Language": ["en-US,en;q=0.9"],
                             "User-Agent": ["Mozilla/5.0"]},
    "tcp_connect": [")" +
                     site.endpoint() + R"("],
    "x_quic_enabled": false})";
  auto res = call(helper.port(), http::verb::post, body);
  ASSERT_EQ(res.result_int(), 200) << res.body();
  auto r = json::parse(res.body()).as_object();
  for (const char* key :
       {"tcp_connect", "quic_handshake", "http_request", "http3_request", "dns"}) {
    EXPECT_TRUE(r.contains(key)) << key;
  }
  auto& hr = r["http_request"].as_object();
  for (const char* key :
       {"body_length", "discovered_h3_endpoint", "failure", "title", "headers", "status_code"}) {
    EXPECT_TRUE(hr.contains(key)) << key;
  }
  EXPECT_EQ(hr["status_code"], 200);
  EXPECT_EQ(hr["title"], "Example Domain");
  EXPECT_TRUE(hr["failure"].is_null());
  EXPECT_TRUE(r["http3_request"].is_null());
  auto& dns = r["dns"].as_object();
  EXPECT_TRUE(dns["failure"].is_null());
  EXPECT_TRUE(dns["addrs"].is_array());
  auto& tcp_entry = r["tcp_connect"].at(site.endpoint()).as_object();
  EXPECT_EQ(tcp_entry["status"], true);
  EXPECT_TRUE(tcp_entry["failure"].is_null());
  EXPECT_FALSE(r.contains("tls_handshake"));  // omitted when empty, as OONI does
  EXPECT_TRUE(r.contains("ip_info"));
}

// Issue 12: the answer is valid UTF-8 whatever bytes the site sent in its title and headers
// (OONI's Go helper, through encoding/json, writes U+FFFD for them too).
TEST(ControlServer, AnswerIsValidUtf8WhateverTheSiteSent) {
  testing::LocalHelper helper(testing::LocalHelper::loopback_config());
  for (const auto& [name, bytes] : testing::hostile_byte_strings()) {
    bool header_safe = true;  // bytes that can travel in a header value (no CR, LF, NUL…)
    for (unsigned char c : bytes)
      header_safe = header_safe && (c >= 0x20 || c == '\t') && c != 0x7F;
    std::vector<std::pair<std::string, std::string>> headers;
    if (header_safe)
      headers.push_back({"X-Bytes", bytes});
    testing::TcpServer site(
        testing::serve_page(200, "<title>" + bytes + "</title>", std::move(headers)));
    const std::string body = R"({"http_request": ")" + site.url() + R"(", "tcp_connect": [")" +
                             site.endpoint() + R"("], "http_request_headers": {}})";
    auto res = call(helper.port(), http::verb::post, body);
    ASSERT_EQ(res.result_int(), 200) << name << ": " << res.body();
    EXPECT_TRUE(testing::is_strict_utf8_json(res.body())) << name;
  }
}

TEST(ControlServer, RejectsBadRequests) {
  testing::LocalHelper helper(testing::LocalHelper::loopback_config());
  EXPECT_EQ(call(helper.port(), http::verb::put, "{}").result_int(), 400);
  EXPECT_EQ(call(helper.port(), http::verb::post, "not json").result_int(), 400);
  EXPECT_EQ(call(helper.port(), http::verb::post, R"({"tcp_connect": []})").result_int(), 400);
  EXPECT_EQ(call(helper.port(), http::verb::post, R"({"http_request": "ftp://x/"})").result_int(),
            400);
}

TEST(ControlServer, LimitsRequestsPerClient) {
  auto c = testing::LocalHelper::loopback_config();
  c.rate_per_client = 0.001;
  c.burst_per_client = 2;
  testing::LocalHelper helper(c);
  std::string body = R"({"http_request": "http://127.0.0.1:1/", "tcp_connect": []})";
  EXPECT_EQ(call(helper.port(), http::verb::post, body).result_int(), 200);
  EXPECT_EQ(call(helper.port(), http::verb::post, body).result_int(), 200);
  EXPECT_EQ(call(helper.port(), http::verb::post, body).result_int(), 429);
}

TEST(RateLimiter, RefillsOverTime) {
  RateLimiter limiter(1, 1);
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(limiter.allow(net::ClientKey{1}, t0));
  EXPECT_FALSE(limiter.allow(net::ClientKey{1}, t0));
  EXPECT_TRUE(limiter.allow(net::ClientKey{2}, t0));  // per client
  EXPECT_TRUE(limiter.allow(net::ClientKey{1}, t0 + 1s));
}

}  // namespace
}  // namespace ashyq::helper
