// Load generator for the collector: opens one report, then C clients, each on one keep-alive
// connection, submit measurements (POST /report/{id}) one after another until COUNT have been
// acknowledged. Every submission is distinct (its measurement_start_time is a counter), so each
// one is stored, not deduplicated. The collector's resident memory is sampled from /proc every
// tenth of the run. Prints one line of JSON. Part of bench/ (bench/collector.sh).
//
//   collector_load --collector 127.0.0.1:8090 --measurements FILE.jsonl --clients 64
//                  --count 100000 [--pid COLLECTOR_PID]
//
// FILE.jsonl: OONI measurements (e.g. `ashyq demo`'s measurements.jsonl), used round robin.
#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::string_view kTimeMark = "@@TIME@@";

// A measurement serialised once with a placeholder for its start time.
struct Template {
  std::string before, after;  // the body around the time's value
};

struct Shared {
  std::vector<Template> templates;
  std::string report_id;
  std::size_t count = 0;
  std::size_t issued = 0;  // submissions handed out (one thread: no atomics needed)
  std::size_t acknowledged = 0;
  std::size_t errors = 0;
  std::size_t bytes = 0;
  std::vector<double> latencies_ms;
  int pid = 0;
  std::vector<long> rss_kib;  // sampled every count/10 acknowledgements
};

long status_kib(int pid, const char* field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(field, 0) == 0)
      return std::stol(line.substr(std::string(field).size()));
  }
  return -1;
}

// "2020-01-01 00:00:00" plus n seconds.
std::string start_time(std::size_t n) {
  std::time_t t = 1577836800 + static_cast<std::time_t>(n);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &tm);
  return text;
}

asio::awaitable<void> client(tcp::endpoint collector, Shared& shared) {
  while (shared.issued < shared.count) {
    beast::tcp_stream stream(co_await asio::this_coro::executor);
    stream.expires_after(std::chrono::seconds(30));
    auto [cec] = co_await stream.async_connect(collector, asio::as_tuple(asio::use_awaitable));
    if (cec) {
      ++shared.errors;
      continue;
    }
    beast::flat_buffer buffer;
    while (shared.issued < shared.count) {
      const std::size_t n = shared.issued++;
      const Template& t = shared.templates[n % shared.templates.size()];
      http::request<http::string_body> req{http::verb::post, "/report/" + shared.report_id, 11};
      req.set(http::field::host, "collector");
      req.set(http::field::content_type, "application/json");
      req.keep_alive(true);
      req.body() = t.before + start_time(n) + t.after;
      req.prepare_payload();
      const auto start = Clock::now();
      stream.expires_after(std::chrono::seconds(60));
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
        ++shared.errors;
        if (shared.errors <= 3)
          std::cerr << "collector_load: " << (rec ? rec.message() : res.body()) << "\n";
        --shared.issued;  // hand it out again
        break;            // reconnect
      }
      shared.bytes += req.body().size();
      shared.latencies_ms.push_back(
          std::chrono::duration<double, std::milli>(Clock::now() - start).count());
      ++shared.acknowledged;
      if (shared.pid && shared.acknowledged % std::max<std::size_t>(1, shared.count / 10) == 0)
        shared.rss_kib.push_back(status_kib(shared.pid, "VmRSS:"));
      if (!res.keep_alive())
        break;
    }
  }
}

// POST /report with the first measurement's envelope; the report id, or "" on failure.
std::string open_report(tcp::endpoint collector, const json::object& m) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(collector);
  json::object open;
  for (const char* key : {"probe_asn", "probe_cc", "software_name", "software_version", "test_name",
                          "test_start_time", "test_version", "data_format_version"}) {
    if (const auto* v = m.if_contains(key))
      open[key] = *v;
  }
  open["format"] = "json";
  http::request<http::string_body> req{http::verb::post, "/report", 11};
  req.set(http::field::host, "collector");
  req.set(http::field::content_type, "application/json");
  req.body() = json::serialize(open);
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  if (res.result_int() != 200) {
    std::cerr << "collector_load: POST /report: " << res.result_int() << " " << res.body() << "\n";
    return "";
  }
  return std::string(json::parse(res.body()).at("report_id").as_string());
}

}  // namespace

