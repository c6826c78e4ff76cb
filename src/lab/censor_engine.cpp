// The censor's per-packet logic: flow tracking, matching, actions.
#include "lab/censor_engine.hpp"

#include <algorithm>

#include "lab/dns_question.hpp"
#include "lab/http_host.hpp"
#include "lab/packet.hpp"
#include "lab/tls_client_hello.hpp"

namespace ashyq::lab {

namespace {

bool is_dns_action(Action a) {
  return a == Action::kDnsNxdomain || a == Action::kDnsAnswer || a == Action::kDnsInject;
}
bool is_modifier(Action a) {
  return a == Action::kDelay || a == Action::kLoss || a == Action::kThrottle;
}
bool has_content(const Rule& r) {
  return !r.dns_names.empty() || !r.snis.empty() || !r.hosts.empty();
}
bool any_name(const std::vector<std::string>& patterns, const std::string& name) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return name_matches(name, p); });
}

std::string blockpage_response(const std::string& body) {
  return "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

std::string redirect_response(const std::string& location) {
  return "HTTP/1.1 302 Found\r\nLocation: " + location +
         "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
}

}  // namespace

CensorEngine::CensorEngine(CensorConfig config)
    : config_(std::move(config)), random_(config_.seed) {}

bool CensorEngine::chance(double percent) {
  if (percent <= 0)
    return false;
  std::uniform_real_distribution<double> d(0, 100);
  return d(random_) < percent;
}

const ClientNet* CensorEngine::client_net(uint32_t address) const {
  for (auto& c : config_.clients) {
    if ((address & 0xffffff00u) == c.network)
      return &c;
  }
  return nullptr;
}

bool CensorEngine::rule_matches(const Rule& rule, const ClientNet* client, uint32_t server,
                                uint16_t port) const {
  if (rule.port && *rule.port != port)
    return false;
  if (!rule.isps.empty()) {
    if (!client || std::find(rule.isps.begin(), rule.isps.end(), client->isp) == rule.isps.end())
      return false;
  }
  if (!rule.ips.empty()) {
    bool hit = std::any_of(rule.ips.begin(), rule.ips.end(),
                           [&](const std::string& ip) { return ipv4_from_string(ip) == server; });
    if (!hit)
      return false;
  }
  return true;
}

void CensorEngine::attach_modifier(Flow& flow, const Rule& rule) {
  if (rule.action == Action::kDelay)
    flow.delay = &rule;
  if (rule.action == Action::kLoss)
    flow.loss = &rule;
  if (rule.action == Action::kThrottle) {
    flow.throttle = static_cast<int>(&rule - config_.rules.data());
  }
}

void CensorEngine::fire_tcp_action(const Rule& rule, Flow& flow, const Packet& p,
                                   CensorClock::time_point now, CensorVerdict& v) {
  auto len = static_cast<uint32_t>(p.payload.size());
  bool syn = p.flags & tcp_flags::kSyn;
  uint32_t client_next = p.seq + len + (syn ? 1 : 0);
  v.event = "rule '" + rule.name + "' (" + std::string(to_string(rule.action)) + ") " +
            ipv4_to_string(p.src) + ":" + std::to_string(p.sport) + " -> " + ipv4_to_string(p.dst) +
            ":" + std::to_string(p.dport);
  switch (rule.action) {
    case Action::kDrop:
      v.accept = false;
      flow.blackhole_until = now + std::chrono::seconds(rule.blackhole_seconds);
      break;
    case Action::kReset:
      v.accept = false;
      // To the client, from the server: its seq is what the client acknowledged last.
      v.inject.push_back(build_tcp(p.dst, p.src, p.dport, p.sport, syn ? 0 : p.ack, client_next,
                                   tcp_flags::kRst | tcp_flags::kAck));
      if (rule.reset_server && !syn) {
        v.inject.push_back(build_tcp(p.src, p.dst, p.sport, p.dport, p.seq, 0, tcp_flags::kRst));
      }
      flow.blackhole_until = now + std::chrono::seconds(rule.blackhole_seconds);
      break;
    case Action::kClose:
      v.accept = false;
      // To the client, as if from the server: a FIN at the server's next sequence number that
      // acknowledges the request, so the client reads the end of the stream (eof_error).
      v.inject.push_back(build_tcp(p.dst, p.src, p.dport, p.sport, p.ack, client_next,
                                   tcp_flags::kFin | tcp_flags::kAck));
      v.inject.push_back(build_tcp(p.src, p.dst, p.sport, p.dport, p.seq, 0, tcp_flags::kRst));
      flow.blackhole_until = now + std::chrono::seconds(rule.blackhole_seconds);
      break;
    case Action::kStall:
      flow.stall = true;
      flow.stall_for = std::chrono::seconds(rule.blackhole_seconds);
      break;
    case Action::kAllow:
      flow.allowed = true;
      break;
    case Action::kHttpBlockpage:
    case Action::kHttpRedirect:
      v.accept = false;
      v.inject.push_back(build_tcp(p.dst, p.src, p.dport, p.sport, p.ack, client_next,
                                   tcp_flags::kAck | tcp_flags::kPsh | tcp_flags::kFin,
                                   rule.action == Action::kHttpBlockpage
                                       ? blockpage_response(config_.blockpage_body)
                                       : redirect_response(rule.location)));
      v.inject.push_back(build_tcp(p.src, p.dst, p.sport, p.dport, p.seq, 0, tcp_flags::kRst));
      flow.blackhole_until = now + std::chrono::seconds(rule.blackhole_seconds);
      break;
    default:
      attach_modifier(flow, rule);
      break;
  }
}

