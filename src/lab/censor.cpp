// NFQUEUE plumbing for the censor: bind, read, decide, inject, hold, release.
#include "lab/censor.hpp"

#include <arpa/inet.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <linux/netfilter.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <queue>

#include "core/unique_fd.hpp"
#include "lab/address_plan.hpp"
#include "lab/censor_engine.hpp"
#include "lab/packet.hpp"
#include "lab/process.hpp"
#include "lab/servers.hpp"

namespace ashyq::lab {

namespace {

struct Held {
  CensorClock::time_point due;
  uint32_t id;
  uint32_t mark;
  bool operator>(const Held& o) const { return due > o.due; }
};

struct NfqClose {
  void operator()(nfq_handle* h) const { nfq_close(h); }
};
struct NfqDestroyQueue {
  void operator()(nfq_q_handle* q) const { nfq_destroy_queue(q); }
};

struct Context {
  CensorEngine* engine;
  nfq_q_handle* queue = nullptr;
  int raw = -1;
  bool verbose = false;
  std::priority_queue<Held, std::vector<Held>, std::greater<>> held;
};

void inject(int raw, const std::string& packet) {
  auto p = parse_ipv4(packet);
  if (!p)
    return;
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_addr.s_addr = htonl(p->dst);
  if (sendto(raw, packet.data(), packet.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to) <
      0) {
    std::cerr << "censor: inject to " << ipv4_to_string(p->dst) << ": " << strerror(errno) << "\n";
  }
}

int on_packet(nfq_q_handle* qh, nfgenmsg*, nfq_data* nfa, void* data) {
  auto* ctx = static_cast<Context*>(data);
  auto* header = nfq_get_msg_packet_hdr(nfa);
  if (!header)
    return 0;
  uint32_t id = ntohl(header->packet_id);
  unsigned char* payload = nullptr;
  int len = nfq_get_payload(nfa, &payload);
  auto now = CensorClock::now();
  CensorVerdict v;
  if (len > 0) {
    v = ctx->engine->on_packet(
        std::string_view(reinterpret_cast<const char*>(payload), static_cast<std::size_t>(len)),
        now);
  }
  for (auto& packet : v.inject)
    inject(ctx->raw, packet);
  if (!v.event.empty())
    std::cerr << "censor: " << v.event << "\n";
  if (!v.accept)
    return nfq_set_verdict(qh, id, NF_DROP, 0, nullptr);
  if (v.hold.count() > 0) {
    ctx->held.push({now + v.hold, id, v.mark});
    return 0;
  }
  if (v.mark)
    return nfq_set_verdict2(qh, id, NF_ACCEPT, v.mark, 0, nullptr);
  return nfq_set_verdict(qh, id, NF_ACCEPT, 0, nullptr);
}

void release_due(Context& ctx, bool all) {
  auto now = CensorClock::now();
  while (!ctx.held.empty() && (all || ctx.held.top().due <= now)) {
    auto h = ctx.held.top();
    ctx.held.pop();
    if (h.mark) {
      nfq_set_verdict2(ctx.queue, h.id, NF_ACCEPT, h.mark, 0, nullptr);
    } else {
      nfq_set_verdict(ctx.queue, h.id, NF_ACCEPT, 0, nullptr);
    }
  }
}

}  // namespace

int run_censor(const CensorOptions& options) {
  install_interrupt_handlers();
  Scenario scenario;
  try {
    scenario = load_scenario(options.rules_file);
    addr::assign_addresses(scenario);
  } catch (const ScenarioError& e) {
    std::cerr << "ashyq lab censor: " << e.what() << "\n";
    return 2;
  }
  CensorConfig config;
  config.rules = scenario.rules;
  config.network = scenario.network;
  config.clients.clear();
  for (std::size_t i = 0; i < std::max<std::size_t>(1, scenario.isps.size()); ++i) {
    config.clients.push_back(
        ClientNet{scenario.isps.empty() ? "" : scenario.isps[i], addr::isp_subnet(i).network});
  }
  config.blockpage_body = blockpage_body();
  config.seed = static_cast<uint64_t>(getpid());
  CensorEngine engine(config);

  Context ctx;
  ctx.engine = &engine;
  ctx.verbose = options.verbose;
  // Owned in the order they are made, so they go in reverse: the queue, the handle, the socket.
  core::UniqueFd raw(socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW));
  if (!raw) {
    std::cerr << "ashyq lab censor: raw socket: " << strerror(errno) << " (needs root)\n";
    return 3;
  }
  ctx.raw = raw.get();
  std::unique_ptr<nfq_handle, NfqClose> h(nfq_open());
  if (!h) {
    std::cerr << "ashyq lab censor: nfq_open failed: " << strerror(errno) << "\n";
    return 3;
  }
  std::unique_ptr<nfq_q_handle, NfqDestroyQueue> queue(
      nfq_create_queue(h.get(), static_cast<uint16_t>(options.queue), &on_packet, &ctx));
  if (!queue) {
    std::cerr << "ashyq lab censor: cannot bind NFQUEUE " << options.queue << ": "
              << strerror(errno) << "\n";
    return 3;
  }
  ctx.queue = queue.get();
  nfq_set_mode(ctx.queue, NFQNL_COPY_PACKET, 0xffff);
  nfq_set_queue_maxlen(ctx.queue, 16384);
  int fd = nfq_fd(h.get());
  int one = 1;
  setsockopt(fd, SOL_NETLINK, NETLINK_NO_ENOBUFS, &one, sizeof one);
  int rcvbuf = 8 << 20;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf);

  if (!options.ready_file.empty())
    std::ofstream(options.ready_file) << getpid() << "\n";
  std::cerr << "censor: bound to NFQUEUE " << options.queue << " with " << config.rules.size()
            << " rules, rtt " << config.network.rtt_ms << " ms, loss "
            << config.network.loss_percent << "%\n";

  alignas(8) char buf[0x10000 + 4096];
  while (!interrupted()) {
    int timeout_ms = 200;
    if (!ctx.held.empty()) {
      auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(ctx.held.top().due -
                                                                        CensorClock::now());
      timeout_ms = static_cast<int>(std::clamp<long long>(wait.count(), 0, 200));
    }
    pollfd pfd{fd, POLLIN, 0};
    int n = poll(&pfd, 1, timeout_ms);
    if (n > 0 && (pfd.revents & POLLIN)) {
      while (true) {
        auto r = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (r <= 0)
          break;
        nfq_handle_packet(h.get(), buf, static_cast<int>(r));
        release_due(ctx, false);
      }
    }
    release_due(ctx, false);
  }
  release_due(ctx, true);
  std::cerr << "censor: stopped\n";
  return 0;
}

}  // namespace ashyq::lab
