// The helper as an SSRF target: 10,000 generated control requests that try to make it connect
// to special-purpose addresses — every special-purpose IPv4 and IPv6 range, IPv4-mapped,
// IPv4-compatible, 6to4, Teredo and NAT64 spellings of them, decimal/octal/hex IPv4 spellings,
// names that resolve to loopback, DNS rebinding between the helper's lookup and its fetch,
// redirects (and redirect chains) to special-purpose addresses, with the addresses also sent in
// the probe's tcp_connect list — and the helper makes no connection to any of them.
//
// Two independent counts: a dual-stack listener on [::]:P, the port every generated target uses,
// records the local address of each connection it accepts (so a connection to 127.0.0.1, ::1,
// ::ffff:127.0.0.1 or any other local address is seen), and a dialer under the helper's guard
// records every address the helper asked to dial. The only address the helper may reach is the
// lab's "public" redirector, 127.0.0.200, declared reachable as a lab would with --allow-prefix.
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <future>
#include <map>
#include <mutex>
#include <random>
#include <set>

#include "helper/control_measurer.hpp"
#include "net/concurrently.hpp"
#include "net/dns_message.hpp"
#include "support/run.hpp"
#include "support/servers.hpp"

namespace ashyq::helper {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace std::chrono_literals;

constexpr const char* kAllowed = "127.0.0.200";  // the lab's "public" site

// Accepts every connection to any local address on one port (dual stack) and records the local
// address it arrived at; closes it at once.
class CountingListener {
 public:
  CountingListener() : acceptor_(thread_.io()) {
    acceptor_.open(tcp::v6());
    acceptor_.set_option(asio::ip::v6_only(false));
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    acceptor_.bind({asio::ip::address_v6::any(), 0});
    acceptor_.listen(1024);
    port_ = acceptor_.local_endpoint().port();
    loop_ = asio::co_spawn(thread_.io(), accept_loop(), asio::use_future);
  }
  ~CountingListener() {
    asio::post(thread_.io(), [this] { acceptor_.close(); });
    loop_.wait();
  }
  uint16_t port() const { return port_; }
  std::map<std::string, int> by_local_address() const {
    std::lock_guard lock(mutex_);
    return counts_;
  }

 private:
  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
      if (ec == asio::error::operation_aborted || !acceptor_.is_open())
        co_return;
      if (ec)
        continue;
      boost::system::error_code ignored;
      auto local = socket.local_endpoint(ignored).address();
      if (local.is_v6() && local.to_v6().is_v4_mapped())
        local = asio::ip::make_address_v4(asio::ip::v4_mapped, local.to_v6());
      std::lock_guard lock(mutex_);
      ++counts_[local.to_string()];
    }
  }

  testing::ServerThread thread_;
  tcp::acceptor acceptor_;
  uint16_t port_ = 0;
  std::future<void> loop_;
  mutable std::mutex mutex_;
  std::map<std::string, int> counts_;
};

// The dialer under the guard: records every address the helper asked to dial, then dials.
class CountingDialer final : public net::Dialer {
 public:
  asio::awaitable<net::DialResult> dial(net::Endpoint endpoint, std::chrono::milliseconds timeout,
                                        net::Trace& trace) override {
    {
      std::lock_guard lock(mutex_);
      ++dialled_[endpoint.ip.to_string()];
    }
    co_return co_await inner_.dial(endpoint, timeout, trace);
  }
  std::map<std::string, int> dialled() const {
    std::lock_guard lock(mutex_);
    return dialled_;
  }

 private:
  net::TcpDialer inner_;
  mutable std::mutex mutex_;
  std::map<std::string, int> dialled_;
};