CensorVerdict CensorEngine::on_dns(const Packet& p, const ClientNet* client, bool& handled) {
  CensorVerdict v;
  handled = false;
  auto q = parse_dns_question(p.payload);
  if (!q)
    return v;
  for (auto& rule : config_.rules) {
    if (rule.dns_names.empty() || !any_name(rule.dns_names, q->name))
      continue;
    if (!rule_matches(rule, client, p.dst, p.dport) || spent(rule))
      continue;
    if (rule.action != Action::kDrop && rule.action != Action::kAllow &&
        !is_dns_action(rule.action)) {
      continue;
    }
    handled = true;
    count_hit(rule);
    v.event = "rule '" + rule.name + "' (" + std::string(to_string(rule.action)) + ") query " +
              q->name + " type " + std::to_string(q->type) + " from " + ipv4_to_string(p.src);
    if (rule.action == Action::kAllow)
      return v;
    if (rule.action == Action::kDrop) {
      v.accept = false;
      return v;
    }
    int rcode = rule.action == Action::kDnsNxdomain ? 3 : 0;
    std::vector<model::DnsAnswer> answers;
    if (rule.action != Action::kDnsNxdomain && q->type == 1) {
      model::DnsAnswer a;
      a.answer_type = "A";
      a.value = rule.answer;
      a.ttl = 60;
      answers.push_back(a);
    }
    if (auto reply = net::encode_dns_reply(q->message, rcode, answers)) {
      v.inject.push_back(build_udp(p.dst, p.src, p.dport, p.sport, *reply));
    }
    // A race lets the query through (the true answer arrives second); the others drop it.
    v.accept = rule.action == Action::kDnsInject;
    return v;
  }
  return v;
}

bool CensorEngine::spent(const Rule& rule) const {
  if (rule.max_hits <= 0)
    return false;
  auto it = hits_.find(&rule);
  return it != hits_.end() && it->second >= rule.max_hits;
}

void CensorEngine::count_hit(const Rule& rule) {
  if (rule.max_hits > 0)
    ++hits_[&rule];
}

void CensorEngine::collect_garbage(CensorClock::time_point now) {
  for (auto it = flows_.begin(); it != flows_.end();) {
    auto idle = now - it->second.last_seen;
    bool blackholed = it->second.blackhole_until > now;
    if (!blackholed && idle > std::chrono::seconds(300)) {
      it = flows_.erase(it);
    } else {
      ++it;
    }
  }
}

