// Load generator for the test helper: C clients, each on one keep-alive connection, send OONI
// control requests (POST, JSON) for lab sites one after another for a fixed time, and the
// throughput and latency percentiles are printed as one line of JSON. Part of bench/ (issue 6).
//
//   helper_load --helper 10.77.3.2:8080 --targets FILE --clients 64 --seconds 10 [--mix MIX]
//
// FILE: one "URL IP:PORT" per line (the site and the endpoint the probe would report).
// MIX (issue 19) says which questions the clients ask:
//   cycle      (default, issue 6's bench) client c walks the list from line 7c, in file order;
//   realistic  each client walks the whole list in its own random order, as probes in one
//              country measuring the same list do, so every question recurs within minutes;
//              the request carries the headers an OONI probe sends;
//   new        as realistic, but every URL gets a unique query string (?ashyq-bench=C-N), so
//              no two requests are the same question and no cache can answer one.
// The helper's X-Ashyq-Cache answer header (hit, coalesced, miss) is counted when present.
#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <numeric>
#include <random>
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
  std::size_t hit = 0, coalesced = 0, miss = 0;
};

enum class Mix { cycle, realistic, fresh };

// What an OONI probe sends (its Accept, Accept-Language and User-Agent).
boost::json::object probe_headers() {
  auto one = [](const char* v) { return boost::json::array{boost::json::value(v)}; };
  return {{"Accept", one("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")},
          {"Accept-Language", one("en-US,en;q=0.9")},
          {"User-Agent", one("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                             "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36")}};
}

std::string control_body(const Target& t, Mix mix, std::size_t client, std::size_t n) {
  boost::json::object body;
  std::string url = t.url;
  if (mix == Mix::fresh) {
    url += (url.find('?') == std::string::npos ? "?" : "&");
    url += "ashyq-bench=" + std::to_string(client) + "-" + std::to_string(n);
  }
  body["http_request"] = url;
  body["http_request_headers"] = mix == Mix::cycle ? boost::json::object{} : probe_headers();
  body["tcp_connect"] = boost::json::array{boost::json::value(t.endpoint)};
  body["x_quic_enabled"] = false;
  return boost::json::serialize(body);
}

asio::awaitable<void> client(tcp::endpoint helper, const std::vector<Target>& targets, Mix mix,
                             std::size_t id, Clock::time_point until, Totals& totals) {
  // The order this client asks in: file order from line 7 * id, or its own permutation.
  std::vector<std::size_t> order(targets.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::size_t next = id * 7;
  if (mix != Mix::cycle) {
    std::mt19937_64 random(id + 1);
    std::shuffle(order.begin(), order.end(), random);
    next = 0;
  }
  std::size_t sent = 0;
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
      const Target& t = targets[order[next++ % order.size()]];
      http::request<http::string_body> req{http::verb::post, "/", 11};
      req.set(http::field::host, "helper");
      req.set(http::field::content_type, "application/json");
      req.keep_alive(true);
      req.body() = control_body(t, mix, id, sent++);
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
      auto cache = res["X-Ashyq-Cache"];
      if (cache == "hit")
        ++totals.hit;
      else if (cache == "coalesced")
        ++totals.coalesced;
      else if (cache == "miss")
        ++totals.miss;
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
  Mix mix = Mix::cycle;
  if (argc % 2 == 0) {
    std::cerr << "helper_load: every flag needs a value (--helper, --targets, --clients, "
                 "--seconds, --mix)\n";
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
    } else if (flag == "--mix") {
      if (value == "cycle") {
        mix = Mix::cycle;
      } else if (value == "realistic") {
        mix = Mix::realistic;
      } else if (value == "new") {
        mix = Mix::fresh;
      } else {
        std::cerr << "helper_load: --mix wants cycle, realistic or new, not '" << value << "'\n";
        return 2;
      }
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
    asio::co_spawn(io, client(endpoint, targets, mix, c, until, totals), asio::detached);
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
  out["mix"] = mix == Mix::cycle ? "cycle" : mix == Mix::realistic ? "realistic" : "new";
  out["requests"] = l.size();
  out["errors"] = totals.errors;
  out["seconds"] = elapsed;
  out["requests_per_second"] = static_cast<double>(l.size()) / elapsed;
  out["p50_ms"] = pct(0.50);
  out["p99_ms"] = pct(0.99);
  out["cache_hit"] = totals.hit;
  out["cache_coalesced"] = totals.coalesced;
  out["cache_miss"] = totals.miss;
  const std::size_t answered = totals.hit + totals.coalesced + totals.miss;
  out["cache_hit_rate"] = answered == 0 ? 0.0
                                        : static_cast<double>(totals.hit + totals.coalesced) /
                                              static_cast<double>(answered);
  std::cout << boost::json::serialize(out) << "\n";
  return 0;
}