// A special-purpose range, written here from IANA's registries independently of the helper's
// own list.
struct Range {
  const char* base;
  int length;
};
constexpr std::array<Range, 17> kV4Ranges{{
    {"0.0.0.0", 8},
    {"10.0.0.0", 8},
    {"100.64.0.0", 10},
    {"127.0.0.0", 8},
    {"169.254.0.0", 16},
    {"172.16.0.0", 12},
    {"192.0.0.0", 24},
    {"192.0.2.0", 24},
    {"192.168.0.0", 16},
    {"198.18.0.0", 15},
    {"198.51.100.0", 24},
    {"203.0.113.0", 24},
    {"224.0.0.0", 4},
    {"240.0.0.0", 4},
    {"255.255.255.255", 32},
    {"127.0.0.1", 32},
    {"127.0.0.2", 32},
}};
constexpr std::array<Range, 11> kV6Ranges{{
    {"::", 128},
    {"::1", 128},
    {"64:ff9b:1::", 48},  // local-use IPv4/IPv6 translation
    {"100::", 64},
    {"2001:2::", 48},  // benchmarking
    {"2001:10::", 28},
    {"2001:db8::", 32},
    {"fc00::", 7},
    {"fe80::", 10},
    {"fec0::", 10},
    {"ff00::", 8},
}};

std::string random_in(const Range& r, std::mt19937& rng) {
  auto base = asio::ip::make_address(r.base);
  if (base.is_v4()) {
    auto bits = base.to_v4().to_uint();
    const uint32_t host_mask = r.length == 32 ? 0 : (0xFFFFFFFFu >> r.length);
    bits = (bits & ~host_mask) | (static_cast<uint32_t>(rng()) & host_mask);
    return asio::ip::address_v4(bits).to_string();
  }
  auto bytes = base.to_v6().to_bytes();
  for (int i = r.length; i < 128; ++i) {
    const auto bit = static_cast<unsigned char>(0x80 >> (i % 8));
    if (rng() & 1)
      bytes[i / 8] |= bit;
    else
      bytes[i / 8] &= static_cast<unsigned char>(~bit);
  }
  return asio::ip::address_v6(bytes).to_string();
}

// The IPv6 spellings that embed an IPv4 address.
std::vector<std::string> v6_embeddings(const std::string& v4_text) {
  const auto v4 = asio::ip::make_address_v4(v4_text).to_bytes();
  auto hex = [](unsigned a, unsigned b) {
    char out[8];
    std::snprintf(out, sizeof out, "%x", (a << 8) | b);
    return std::string(out);
  };
  const auto hi = hex(v4[0], v4[1]), lo = hex(v4[2], v4[3]);
  return {
      "::ffff:" + v4_text,                // IPv4-mapped, dotted
      "::ffff:" + hi + ":" + lo,          // IPv4-mapped, hex
      "::" + v4_text,                     // IPv4-compatible (deprecated)
      "2002:" + hi + ":" + lo + "::1",    // 6to4
      "2001:0:" + hi + ":" + lo + "::1",  // Teredo (server field)
      "64:ff9b::" + v4_text,              // NAT64 well-known prefix
  };
}

// Decimal, hex, octal and short spellings of an IPv4 address, as getaddrinfo() reads them.
std::vector<std::string> v4_spellings(const std::string& v4_text) {
  const auto v4 = asio::ip::make_address_v4(v4_text);
  const auto bits = v4.to_uint();
  const auto b = v4.to_bytes();
  char buf[64];
  std::vector<std::string> out;
  std::snprintf(buf, sizeof buf, "%u", bits);
  out.emplace_back(buf);
  std::snprintf(buf, sizeof buf, "0x%08x", bits);
  out.emplace_back(buf);
  std::snprintf(buf, sizeof buf, "0%o.0%o.0%o.0%o", b[0], b[1], b[2], b[3]);
  out.emplace_back(buf);
  std::snprintf(buf, sizeof buf, "0x%x.%u", b[0], bits & 0xFFFFFFu);
  out.emplace_back(buf);
  std::snprintf(buf, sizeof buf, "%u.%u", b[0], bits & 0xFFFFFFu);
  out.emplace_back(buf);
  return out;
}