CensorVerdict CensorEngine::on_packet(std::string_view bytes, CensorClock::time_point now) {
  CensorVerdict v;
  auto parsed = parse_ipv4(bytes);
  if (!parsed)
    return v;
  const Packet& p = *parsed;
  if (++packets_ % 4096 == 0)
    collect_garbage(now);

  const ClientNet* from_client = client_net(p.src);
  bool up = from_client != nullptr;
  uint32_t client = up ? p.src : p.dst, server = up ? p.dst : p.src;
  uint16_t cport = up ? p.sport : p.dport, sport = up ? p.dport : p.sport;
  const ClientNet* isp = up ? from_client : client_net(p.dst);

  // DNS first: a query is its own trigger, no flow needed.
  if (up && p.protocol == kUdp && p.dport == 53) {
    bool handled = false;
    auto dv = on_dns(p, isp, handled);
    if (handled)
      return dv;
  }

  FlowKey key{p.protocol, client, cport, server, sport};
  auto [it, created] = flows_.try_emplace(key);
  Flow& flow = it->second;
  flow.last_seen = now;
  if (flow.blackhole_until > now) {
    v.accept = false;
    return v;
  }
  if (flow.stall && !up && !p.payload.empty()) {
    if (flow.stall_passed) {
      flow.blackhole_until = now + flow.stall_for;
      v.accept = false;
      v.event = "stall: the server's answer cut after its first segment " + ipv4_to_string(p.src) +
                ":" + std::to_string(p.sport) + " -> " + ipv4_to_string(p.dst) + ":" +
                std::to_string(p.dport);
      return v;
    }
    flow.stall_passed = true;
  }

  if (created) {
    // Rules without content matchers apply to the whole flow from its first packet.
    for (auto& rule : config_.rules) {
      if (has_content(rule) || is_dns_action(rule.action))
        continue;
      if (is_nftables_action(rule.action))
        continue;
      if (!rule.protocol.empty() && rule.protocol != (p.protocol == kTcp ? "tcp" : "udp")) {
        continue;
      }
      if (!rule_matches(rule, isp, server, sport) || spent(rule))
        continue;
      count_hit(rule);
      if (is_modifier(rule.action)) {
        attach_modifier(flow, rule);
        continue;
      }
      if (rule.action == Action::kAllow) {
        flow.allowed = true;
        v.event = "rule '" + rule.name + "' (allow) " + ipv4_to_string(p.src) + " -> " +
                  ipv4_to_string(p.dst) + ":" + std::to_string(p.dport);
        break;
      }
      if (p.protocol == kTcp) {
        fire_tcp_action(rule, flow, p, now, v);
      } else {
        v.accept = false;
        v.event = "rule '" + rule.name + "' (drop) " + ipv4_to_string(p.src) + " -> " +
                  ipv4_to_string(p.dst);
        flow.blackhole_until = now + std::chrono::seconds(rule.blackhole_seconds);
      }
      if (!v.accept)
        return v;
    }
  }

  // Content inspection of the first client → server bytes of TCP flows.
  if (up && p.protocol == kTcp && !flow.inspected && !flow.allowed && !p.payload.empty()) {
    if (!flow.have_seq || p.seq == flow.next_seq) {
      flow.stream.append(p.payload);
      flow.next_seq = p.seq + static_cast<uint32_t>(p.payload.size());
      flow.have_seq = true;
      ++flow.data_segments;
    }
    auto hello = parse_client_hello(flow.stream);
    auto http = parse_http_host(flow.stream);
    const std::optional<std::string>* sni = nullptr;
    std::string host;
    bool need_more = false;
    if (hello.status == ParseStatus::kDone) {
      sni = &hello.sni;
    } else if (http.status == ParseStatus::kDone) {
      host = http.host;
    } else if (hello.status == ParseStatus::kNeedMore || http.status == ParseStatus::kNeedMore) {
      need_more = true;
    }
    bool any_reassembling = false;
    const Rule* fired = nullptr;
    for (auto& rule : config_.rules) {
      if (rule.snis.empty() && rule.hosts.empty())
        continue;
      if (!rule_matches(rule, isp, server, sport) || spent(rule))
        continue;
      any_reassembling = any_reassembling || rule.reassemble;
      if (!rule.reassemble && flow.data_segments > 1)
        continue;  // first segment only
      bool hit = (sni && *sni && any_name(rule.snis, **sni)) ||
                 (!host.empty() && any_name(rule.hosts, host));
      if (hit) {
        fired = &rule;
        break;
      }
    }
    if (fired) {
      flow.inspected = true;
      count_hit(*fired);
      fire_tcp_action(*fired, flow, p, now, v);
      if (!v.accept)
        return v;
    } else if (!need_more || !any_reassembling || flow.stream.size() > 16384) {
      flow.inspected = true;
    }
    if (flow.inspected)
      flow.stream.clear();
  }

  // Flow modifiers and the network conditions.
  if (config_.network.loss_percent > 0 && chance(config_.network.loss_percent)) {
    v.accept = false;
    return v;
  }
  if (flow.loss && chance(flow.loss->loss_percent)) {
    v.accept = false;
    return v;
  }
  if (flow.throttle >= 0)
    v.mark = throttle_mark(static_cast<std::size_t>(flow.throttle));
  auto jittered = [&](int base_us, int jitter_us) {
    if (jitter_us <= 0)
      return base_us;
    std::uniform_int_distribution<int> d(-jitter_us, jitter_us);
    return std::max(0, base_us + d(random_));
  };
  int hold_us = 0;
  if (config_.network.rtt_ms > 0) {
    hold_us += jittered(config_.network.rtt_ms * 500, config_.network.jitter_ms * 1000);
  }
  if (flow.delay)
    hold_us += jittered(flow.delay->delay_ms * 1000, flow.delay->jitter_ms * 1000);
  if (hold_us > 0) {
    auto due = now + std::chrono::microseconds(hold_us);
    auto& last = flow.release[up ? 0 : 1];
    if (due < last)
      due = last;  // never reorder a flow's packets
    last = due;
    v.hold = std::chrono::duration_cast<std::chrono::microseconds>(due - now);
  }
  return v;
}

}  // namespace ashyq::lab
