#include "support/submission_client.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

#include "collector/collector_testing.hpp"

namespace ashyq::testing {

namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

SubmissionAnswer request_from(const std::string& from, unsigned short port, http::verb verb,
                              const std::string& target, const std::string& body) {
  try {
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    socket.open(asio::ip::tcp::v4());
    socket.bind({asio::ip::make_address(from), 0});
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    http::request<http::string_body> request{verb, target, 11};
    request.set(http::field::host, "127.0.0.1");
    if (verb == http::verb::post) {
      request.set(http::field::content_type, "application/json");
      request.body() = body;
    }
    request.prepare_payload();
    http::write(socket, request);
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(socket, buffer, response);
    return {static_cast<int>(response.result_int()), response.body()};
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace

SubmissionAnswer post_from(const std::string& from, unsigned short port, const std::string& target,
                           const std::string& body) {
  return request_from(from, port, http::verb::post, target, body);
}

SubmissionAnswer get_from(const std::string& from, unsigned short port, const std::string& target) {
  return request_from(from, port, http::verb::get, target, "");
}

std::string open_report(const std::string& from, unsigned short port) {
  auto answer =
      post_from(from, port, "/report",
                R"({"data_format_version":"0.2.0","format":"json","probe_asn":"AS9198",)"
                R"("probe_cc":"KZ","software_name":"ooniprobe","software_version":"3.20",)"
                R"("test_name":"web_connectivity","test_start_time":"2024-03-01 10:00:00",)"
                R"("test_version":"0.4.3"})");
  EXPECT_EQ(answer.status, 200) << answer.body;
  if (answer.status != 200)
    return "";
  return std::string(json::parse(answer.body).at("report_id").as_string());
}

std::string numbered_submission(const std::string& report_id, int n) {
  auto content = collector::testing::fixture_measurement(1);
  content["report_id"] = report_id;
  char start[32];
  std::snprintf(start, sizeof start, "2024-03-%02d %02d:%02d:%02d", 1 + n / 86400 % 28,
                n / 3600 % 24, n / 60 % 60, n % 60);
  content["measurement_start_time"] = start;
  return collector::testing::submission_body(content);
}

std::string uid_of(const SubmissionAnswer& answer) {
  return std::string(json::parse(answer.body).at("measurement_uid").as_string());
}

KilledLoad submit_until_killed(const std::string& from, unsigned short port,
                               const std::string& report_id, std::size_t at_least,
                               const std::function<void()>& kill) {
  std::mutex mutex;
  KilledLoad load;
  std::atomic<bool> stop = false;
  std::atomic<int> next = 0;
  std::vector<std::thread> clients;
  for (int c = 0; c < 8; ++c) {
    clients.emplace_back([&] {
      while (!stop) {
        auto answer =
            post_from(from, port, "/report/" + report_id, numbered_submission(report_id, next++));
        if (answer.status != 200)
          continue;  // refused or cut off by the kill: not acknowledged
        std::lock_guard lock(mutex);
        load.acknowledged.push_back(uid_of(answer));
      }
    });
  }
  for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
       std::chrono::steady_clock::now() < until;) {
    {
      std::lock_guard lock(mutex);
      if (load.acknowledged.size() >= at_least)
        break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill();
  stop = true;
  for (auto& t : clients)
    t.join();
  load.attempted = next;
  return load;
}

}  // namespace ashyq::testing