std::string host_in_url(const std::string& ip) {
  return ip.find(':') != std::string::npos ? "[" + ip + "]" : ip;
}

// The test's DNS server: names under .loop.test answer with the special-purpose address encoded
// in the name's first label (dots as dashes, colons as "x"); rebind-N.test answers the allowed
// address to the first A query and loopback to every later one; cname-N.test is a CNAME to
// localhost.loop.test with its loopback answer; any other name gets loopback.
class HostileDns {
 public:
  HostileDns() : server_([this](const std::string& datagram) { return answer(datagram); }) {}
  std::string spec() const { return "udp://" + server_.endpoint(); }
  static std::string name_for(const std::string& ip) {
    std::string label;
    for (char c : ip)
      label += c == '.' ? '-' : c == ':' ? 'x' : c;
    return "ip-" + label + ".loop.test";
  }

 private:
  std::vector<testing::UdpServer::Reply> answer(const std::string& datagram) {
    auto q = net::parse_dns_message(datagram);
    if (!q)
      return {};
    const bool aaaa = q->question_type == 28;
    const std::string& name = q->question_name;
    std::vector<model::DnsAnswer> answers;
    auto address = [&](const std::string& ip) {
      const bool v6 = ip.find(':') != std::string::npos;
      if (v6 == aaaa)
        answers.push_back({v6 ? "AAAA" : "A", ip, 5, 0, ""});
    };
    if (name.starts_with("ip-") && name.ends_with(".loop.test")) {
      std::string ip;
      for (char c : name.substr(3, name.size() - 3 - 10))
        ip += c == '-' ? '.' : c == 'x' ? ':' : c;
      address(ip);
    } else if (name.starts_with("rebind-")) {
      int seen;
      {
        std::lock_guard lock(mutex_);
        seen = aaaa ? 1 : rebind_queries_[name]++;
      }
      address(seen == 0 ? kAllowed : "127.0.0.1");
      address("::1");
    } else if (name.starts_with("cname-")) {
      answers.push_back({"CNAME", "localhost.loop.test", 5, 0, ""});
      address("127.0.0.1");
      address("::1");
    } else {
      address("127.0.0.1");
      address("::1");
    }
    auto reply = net::encode_dns_reply(*q, 0, answers);
    if (!reply)
      return {};
    return {{0ms, *reply}};
  }

  std::mutex mutex_;
  std::map<std::string, int> rebind_queries_;
  testing::UdpServer server_;
};

struct Generated {
  std::vector<model::ThRequest> requests;
  // Per request: measured with the system's resolver (numeric spellings and "localhost" need no
  // DNS server), else with the test's hostile DNS server.
  std::vector<bool> system_resolver;
  std::map<std::string, int> by_kind;  // how many of each kind, for the report
};

// The lab's "public" site: /to/URL-ENCODED answers 302 to the URL; /chain/N/URL redirects N more
// times through itself before that.
testing::TcpServer::Handler redirector() {
  return [](tcp::socket s) -> asio::awaitable<void> {
    for (;;) {
      boost::beast::http::request<boost::beast::http::string_body> req;
      if (!co_await testing::read_request(s, req))
        co_return;
      std::string target(req.target());
      std::string location;
      if (target.starts_with("/chain/")) {
        const auto slash = target.find('/', 7);
        const int left = std::stoi(target.substr(7, slash - 7));
        location = left > 0 ? "/chain/" + std::to_string(left - 1) + target.substr(slash)
                            : target.substr(slash + 1);
      } else if (target.starts_with("/to/")) {
        location = target.substr(4);
      }
      std::vector<std::pair<std::string, std::string>> headers{{"Location", location}};
      co_await testing::write_response(s, 302, "", std::move(headers));
    }
  };
}

