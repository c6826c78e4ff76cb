// `ashyq get` as a user runs it: the binary, its JSON on stdout, its exit codes, and its limits
// against hostile servers (endless bodies, headers that never end).
#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>

#include "support/run.hpp"
#include "support/servers.hpp"

namespace ashyq {
namespace {

using namespace std::chrono_literals;
using testing::run_command;
using testing::tcp;
using testing::TcpServer;
namespace json = boost::json;
constexpr auto kTuple = boost::asio::as_tuple(boost::asio::use_awaitable);

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;  // ASan's shadow memory makes RSS meaningless
#else
constexpr bool kSanitized = false;
#endif
constexpr long kMemoryCapKib = 64 * 1024;

json::object get(const std::vector<std::string>& args, int* status = nullptr, long* rss = nullptr) {
  std::vector<std::string> argv{testing::ashyq_binary(), "get"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto r = run_command(argv);
  if (status)
    *status = r.status;
  if (rss)
    *rss = r.max_rss_kib;
  EXPECT_EQ(r.status, 0) << r.err;
  return json::parse(r.out).as_object();
}

TEST(GetCommand, PrintsOneOoniMeasurement) {
  TcpServer server(testing::serve_page(200, "ok"));
  auto m = get({server.url()});
  EXPECT_EQ(m["test_name"], "urlgetter");
  EXPECT_EQ(m["data_format_version"], "0.2.0");
  EXPECT_EQ(m["probe_ip"], "127.0.0.1");
  EXPECT_EQ(m["software_name"], "ashyq");
  EXPECT_TRUE(m["measurement_start_time"].is_string());
  EXPECT_TRUE(m["test_runtime"].is_double());
  auto& tk = m["test_keys"].as_object();
  EXPECT_EQ(tk["requests"].as_array().at(0).at("response").at("code"), 200);
  EXPECT_EQ(tk["tcp_connect"].as_array().at(0).at("status").at("success"), true);
}

TEST(GetCommand, SiteFailureIsStillExitZero) {
  TcpServer server(testing::serve_page(200, ""));
  std::string url = "http://127.0.0.1:1/";
  int status = -1;
  auto m = get({url}, &status);
  EXPECT_EQ(status, 0);
  EXPECT_EQ(m["test_keys"].at("failure"), "connection_refused");
}

TEST(GetCommand, UsageErrorsExitTwoWithAMessage) {
  struct Row {
    std::vector<std::string> args;
    const char* says;
  } rows[] = {
      {{"ftp://example.org/"}, "unsupported scheme"},
      {{"not a url"}, "bad URL"},
      {{"http://a.example/", "--resolver", "dns://1.1.1.1"},
       "resolver 'dns://1.1.1.1': unknown kind"},
      {{"http://a.example/", "--address", "nowhere"}, "--address"},
      {{"http://a.example/", "--ca-file", "/nonexistent/ca.pem"}, "ca-file"},
      {{"http://a.example/", "--http-timeout", "-1"}, "http-timeout"},
      {{}, "url"},
  };
  for (const auto& row : rows) {
    std::vector<std::string> argv{testing::ashyq_binary(), "get"};
    argv.insert(argv.end(), row.args.begin(), row.args.end());
    auto r = run_command(argv);
    EXPECT_EQ(r.status, 2) << row.says;
    EXPECT_NE(r.err.find(row.says), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << row.says;
  }
}

boost::asio::awaitable<void> endless_body(tcp::socket s) {
  testing::http::request<testing::http::string_body> req;
  if (!co_await testing::read_request(s, req))
    co_return;
  std::string head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
  co_await boost::asio::async_write(s, boost::asio::buffer(head), kTuple);
  std::string chunk = "10000\r\n" + std::string(0x10000, 'x') + "\r\n";
  for (int i = 0; i < 100000; ++i) {  // 6.5 GB if nobody stops reading
    auto [ec, n] = co_await boost::asio::async_write(s, boost::asio::buffer(chunk), kTuple);
    if (ec)
      co_return;
  }
}

TEST(GetCommand, EndlessBodyIsCutAtTheCap) {
  TcpServer server(endless_body);
  long rss = 0;
  auto m = get({server.url()}, nullptr, &rss);
  auto& resp = m["test_keys"].at("requests").at(0).at("response");
  EXPECT_EQ(resp.at("body_is_truncated"), true);
  EXPECT_EQ(resp.at("body").as_string().size(), 1u << 19);
  if (!kSanitized)
    EXPECT_LT(rss, kMemoryCapKib);
}

boost::asio::awaitable<void> dripping_body(tcp::socket s) {
  testing::http::request<testing::http::string_body> req;
  if (!co_await testing::read_request(s, req))
    co_return;
  std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n";
  co_await boost::asio::async_write(s, boost::asio::buffer(head), kTuple);
  for (int i = 0; i < 600; ++i) {
    std::string byte = "x";
    auto [ec, n] = co_await boost::asio::async_write(s, boost::asio::buffer(byte), kTuple);
    if (ec)
      co_return;
    co_await testing::sleep_for(50ms);
  }
}

TEST(GetCommand, SlowEndlessBodyStopsAtTheDeadline) {
  TcpServer server(dripping_body);
  long rss = 0;
  auto m = get({server.url(), "--http-timeout", "1"}, nullptr, &rss);
  auto& tk = m["test_keys"].as_object();
  EXPECT_EQ(tk["failure"], "generic_timeout_error");
  auto& resp = tk["requests"].as_array().at(0).at("response");
  EXPECT_EQ(resp.at("code"), 200);
  EXPECT_FALSE(resp.at("body").as_string().empty());  // what arrived is kept
  if (!kSanitized)
    EXPECT_LT(rss, kMemoryCapKib);
}

boost::asio::awaitable<void> endless_headers(tcp::socket s) {
  testing::http::request<testing::http::string_body> req;
  if (!co_await testing::read_request(s, req))
    co_return;
  std::string head = "HTTP/1.1 200 OK\r\n";
  co_await boost::asio::async_write(s, boost::asio::buffer(head), kTuple);
  for (int i = 0; i < 1000000; ++i) {
    std::string line = "X-Filler-" + std::to_string(i) + ": " + std::string(100, 'y') + "\r\n";
    auto [ec, n] = co_await boost::asio::async_write(s, boost::asio::buffer(line), kTuple);
    if (ec)
      co_return;
  }
}

TEST(GetCommand, HeadersThatNeverEndAreRefused) {
  TcpServer server(endless_headers);
  long rss = 0;
  auto m = get({server.url(), "--http-timeout", "2"}, nullptr, &rss);
  auto& tk = m["test_keys"].as_object();
  // Beast stops at the 64 KiB header cap; OONI has no string for it, so it is unknown_failure.
  EXPECT_TRUE(tk["failure"].is_string());
  EXPECT_NE(tk["failure"], nullptr);
  EXPECT_EQ(tk["failed_operation"], "http_round_trip");
  if (!kSanitized)
    EXPECT_LT(rss, kMemoryCapKib);
}

boost::asio::awaitable<void> slow_headers(tcp::socket s) {
  testing::http::request<testing::http::string_body> req;
  if (!co_await testing::read_request(s, req))
    co_return;
  std::string head = "HTTP/1.1 200 OK\r\n";
  co_await boost::asio::async_write(s, boost::asio::buffer(head), kTuple);
  for (int i = 0; i < 600; ++i) {
    std::string line = "X: y\r\n";
    auto [ec, n] = co_await boost::asio::async_write(s, boost::asio::buffer(line), kTuple);
    if (ec)
      co_return;
    co_await testing::sleep_for(50ms);
  }
}

TEST(GetCommand, HeadersThatTrickleForeverTimeOut) {
  TcpServer server(slow_headers);
  auto m = get({server.url(), "--http-timeout", "1"});
  EXPECT_EQ(m["test_keys"].at("failure"), "generic_timeout_error");
}

}  // namespace
}  // namespace ashyq
