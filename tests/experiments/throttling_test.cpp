// throttling: the rate arithmetic and the verdict as tables over synthetic downloads, and a
// loopback run against a server that sends one path slowly and another at full speed.
#include "experiments/throttling.hpp"

#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "support/run.hpp"
#include "support/servers.hpp"

namespace ashyq::experiments {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
using analysis::Method;
using core::Failure;
using core::FailureKind;
using core::Operation;

// A download that got `bytes` at a steady `kbit_s`, in reads of `chunk` bytes, the first read
// 50 ms after the request (server think time, which must not count).
DownloadObservation steady(double kbit_s, std::uint64_t bytes, std::uint64_t chunk = 1448) {
  DownloadObservation d;
  d.request_t = 1.0;
  const std::uint64_t first = std::min(bytes, chunk);
  for (std::uint64_t got = 0; got < bytes;) {
    got = std::min(bytes, got + chunk);
    d.progress.push_back({1.05 + static_cast<double>(got - first) * 8 / 1000 / kbit_s, got});
  }
  return d;
}

DownloadObservation cut(DownloadObservation d) {
  d.failure = Failure(FailureKind::generic_timeout_error);
  d.failed_operation = Operation::http_round_trip;
  d.cut = true;
  return d;
}

DownloadObservation failed(FailureKind kind, Operation op) {
  DownloadObservation d;
  d.failure = Failure(kind);
  d.failed_operation = op;
  return d;
}

TEST(ThrottlingRate, FromTheFirstReadToTheKthByte) {
  // 10 reads of 1000 bytes, 0.1 s apart: 9000 bytes in 0.9 s after the first = 80 kbit/s.
  auto d = steady(80, 10000, 1000);
  EXPECT_NEAR(*download_kbit_s(d, 10000), 80, 0.01);
  EXPECT_NEAR(*download_kbit_s(d, 5000), 80, 0.01);
  EXPECT_EQ(download_kbit_s(d, 10001), std::nullopt);
  EXPECT_EQ(download_kbit_s(d, 0), std::nullopt);
  // Everything in the first read: timed from the request (a lower bound), 50 ms.
  EXPECT_NEAR(*download_kbit_s(d, 1000), 1000 * 8 / 1000.0 / 0.05, 0.01);
}

TEST(ThrottlingRate, ObserveCountsReadsAfterTheRequestOnly) {
  std::vector<model::NetworkEvent> events;
  auto ev = [&](const char* op, double t, int64_t n) {
    model::NetworkEvent e;
    e.operation = op;
    e.t0 = t - 0.001;
    e.t = t;
    if (n >= 0)
      e.num_bytes = n;
    events.push_back(e);
  };
  ev("read", 0.1, 3000);  // the TLS handshake's reads
  ev("http_transaction_start", 0.2, -1);
  ev("write", 0.21, 400);
  ev("read", 0.3, 1000);
  ev("read", 0.4, 0);
  ev("read", 0.5, 2000);
  ev("http_transaction_done", 0.6, -1);
  auto d = observe_download(events, Failure(FailureKind::generic_timeout_error),
                            Operation::http_round_trip);
  EXPECT_NEAR(d.request_t, 0.199, 1e-9);
  ASSERT_EQ(d.progress.size(), 2u);
  EXPECT_EQ(d.total(), 3000u);
  EXPECT_TRUE(d.cut);
  EXPECT_FALSE(d.failed_outright());
  auto reset =
      observe_download(events, Failure(FailureKind::connection_reset), Operation::http_round_trip);
  EXPECT_FALSE(reset.cut);
  auto nothing =
      observe_download({}, Failure(FailureKind::generic_timeout_error), Operation::tls_handshake);
  EXPECT_TRUE(nothing.failed_outright());
  EXPECT_FALSE(nothing.cut);
}

TEST(ThrottlingAnalysis, Table) {
  const auto fast = steady(50000, 65536, 16384);
  const auto throttled = steady(128, 32768);
  const auto tls_timeout = failed(FailureKind::generic_timeout_error, Operation::tls_handshake);
  struct Row {
    const char* name;
    std::vector<ThrottlingRound> rounds;
    Method method;
    double confidence;
    const char* evidence_part;
  };
  const std::vector<Row> rows = {
      {"throttled to 128 kbit/s in every round",
       {{throttled, fast}, {throttled, fast}, {throttled, fast}},
       Method::throttling,
       0.95,
       "at 128 kbit/s"},
      {"throttled, one round only",
       {{throttled, fast}},
       Method::throttling,
       0.75,
       "the target's domain is throttled"},
      {"same speed", {{fast, fast}, {fast, fast}}, Method::none, 0.8, "comparable"},
      {"target at 40% of the control: slower, not throttled",
       {{steady(20000, 65536), steady(50000, 65536)}},
       Method::none,
       0.6,
       "ratio 0.400"},
      {"target 25 times slower but at 2 Mbit/s: above the absolute threshold",
       {{steady(2000, 65536), fast}},
       Method::none,
       0.6,
       "not by the thresholds"},
      {"the whole path is slow: both at 128 kbit/s",
       {{throttled, throttled}, {throttled, throttled}},
       Method::unknown,
       0.3,
       "the control itself is slow"},
      {"only the control throttled",
       {{fast, throttled}},
       Method::unknown,
       0.3,
       "the control itself is slow"},
      {"control failed every round",
       {{throttled, tls_timeout}, {throttled, tls_timeout}},
       Method::unknown,
       0.1,
       "nothing to compare"},
      {"target TLS times out every round: blocked, not throttled",
       {{tls_timeout, fast}, {tls_timeout, fast}},
       Method::tls,
       0.5,
       "failed at tls_handshake (generic_timeout_error)"},
      {"target refused",
       {{failed(FailureKind::connection_refused, Operation::connect), fast}},
       Method::tcp_ip,
       0.5,
       "blocked, not throttled"},
      {"target does not resolve",
       {{failed(FailureKind::dns_nxdomain_error, Operation::resolve), fast}},
       Method::dns,
       0.5,
       "failed at resolve"},
      {"target HTTP timeout before any byte",
       {{failed(FailureKind::generic_timeout_error, Operation::http_round_trip), fast}},
       Method::http_failure,
       0.5,
       "failed at http_round_trip"},
      {"throttled in one round of three",
       {{throttled, fast}, {fast, fast}, {fast, fast}},
       Method::unknown,
       0.3,
       "in 1 of 3 compared rounds"},
      {"small pages: too few bytes to judge",
       {{steady(128, 3000), steady(50000, 3000)}},
       Method::unknown,
       0.2,
       "too few bytes"},
      {"target cut by the deadline after 3000 bytes: still a rate",
       {{cut(steady(2.4, 3000)), fast}},
       Method::throttling,
       0.75,
       "2.4 kbit/s"},
      {"throttled, one target round failed outright",
       {{throttled, fast}, {tls_timeout, fast}, {throttled, fast}},
       Method::throttling,
       0.75,
       "round 2: target failed at tls_handshake"},
      {"no rounds", {}, Method::unknown, 0, "no download"},
  };
  ThrottlingThresholds th;
  for (const auto& r : rows) {
    auto summary = summarize_throttling(r.rounds, 262144, th);
    auto v = analyze_throttling("https://t.example/", "https://c.example/", r.rounds, summary, th);
    EXPECT_EQ(v.method, r.method) << r.name;
    EXPECT_NEAR(v.confidence, r.confidence, 1e-9) << r.name;
    bool found = false;
    for (const auto& e : v.evidence)
      found = found || e.find(r.evidence_part) != std::string::npos;
    EXPECT_TRUE(found) << r.name << ": no evidence line contains '" << r.evidence_part << "'";
    if (!found) {
      for (const auto& e : v.evidence)
        ADD_FAILURE() << "  evidence: " << e;
    }
  }
}

TEST(ThrottlingAnalysis, SummaryComparesTheSameBytes) {
  // The target got 20000 bytes (cut), the control 65536: both are timed over 20000 bytes.
  std::vector<ThrottlingRound> rounds = {{cut(steady(100, 20000)), steady(10000, 65536)}};
  auto s = summarize_throttling(rounds, 32768, ThrottlingThresholds{});
  ASSERT_EQ(s.rounds.size(), 1u);
  EXPECT_EQ(s.rounds[0].bytes, 20000u);
  EXPECT_EQ(s.bytes, 20000u);
  EXPECT_NEAR(*s.target_kbit, 100, 1);
  EXPECT_NEAR(*s.control_kbit, 10000, 200);  // byte 20000 came in a read that ended later
  EXPECT_NEAR(*s.ratio, 0.01, 0.001);
  EXPECT_EQ(s.throttled, 1);
  auto j = s.to_json();
  EXPECT_EQ(j.at("bytes_compared").as_uint64(), 20000u);
  EXPECT_EQ(j.at("rounds").as_uint64(), 1u);
  EXPECT_TRUE(j.at("per_round").as_array()[0].at("throttled").as_bool());
  // The byte cap bounds k.
  rounds = {{steady(100, 65536), steady(10000, 65536)}};
  EXPECT_EQ(summarize_throttling(rounds, 32768, ThrottlingThresholds{}).bytes, 32768u);
}

// --- end to end on loopback ------------------------------------------------------------------

// /slow sends 16 KiB in 512-byte writes 25 ms apart (about 160 kbit/s); every other path gets
// the same 16 KiB at once.
testing::TcpServer::Handler slow_and_fast() {
  return [](testing::tcp::socket s) -> boost::asio::awaitable<void> {
    namespace http = boost::beast::http;
    http::request<http::string_body> req;
    if (!co_await testing::read_request(s, req))
      co_return;
    const std::size_t size = 16384;
    std::string head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(size) +
        "\r\nConnection: close\r\n\r\n";
    const auto token = boost::asio::as_tuple(boost::asio::use_awaitable);
    co_await boost::asio::async_write(s, boost::asio::buffer(head), token);
    std::string body(size, 'x');
    if (req.target() == "/slow") {
      for (std::size_t off = 0; off < size; off += 512) {
        auto [ec, n] = co_await boost::asio::async_write(
            s, boost::asio::buffer(body.data() + off, 512), token);
        if (ec)
          co_return;
        co_await testing::sleep_for(25ms);
      }
    } else {
      co_await boost::asio::async_write(s, boost::asio::buffer(body), token);
    }
    co_await testing::sleep_for(50ms);
  };
}

ThrottlingConfig loopback_config(const std::string& control) {
  ThrottlingConfig c;
  c.resolver = net::make_resolver("system", {}).value();
  c.dialer = std::make_shared<net::TcpDialer>();
  c.trust = net::TrustStore::system();
  c.dial_loopback = true;
  c.timeouts.connect = 1000ms;
  c.control_url = control;
  c.bytes = 16384;
  c.rounds = 2;
  c.max_download = 3000ms;
  return c;
}

json::object measure(const std::string& input, const ThrottlingConfig& config) {
  auto result = testing::run_coro(measure_throttling(input, config, EnvelopeInfo{}));
  if (!result.ok())
    ADD_FAILURE() << result.error().message();
  return result.value();
}

TEST(Throttling, SlowPathIsThrottledOnLoopback) {
  testing::TcpServer server(slow_and_fast());
  auto m = measure(server.url("http", "/slow"), loopback_config(server.url("http", "/fast")));
  EXPECT_EQ(m.at("test_name").as_string(), "throttling");
  EXPECT_EQ(m.at("input").as_string(), server.url("http", "/slow"));
  const auto& tk = m.at("test_keys").as_object();
  ASSERT_EQ(tk.at("target").as_array().size(), 2u);
  ASSERT_EQ(tk.at("control").as_array().size(), 2u);
  const auto& t0 = tk.at("target").as_array()[0].as_object();
  EXPECT_TRUE(t0.at("failure").is_null());
  EXPECT_EQ(t0.at("round").as_int64(), 0);
  EXPECT_FALSE(t0.at("network_events").as_array().empty());
  EXPECT_EQ(t0.at("requests").as_array()[0].at("response").at("code").as_int64(), 200);
  const auto& x = tk.at("x_throttling").as_object();
  EXPECT_EQ(x.at("rounds_compared").as_int64(), 2);
  const double target = x.at("target_kbit_s").as_double();
  EXPECT_GT(target, 60);  // ~160 kbit/s, with room for a slow machine
  EXPECT_LT(target, 200);
  EXPECT_GT(x.at("control_kbit_s").as_double(), 5 * target);
  EXPECT_EQ(tk.at("x_ashyq_verdict").at("method").as_string(), "throttling");
}

TEST(Throttling, SameSpeedIsNoneOnLoopback) {
  testing::TcpServer server(slow_and_fast());
  auto m = measure(server.url("http", "/a"), loopback_config(server.url("http", "/b")));
  const auto& tk = m.at("test_keys").as_object();
  EXPECT_EQ(tk.at("x_ashyq_verdict").at("method").as_string(), "none")
      << json::serialize(tk.at("x_ashyq_verdict"));
}

TEST(Throttling, CutByTheDeadlineStillGivesARate) {
  testing::TcpServer server(slow_and_fast());
  auto config = loopback_config(server.url("http", "/fast"));
  config.max_download = 300ms;  // /slow needs 0.8 s
  config.rounds = 1;
  auto m = measure(server.url("http", "/slow"), config);
  const auto& tk = m.at("test_keys").as_object();
  const auto& t0 = tk.at("target").as_array()[0].as_object();
  EXPECT_EQ(t0.at("failure").as_string(), "generic_timeout_error");
  EXPECT_TRUE(t0.at("x_cut_by_deadline").as_bool());
  EXPECT_LT(t0.at("x_bytes_read").as_uint64(), 16384u);
  EXPECT_EQ(tk.at("x_ashyq_verdict").at("method").as_string(), "throttling");
}

TEST(Throttling, RefusedTargetIsTcpIp) {
  testing::TcpServer server(slow_and_fast());
  auto config = loopback_config(server.url("http", "/fast"));
  config.rounds = 1;
  auto m = measure("http://127.0.0.1:1/", config);
  const auto& tk = m.at("test_keys").as_object();
  EXPECT_EQ(tk.at("target").as_array()[0].at("failed_operation").as_string(), "connect");
  EXPECT_EQ(tk.at("x_ashyq_verdict").at("method").as_string(), "tcp_ip");
}

TEST(Throttling, OptionsAreChecked) {
  ExperimentSettings settings;
  auto run = [&](std::string input) {
    return testing::run_coro(measure_throttling_entry(std::move(input), settings, EnvelopeInfo{}));
  };
  auto no_control = run("http://127.0.0.1:1/");
  ASSERT_FALSE(no_control.ok());
  EXPECT_NE(no_control.error().message().find("-O control=URL"), std::string::npos);
  settings.options.values["control"] = "http://127.0.0.1:1/";
  settings.options.values["bytes"] = "12x";
  auto bad = run("http://127.0.0.1:1/");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message().find("-O bytes=12x"), std::string::npos);
  settings.options.values.erase("bytes");
  settings.options.values["rounds"] = "0";
  EXPECT_FALSE(run("http://127.0.0.1:1/").ok());
  settings.options.values.erase("rounds");
  auto not_url = run("example.com");
  ASSERT_FALSE(not_url.ok());
}

}  // namespace
}  // namespace ashyq::experiments