Generated generate(int count, uint16_t port, const std::string& redirector_base,
                   std::mt19937& rng) {
  Generated out;
  const std::string p = ":" + std::to_string(port);
  bool system = false;  // the resolver of the request being added
  auto add = [&](const char* kind, std::string url, std::vector<std::string> endpoints = {}) {
    out.system_resolver.push_back(system);
    model::ThRequest r;
    r.http_request = std::move(url);
    r.http_request_headers["User-Agent"] = {"ashyq-ssrf-test"};
    r.tcp_connect = std::move(endpoints);
    out.requests.push_back(std::move(r));
    ++out.by_kind[kind];
  };
  auto special_v4 = [&] { return random_in(kV4Ranges[rng() % kV4Ranges.size()], rng); };
  auto special_v6 = [&] { return random_in(kV6Ranges[rng() % kV6Ranges.size()], rng); };
  auto loopback_v4 = [&] { return random_in({"127.0.0.0", 8}, rng); };
  auto any_special = [&]() -> std::string {
    switch (rng() % 3) {
      case 0:
        return special_v4();
      case 1:
        return special_v6();
      default: {
        auto forms = v6_embeddings(rng() % 2 ? loopback_v4() : special_v4());
        return forms[rng() % forms.size()];
      }
    }
  };
  while (static_cast<int>(out.requests.size()) < count) {
    const std::string scheme = rng() % 4 == 0 ? "https://" : "http://";
    system = false;
    switch (out.requests.size() % 10) {
      case 0:  // an IPv4 special-purpose address as the URL's host
        add("v4 literal", scheme + special_v4() + p + "/");
        break;
      case 1:  // an IPv6 special-purpose address as the URL's host
        add("v6 literal", scheme + "[" + special_v6() + "]" + p + "/");
        break;
      case 2: {  // an IPv4 special address (loopback half the time) embedded in IPv6
        auto forms = v6_embeddings(rng() % 2 ? loopback_v4() : special_v4());
        add("v6 embedding", scheme + "[" + forms[rng() % forms.size()] + "]" + p + "/");
        break;
      }
      case 3: {  // decimal/octal/hex spellings (the system resolver parses them)
        auto forms = v4_spellings(rng() % 2 ? loopback_v4() : special_v4());
        system = rng() % 2;
        add("v4 spelling", scheme + forms[rng() % forms.size()] + p + "/");
        break;
      }
      case 4: {  // a name whose A/AAAA answer is special-purpose
        add("name answers special", scheme + HostileDns::name_for(any_special()) + p + "/");
        break;
      }
      case 5:  // DNS rebinding: the allowed address first, loopback after
        add("dns rebinding",
            scheme + "rebind-" + std::to_string(out.requests.size()) + ".test" + p + "/");
        break;
      case 6: {  // the probe claims special addresses for an ordinary-looking name
        std::vector<std::string> endpoints;
        for (int i = 0; i < 4; ++i)
          endpoints.push_back(host_in_url(any_special()) + p);
        add("probe's tcp_connect",
            scheme + "site-" + std::to_string(rng() % 1000) + ".test" + p + "/",
            std::move(endpoints));
        break;
      }
      case 7: {  // a redirect to a special-purpose address (literal, embedding or name)
        std::string target;
        switch (rng() % 3) {
          case 0:
            target = "http://" + host_in_url(any_special()) + p + "/";
            break;
          case 1: {
            system = rng() % 2;
            auto forms = v4_spellings(loopback_v4());
            target = "http://" + forms[rng() % forms.size()] + p + "/";
            break;
          }
          default:
            target = "http://" + HostileDns::name_for(any_special()) + p + "/";
        }
        add("redirect", redirector_base + "/to/" + target);
        break;
      }
      case 8: {  // a chain of redirects through the allowed site that ends at loopback
        const int hops = 1 + static_cast<int>(rng() % 5);
        add("redirect chain", redirector_base + "/chain/" + std::to_string(hops) + "/http://" +
                                  host_in_url(rng() % 2 ? "::1" : loopback_v4()) + p + "/");
        break;
      }
      default: {  // names that are loopback wherever they are resolved
        static const char* kNames[] = {"localhost", "LOCALHOST", "localhost.", "cname-1.test",
                                       "cname-2.test"};
        const auto pick = rng() % std::size(kNames);
        system = pick < 2;  // "localhost." would wait for the machine's DNS server
        add("loopback name", scheme + kNames[pick] + p + "/");
      }
    }
  }
  return out;
}

