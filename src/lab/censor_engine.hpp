// The censor's decision logic, without I/O: given one forwarded IPv4 packet and the time, decide
// whether to accept it (now, or held back for a while: added latency), drop it, mark it (for tc
// throttling) and which forged packets to inject (TCP RSTs, HTTP blockpages, DNS answers).
// The NFQUEUE loop (censor_main.cpp) applies the decisions. Keeps per-flow state, so a flow that
// matched a blackhole rule stays blackholed in both directions.
//
// Not thread-safe: one engine per queue, driven by one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "lab/packet.hpp"
#include "lab/scenario.hpp"

namespace ashyq::lab {

using CensorClock = std::chrono::steady_clock;

// One ISP's client subnet (a /24): packets from it travel client → server.
struct ClientNet {
  std::string isp;  // the name rules' `isp` matchers use ("" when the scenario has no ISPs)
  uint32_t network = 0x0a4d0100;
};

struct CensorConfig {
  std::vector<Rule> rules;  // `ips` already resolved to addresses (addr::assign_addresses)
  NetworkConditions network;
  std::vector<ClientNet> clients{ClientNet{}};
  std::string blockpage_body;
  uint64_t seed = 1;
};

// The fwmark the engine gives packets of flows throttled by rule number `index`.
constexpr uint32_t throttle_mark(std::size_t index) {
  return 0x100 + static_cast<uint32_t>(index);
}

struct CensorVerdict {
  bool accept = true;
  std::chrono::microseconds hold{0};  // accept only after this long
  uint32_t mark = 0;                  // 0: leave the mark alone
  std::vector<std::string> inject;    // IPv4 packets to send, in order
  std::string event;                  // a log line when a rule fired, else empty
};

class CensorEngine {
 public:
  explicit CensorEngine(CensorConfig config);
  CensorVerdict on_packet(std::string_view ip_packet, CensorClock::time_point now);
  std::size_t flow_count() const { return flows_.size(); }

 private:
  using FlowKey = std::tuple<uint8_t, uint32_t, uint16_t, uint32_t, uint16_t>;
  struct Flow {
    CensorClock::time_point last_seen{};
    CensorClock::time_point blackhole_until{};
    bool inspected = false;  // content inspection finished
    bool allowed = false;    // an allow rule matched: no other rule applies
    std::string stream;      // client → server bytes kept for inspection
    uint32_t next_seq = 0;
    bool have_seq = false;
    int data_segments = 0;
    const Rule* delay = nullptr;
    const Rule* loss = nullptr;
    int throttle = -1;
    // A stall rule fired: the server's first data segment passes, the next one starts a
    // blackhole of `stall_for` (an answer, then silence).
    bool stall = false;
    bool stall_passed = false;
    std::chrono::seconds stall_for{0};
    CensorClock::time_point release[2]{};  // last release time per direction (keeps order)
  };

  // The client's ISP, or nullptr if `address` is in no client subnet.
  const ClientNet* client_net(uint32_t address) const;
  bool rule_matches(const Rule& rule, const ClientNet* client, uint32_t server,
                    uint16_t port) const;
  void attach_modifier(Flow& flow, const Rule& rule);
  CensorVerdict on_dns(const Packet& p, const ClientNet* client, bool& handled);
  void fire_tcp_action(const Rule& rule, Flow& flow, const Packet& p, CensorClock::time_point now,
                       CensorVerdict& v);
  bool chance(double percent);
  // A rule with max_hits fires that many times, then matches nothing (a passing fault).
  bool spent(const Rule& rule) const;
  void count_hit(const Rule& rule);
  void collect_garbage(CensorClock::time_point now);

  CensorConfig config_;
  std::map<FlowKey, Flow> flows_;
  std::map<const Rule*, int> hits_;
  std::mt19937_64 random_;
  uint64_t packets_ = 0;
};

}  // namespace ashyq::lab
