// Load generator for the test helper: C clients, each on one keep-alive connection, send OONI
// control requests (POST, JSON) for lab sites one after another for a fixed time, and the
// throughput and latency percentiles are printed as one line of JSON. Part of bench/ (issue 6).
//
//   helper_load --helper 10.77.3.2:8080 --targets FILE --clients 64 --seconds 10
//
// FILE: one "URL IP:PORT" per line (the site and the endpoint the probe would report).
#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Target {
  std::string url, endpoint;
};

struct Totals {
  std::vector<double> latencies_ms;
  std::size_t errors = 0;
};

std::string control_body(const Target& t) {
  boost::json::object body;
  body["http_request"] = t.url;
  body["http_request_headers"] = boost::json::object{};
  body["tcp_connect"] = boost::json::array{boost::json::value(t.endpoint)};
  body["x_quic_enabled"] = false;
  return boost::json::serialize(body);
}

asio::awaitable<void> client(tcp::endpoint helper, const std::vector<Target>& targets,
                             std::size_t first, Clock::time_point until, Totals& totals) {
  std::size_t next = first;
  while (Clock::now() < until) {
    beast::tcp_stream stream(co_await asio::this_coro::executor);
    stream.expires_after(std::chrono::seconds(30));
    auto [cec] = co_await stream.async_connect(helper, asio::as_tuple(asio::use_awaitable));
    if (cec) {
      ++totals.errors;
      continue;
    }
    beast::flat_buffer buffer;
    while (Clock::now() < until) {
      const Target& t = targets[next++ % targets.size()];
      http::request<http::string_body> req{http::verb::post, "/", 11};
      req.set(http::field::host, "helper");
      req.set(http::field::content_type, "application/json");
      req.keep_alive(true);
      req.body() = control_body(t);
      req.prepare_payload();
      const auto start = Clock::now();
      stream.expires_after(std::chrono::seconds(30));
      auto [wec, written] =
          co_await http::async_write(stream, req, asio::as_tuple(asio::use_awaitable));
      http::response<http::string_body> res;
      beast::error_code rec = wec;
      if (!wec) {
        auto [ec2, read] =
            co_await http::async_read(stream, buffer, res, asio::as_tuple(asio::use_awaitable));
        rec = ec2;
      }
      if (rec || res.result_int() != 200) {
        ++totals.errors;
        break;  // reconnect
      }
      totals.latencies_ms.push_back(
          std::chrono::duration<double, std::milli>(Clock::now() - start).count());
      if (!res.keep_alive())
        break;
    }
  }
}

int main(int argc, char** argv) {
  std::string helper = "10.77.3.2:8080", targets_file;
  std::size_t clients = 64;
  double seconds = 10;
  if (argc % 2 == 0) {
    std::cerr << "helper_load: every flag needs a value (--helper, --targets, --clients, "
                 "--seconds)\n";
    return 2;
  }
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if ((flag == "--clients" || flag == "--seconds") &&
        (value.empty() || value.find_first_not_of("0123456789.") != std::string::npos)) {
      std::cerr << "helper_load: " << flag << " wants a positive number, not '" << value << "'\n";
      return 2;
    }
    if (flag == "--helper") {
      helper = value;
    } else if (flag == "--targets") {
      targets_file = value;
    } else if (flag == "--clients") {
      clients = std::stoul(value);
    } else if (flag == "--seconds") {
      seconds = std::stod(value);
    } else {
      std::cerr << "helper_load: unknown flag " << flag << "\n";
      return 2;
    }
  }
  std::vector<Target> targets;
  std::ifstream in(targets_file);
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    Target t;
    if (words >> t.url >> t.endpoint)
      targets.push_back(t);
  }
  if (targets.empty()) {
    std::cerr << "helper_load: no targets in '" << targets_file << "'\n";
    return 2;
  }
  auto colon = helper.rfind(':');
  boost::system::error_code bad;
  auto address = asio::ip::make_address(helper.substr(0, colon), bad);
  if (colon == std::string::npos || bad || clients == 0 ||
      helper.find_first_not_of("0123456789", colon + 1) != std::string::npos) {
    std::cerr << "helper_load: --helper wants IP:PORT, got '" << helper << "'\n";
    return 2;
  }
  tcp::endpoint endpoint(address, static_cast<unsigned short>(std::stoi(helper.substr(colon + 1))));
  asio::io_context io;
  Totals totals;
  const auto start = Clock::now();
  const auto until = start + std::chrono::milliseconds(static_cast<long>(seconds * 1000));
  for (std::size_t c = 0; c < clients; ++c) {
    asio::co_spawn(io, client(endpoint, targets, c * 7, until, totals), asio::detached);
  }
  io.run();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  auto& l = totals.latencies_ms;
  std::sort(l.begin(), l.end());
  auto pct = [&](double p) {
    return l.empty() ? 0.0 : l[std::min(l.size() - 1, static_cast<std::size_t>(p * l.size()))];
  };
  boost::json::object out;
  out["clients"] = clients;
  out["requests"] = l.size();
  out["errors"] = totals.errors;
  out["seconds"] = elapsed;
  out["requests_per_second"] = static_cast<double>(l.size()) / elapsed;
  out["p50_ms"] = pct(0.50);
  out["p99_ms"] = pct(0.99);
  std::cout << boost::json::serialize(out) << "\n";
  return 0;
}