asio::awaitable<void> measure_all(const Generated& generated,
                                  const ControlMeasurerConfig& system_config,
                                  const ControlMeasurerConfig& hostile_config,
                                  std::atomic<int>& done) {
  constexpr std::size_t kConcurrency = 64;
  const auto& requests = generated.requests;
  for (std::size_t start = 0; start < requests.size(); start += kConcurrency) {
    std::vector<asio::awaitable<void>> batch;
    for (std::size_t i = start; i < std::min(requests.size(), start + kConcurrency); ++i) {
      const auto& config = generated.system_resolver[i] ? system_config : hostile_config;
      batch.push_back([](const model::ThRequest& r, const ControlMeasurerConfig& c,
                         std::atomic<int>& d) -> asio::awaitable<void> {
        co_await measure_control(r, c);
        ++d;
      }(requests[i], config, done));
    }
    co_await net::all_of(std::move(batch));
  }
}

TEST(HelperSsrf, TenThousandHostileRequestsMakeNoConnectionToSpecialAddresses) {
  CountingListener listener;
  HostileDns dns;
  testing::TcpServer site(redirector(), kAllowed);
  const std::string redirector_base = "http://" + site.endpoint();

  auto dialer = std::make_shared<CountingDialer>();
  auto base_config = [&](const std::string& resolver) {
    ControlMeasurerConfig c;
    net::ResolverOptions options;
    options.timeouts.dns_linger = 0ms;  // as `ashyq helper` sets it
    options.timeouts.dns = 1000ms;
    c.resolver = net::make_resolver(resolver, options).value();
    c.dialer = dialer;
    c.trust = net::TrustStore::system();
    c.policy = std::make_shared<AddressPolicy>(
        analysis::BogonList::parse(std::string("-") + kAllowed + "/32\n").value());
    c.asn = geo::parse_prefix_table("", "test").value();
    c.timeouts.dns = 1000ms;
    c.timeouts.connect = 300ms;  // only matters if the guard lets something through
    c.timeouts.tls = 300ms;
    c.timeouts.http = 1000ms;
    return c;
  };
  const auto system_config = base_config("system");
  const auto hostile_config = base_config(dns.spec());

  std::mt19937 rng(20261207);
  const auto generated = generate(10000, listener.port(), redirector_base, rng);
  ASSERT_EQ(generated.requests.size(), 10000u);

  std::atomic<int> done = 0;
  testing::run_coro(measure_all(generated, system_config, hostile_config, done));
  EXPECT_EQ(done.load(), 10000);

  std::string kinds;
  for (const auto& [kind, n] : generated.by_kind)
    kinds += "  " + kind + ": " + std::to_string(n) + "\n";
  std::cout << "generated requests by kind:\n" << kinds;

  // The listener: connections to any local address but the allowed one.
  int forbidden_connections = 0;
  for (const auto& [local, n] : listener.by_local_address()) {
    if (local != kAllowed) {
      forbidden_connections += n;
      ADD_FAILURE() << n << " connection(s) reached the listener at " << local;
    }
  }
  EXPECT_EQ(forbidden_connections, 0);

  // The dialer: every address the helper tried to reach.
  int forbidden_dials = 0, allowed_dials = 0;
  for (const auto& [ip, n] : dialer->dialled()) {
    if (ip == kAllowed) {
      allowed_dials += n;
    } else {
      forbidden_dials += n;
      ADD_FAILURE() << n << " dial(s) to " << ip;
    }
  }
  EXPECT_EQ(forbidden_dials, 0);
  // The redirects and rebinding went through the allowed site: the test did exercise them.
  EXPECT_GT(allowed_dials, 1000);
}

}  // namespace
}  // namespace ashyq::helper