int main(int argc, char** argv) {
  std::string collector = "127.0.0.1:8090", measurements;
  Shared shared;
  shared.count = 100000;
  std::size_t clients = 64;
  if (argc % 2 == 0) {
    std::cerr << "collector_load: every flag needs a value (--collector, --measurements, "
                 "--clients, --count, --pid)\n";
    return 2;
  }
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    const bool number =
        !value.empty() && value.find_first_not_of("0123456789") == std::string::npos;
    if ((flag == "--clients" || flag == "--count" || flag == "--pid") && !number) {
      std::cerr << "collector_load: " << flag << " wants a whole number, not '" << value << "'\n";
      return 2;
    }
    if (flag == "--collector")
      collector = value;
    else if (flag == "--measurements")
      measurements = value;
    else if (flag == "--clients")
      clients = std::stoul(value);
    else if (flag == "--count")
      shared.count = std::stoul(value);
    else if (flag == "--pid")
      shared.pid = std::stoi(value);
    else {
      std::cerr << "collector_load: unknown flag " << flag << "\n";
      return 2;
    }
  }
  auto colon = collector.rfind(':');
  boost::system::error_code bad;
  auto address = asio::ip::make_address(collector.substr(0, colon), bad);
  if (colon == std::string::npos || bad || clients == 0 ||
      collector.find_first_not_of("0123456789", colon + 1) != std::string::npos) {
    std::cerr << "collector_load: --collector wants IP:PORT, got '" << collector << "'\n";
    return 2;
  }
  const tcp::endpoint endpoint(address,
                               static_cast<unsigned short>(std::stoi(collector.substr(colon + 1))));

  std::ifstream in(measurements);
  std::vector<json::object> loaded;
  std::size_t line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    boost::system::error_code ec;
    auto v = json::parse(line, ec);
    if (ec || !v.is_object()) {
      std::cerr << "collector_load: " << measurements << ":" << line_number
                << ": not a JSON object\n";
      return 2;
    }
    loaded.push_back(std::move(v.as_object()));
  }
  if (loaded.empty()) {
    std::cerr << "collector_load: no measurements in '" << measurements << "'\n";
    return 2;
  }
  try {
    shared.report_id = open_report(endpoint, loaded.front());
  } catch (const std::exception& e) {
    std::cerr << "collector_load: cannot open a report at " << collector << ": " << e.what()
              << "\n";
    return 3;
  }
  if (shared.report_id.empty())
    return 3;
  std::size_t template_bytes = 0;
  for (auto& m : loaded) {
    m["report_id"] = shared.report_id;
    m["measurement_start_time"] = kTimeMark;
    const std::string body =
        json::serialize(json::object{{"format", "json"}, {"content", std::move(m)}});
    const auto at = body.find(kTimeMark);
    shared.templates.push_back({body.substr(0, at), body.substr(at + kTimeMark.size())});
    template_bytes += body.size();
  }

  asio::io_context io;
  const auto start = Clock::now();
  for (std::size_t c = 0; c < clients; ++c)
    asio::co_spawn(io, client(endpoint, shared), asio::detached);
  io.run();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  auto& l = shared.latencies_ms;
  std::sort(l.begin(), l.end());
  auto pct = [&](double p) {
    return l.empty() ? 0.0 : l[std::min(l.size() - 1, static_cast<std::size_t>(p * l.size()))];
  };
  json::array rss;
  for (long k : shared.rss_kib)
    rss.emplace_back(k);
  json::object out{{"clients", clients},
                   {"acknowledged", shared.acknowledged},
                   {"errors", shared.errors},
                   {"seconds", seconds},
                   {"per_second", shared.acknowledged / seconds},
                   {"mb_per_second", shared.bytes / seconds / 1e6},
                   {"mean_body_bytes", template_bytes / shared.templates.size()},
                   {"p50_ms", pct(0.50)},
                   {"p99_ms", pct(0.99)},
                   {"collector_rss_kib", rss},
                   {"collector_peak_rss_kib", shared.pid ? status_kib(shared.pid, "VmHWM:") : -1}};
  std::cout << json::serialize(out) << std::endl;
  return shared.acknowledged == shared.count ? 0 : 1;
}
