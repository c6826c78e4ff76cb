// What every case of tests/hostile checks besides its outcome: the measurement (or control
// response) is strict UTF-8 JSON, the case ended (a liveness bound derived from its deadlines,
// not a speed check) and the process's peak RSS stayed under 64 MiB (not checked under ASan:
// support/memory_bound.hpp). ctest runs each case in a
// process of its own (gtest_discover_tests), so the peak is the case's.
#pragma once

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "net/dns_message.hpp"
#include "net/resolver.hpp"
#include "support/hostile_bytes.hpp"
#include "support/hostile_peers.hpp"
#include "support/memory_bound.hpp"

namespace ashyq::testing::hostile {

inline constexpr long kMaxRssKib = rss_bound_kib(64 * 1024);  // 64 MiB, release builds
inline constexpr std::chrono::milliseconds kStep{1000};  // every step's deadline in these cases

inline std::string str(const boost::json::value& v) {
  return v.is_null() ? "null" : std::string(v.as_string());
}

inline std::vector<std::string> all_names() {
  std::vector<std::string> all;
  for (const auto& p : catalogue())
    all.push_back(p.name);
  return all;
}

// The wire-format UDP resolver aimed at `endpoint`, with the cases' deadline.
inline std::shared_ptr<net::Resolver> udp_resolver(const std::string& endpoint) {
  net::ResolverOptions o;
  o.timeouts.dns = kStep;
  o.timeouts.dns_linger = std::chrono::milliseconds(50);
  return net::make_resolver("udp://" + endpoint, o).value();
}

// A well-behaved DNS server: every A question is 127.0.0.1.
inline std::unique_ptr<UdpServer> loopback_dns() {
  return std::make_unique<UdpServer>([](const std::string& d) {
    auto q = net::parse_dns_message(d);
    if (!q)
      return std::vector<UdpServer::Reply>{};
    std::vector<model::DnsAnswer> answers;
    if (q->question_type == 1)
      answers.push_back({"A", "127.0.0.1", 60, 0, ""});
    return std::vector<UdpServer::Reply>{
        {std::chrono::milliseconds(0), *net::encode_dns_reply(*q, 0, answers)}};
  });
}

inline long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // KiB on Linux
}

// gtest parameter names: the catalogue's names already are.
inline std::string param_name(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

class Stopwatch {
 public:
  std::chrono::milliseconds elapsed() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 t0_);
  }

 private:
  std::chrono::steady_clock::time_point t0_ = std::chrono::steady_clock::now();
};

// The checks every case ends with.
inline void expect_bounded(const boost::json::value& document, const Stopwatch& watch,
                           std::chrono::milliseconds bound) {
  const std::string text = core::to_json_text(document);
  EXPECT_TRUE(is_strict_utf8_json(text)) << "not strict UTF-8 JSON";
  EXPECT_LE(watch.elapsed(), bound) << "did not end within its deadlines";
  const long rss = peak_rss_kib();
  EXPECT_LE(rss, kMaxRssKib) << "peak RSS " << rss << " KiB";
  ::testing::Test::RecordProperty("peak_rss_kib", static_cast<int>(rss));
  ::testing::Test::RecordProperty("json_bytes", static_cast<int>(text.size()));
  std::printf("[hostile] elapsed %lld ms, peak RSS %ld KiB, JSON %zu bytes\n",
              static_cast<long long>(watch.elapsed().count()), rss, text.size());
}

}  // namespace ashyq::testing::hostile
