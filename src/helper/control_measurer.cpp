#include "helper/control_measurer.hpp"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/string.hpp>
#include <cstring>
#include <map>
#include <set>

#include "analysis/http_comparison.hpp"
#include "experiments/urlgetter.hpp"
#include "net/concurrently.hpp"
#include "net/http_client.hpp"
#include "net/url.hpp"

namespace ashyq::helper {

namespace asio = boost::asio;
using core::FailureKind;
using core::MaybeFailure;

MaybeFailure legacy_dns_failure(const MaybeFailure& f) {
  if (!f)
    return std::nullopt;
  switch (f->kind()) {
    case FailureKind::dns_nxdomain_error:
      return FailureKind::dns_name_error;
    case FailureKind::dns_no_answer:
      return std::nullopt;  // reported as addrs: []
    case FailureKind::dns_non_recoverable_failure:
    case FailureKind::dns_refused_error:
    case FailureKind::dns_server_misbehaving:
    case FailureKind::dns_temporary_failure:
    case FailureKind::dns_servfail_error:
      return FailureKind::dns_server_failure;
    default:
      return FailureKind::unknown_error;
  }
}

MaybeFailure legacy_tcp_failure(const MaybeFailure& f) {
  if (!f)
    return std::nullopt;
  if (f->kind() == FailureKind::generic_timeout_error)
    return f;
  if (f->kind() == FailureKind::connection_refused)
    return FailureKind::connection_refused_error;
  return FailureKind::connect_error;
}

MaybeFailure legacy_http_failure(const MaybeFailure& f, bool during_resolve) {
  if (!f)
    return std::nullopt;
  if (during_resolve && f->kind() != FailureKind::dns_bogon_error) {
    return FailureKind::dns_lookup_error;
  }
  if (f->kind() == FailureKind::generic_timeout_error)
    return f;
  if (f->kind() == FailureKind::connection_refused)
    return FailureKind::connection_refused_error;
  return FailureKind::unknown_error;
}

model::HeaderList forwarded_headers(const model::ThRequest& request) {
  model::HeaderList out;
  for (const char* name : {"Accept", "Accept-Language", "User-Agent"}) {
    for (const auto& [k, values] : request.http_request_headers) {
      if (boost::beast::iequals(k, name) && !values.empty()) {
        out.emplace_back(name, values.front());
        break;
      }
    }
  }
  if (out.empty())
    return net::ooni_default_headers();
  return out;
}

std::vector<std::string> probe_addresses(const model::ThRequest& request) {
  std::vector<std::string> out;
  out.reserve(request.tcp_connect.size());
  for (const auto& e : request.tcp_connect) {
    if (auto ep = net::parse_endpoint(e))
      out.push_back(ep->ip.to_string());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

namespace {

// One lookup per name per control request: the helper's DNS step and its page fetch ask for
// the URL's host at the same moment, so the second waits for the first's answer instead of
// sending its own queries. Every user runs on the request's executor (its connection's strand).
class OnceResolver final : public net::Resolver {
 public:
  explicit OnceResolver(std::shared_ptr<net::Resolver> inner) : inner_(std::move(inner)) {}
  asio::awaitable<net::LookupResult> lookup(std::string host, net::Trace& trace) override {
    auto& slot = slots_[host];
    if (slot) {
      if (!slot->done) {
        auto keep = slot;
        co_await keep->signal.async_wait(asio::as_tuple(asio::use_awaitable));
        co_return keep->result;
      }
      co_return slot->result;
    }
    slot = std::make_shared<Slot>(co_await asio::this_coro::executor);
    auto mine = slot;
    struct Release {  // waiters are released however the lookup ends
      Slot& s;
      ~Release() {
        s.done = true;
        s.signal.cancel();
      }
    } release{*mine};
    mine->result = co_await inner_->lookup(std::move(host), trace);
    co_return mine->result;
  }
  std::string engine() const override { return inner_->engine(); }
  std::string address() const override { return inner_->address(); }

 private:
  struct Slot {
    explicit Slot(asio::any_io_executor ex) : signal(ex, asio::steady_timer::time_point::max()) {}
    bool done = false;
    net::LookupResult result;
    asio::steady_timer signal;
  };
  std::shared_ptr<net::Resolver> inner_;
  std::map<std::string, std::shared_ptr<Slot>> slots_;
};

// The check of the page's own endpoint (its host's first address, at the URL's port) lends its
// connection, or how connecting failed, to the page fetch, which would otherwise connect to the
// same address with the same TLS options a second time (experiments::LentConnection). Every
// user runs on the request's strand; the fetch waits until the checks are known (arm()) and
// then for the one it asks about.
class Lending {
 public:
  explicit Lending(asio::any_io_executor ex)
      : executor_(ex), armed_signal_(ex, asio::steady_timer::time_point::max()) {
    quiet_.set_archive(false);
  }
  Lending(const Lending&) = delete;
  Lending& operator=(const Lending&) = delete;

  void expect(const std::string& key) { slots_.try_emplace(key, executor_); }
  bool expects(const std::string& key) const { return slots_.count(key) > 0; }
  void arm() {
    armed_ = true;
    armed_signal_.cancel();
  }
  void settle(const std::string& key, experiments::LentConnection lent) {
    auto it = slots_.find(key);
    if (it == slots_.end() || it->second.done)
      return;
    // The check's trace ends with the check: until the fetch takes it, the connection records
    // into a trace that keeps nothing.
    if (lent.tls)
      lent.tls->next_layer().retrace(quiet_);
    if (lent.tcp)
      lent.tcp->retrace(quiet_);
    it->second.lent.emplace(std::move(lent));
    it->second.done = true;
    it->second.signal.cancel();
  }

  // Slots whose check never ran (or never settled) lend nothing: the fetch dials.
  void release_all() {
    for (auto& [key, slot] : slots_) {
      if (!slot.done) {
        slot.done = true;
        slot.signal.cancel();
      }
    }
  }

  asio::awaitable<std::optional<experiments::LentConnection>> borrow(net::Endpoint e) {
    if (!armed_)
      co_await armed_signal_.async_wait(asio::as_tuple(asio::use_awaitable));
    auto it = slots_.find(e.str());
    if (it == slots_.end() || it->second.taken)
      co_return std::nullopt;
    Slot& slot = it->second;  // map nodes stay put
    slot.taken = true;
    if (!slot.done)
      co_await slot.signal.async_wait(asio::as_tuple(asio::use_awaitable));
    if (!slot.done)
      co_return std::nullopt;
    co_return std::move(slot.lent);
  }

 private:
  struct Slot {
    explicit Slot(asio::any_io_executor ex) : signal(ex, asio::steady_timer::time_point::max()) {}
    bool done = false;
    bool taken = false;
    std::optional<experiments::LentConnection> lent;
    asio::steady_timer signal;
  };
  asio::any_io_executor executor_;
  core::MeasurementClock clock_;
  net::Trace quiet_{clock_, 0};
  bool armed_ = false;
  asio::steady_timer armed_signal_;
  std::map<std::string, Slot> slots_;
};

struct EndpointOutcome {
  std::string key;  // "IP:port"
  std::string ip;
  model::ControlTcpConnect tcp;
  std::optional<model::ControlTlsHandshake> tls;
};

asio::awaitable<void> measure_endpoint(const ControlMeasurerConfig& config, net::Endpoint endpoint,
                                       std::string sni, EndpointOutcome& out, Lending& lending) {
  core::MeasurementClock clock;
  net::Trace trace(clock, 0);
  trace.set_archive(false);  // the answer holds the outcome only
  // Whatever happens, the fetch waiting for this check is released.
  experiments::LentConnection lent;
  struct Settle {
    Lending& lending;
    const std::string& key;
    experiments::LentConnection& lent;
    ~Settle() { lending.settle(key, std::move(lent)); }
  } settle{lending, out.key, lent};

  auto dialed = co_await config.dialer->dial(endpoint, config.timeouts.connect, trace);
  out.tcp.status = dialed.stream.has_value();
  out.tcp.failure = legacy_tcp_failure(dialed.failure);
  if (!dialed.stream) {
    lent.failure = dialed.failure ? dialed.failure
                                  : core::MaybeFailure(core::Failure::unknown("no connection"));
    co_return;
  }
  if (endpoint.port != 443) {
    if (lending.expects(out.key))
      lent.tcp.emplace(std::move(*dialed.stream));
    co_return;
  }
  net::TlsOptions options;  // as the fetch's first hop sets them (urlgetter)
  options.server_name = sni;
  auto tls = co_await net::tls_handshake(std::move(*dialed.stream), *config.trust, options,
                                         config.timeouts.tls, trace);
  model::ControlTlsHandshake record;
  record.server_name = sni;
  record.status = tls.stream != nullptr;
  record.failure = tls.failure;
  out.tls = record;
  if (!tls.stream) {
    lent.failure = tls.failure;
    lent.failed_operation = core::Operation::tls_handshake;
  } else if (lending.expects(out.key)) {
    lent.tls = std::move(tls.stream);
  }
}

}  // namespace

asio::awaitable<model::ControlResponse> measure_control(const model::ThRequest& request,
                                                        const ControlMeasurerConfig& config) {
  model::ControlResponse response;
  auto parsed = net::parse_url(request.http_request);
  if (!parsed.ok()) {
    response.dns.failure = FailureKind::unknown_error;
    response.http_request.failure = FailureKind::unknown_error;
    co_return response;
  }
  const net::Url url = parsed.value();

  // The page fetch runs while DNS and the endpoints are measured; they share one lookup.
  auto resolver = std::make_shared<OnceResolver>(config.resolver);
  Lending lending(co_await asio::this_coro::executor);
  experiments::UrlGetterConfig fetch;
  fetch.url = url.text;
  fetch.resolver = std::make_shared<GuardedResolver>(resolver, config.policy);
  fetch.dialer = std::make_shared<GuardedDialer>(config.dialer, config.policy);
  fetch.trust = config.trust;
  fetch.timeouts = config.timeouts;
  fetch.body_cap = config.body_cap;
  fetch.request_headers = forwarded_headers(request);
  fetch.archive = false;  // only the last response is answered
  fetch.lender = [&lending](const net::Endpoint& e) { return lending.borrow(e); };
  experiments::UrlGetterResult fetched;
  core::MeasurementClock fetch_clock;
  auto fetch_task = [&]() -> asio::awaitable<void> {
    fetched = co_await experiments::run_urlgetter(fetch, fetch_clock);
  };

  std::vector<EndpointOutcome> endpoints;
  std::vector<std::string> th_addrs;
  auto dns_and_endpoints = [&]() -> asio::awaitable<void> {
    struct Arm {  // the fetch learns which check to wait for, however this step ends
      Lending& lending;
      ~Arm() {
        lending.arm();
        lending.release_all();
      }
    } arm{lending};
    if (url.host_is_ip()) {
      th_addrs.push_back(url.host);
    } else {
      core::MeasurementClock clock;
      net::Trace trace(clock, 0);
      trace.set_archive(false);
      auto found = co_await resolver->lookup(url.host, trace);
      response.dns.failure = legacy_dns_failure(found.failure);
      th_addrs = found.addresses;
    }
    response.dns.addrs = th_addrs;

    // Every address the probe sent or we found, once, allowed ones only, bounded in number.
    std::vector<std::string> ips;
    // The probe's in the order the cache key assumes (control_cache.hpp), then ours.
    std::set<std::string> seen, from_probe;
    for (auto& ip : probe_addresses(request)) {
      from_probe.insert(ip);
      if (seen.insert(ip).second)
        ips.push_back(std::move(ip));
    }
    for (const auto& a : th_addrs) {
      if (seen.insert(a).second)
        ips.push_back(a);
    }
    std::vector<uint16_t> ports;
    if (url.explicit_port) {
      ports = {url.port};
    } else if (url.is_https()) {
      ports = {443};
    } else {
      ports = {80, 443};
    }
    for (const auto& ip : ips) {
      model::ControlIpInfo info;
      if (from_probe.count(ip))
        info.flags |= 1;
      if (std::find(th_addrs.begin(), th_addrs.end(), ip) != th_addrs.end())
        info.flags |= 2;
      if (!config.policy->may_connect(ip))
        info.flags |= 4;
      if (auto asn = config.asn->lookup(ip))
        info.asn = asn->asn;
      response.ip_info[ip] = info;
    }

    std::vector<asio::awaitable<void>> tasks;
    std::size_t allowed = 0;
    for (const auto& ip : ips) {
      if (!config.policy->may_connect(ip) || allowed++ >= config.max_endpoints)
        continue;
      auto address = net::parse_ip(ip);
      if (!address)
        continue;
      for (auto port : ports)
        endpoints.push_back({net::Endpoint{*address, port}.str(), ip, {}, {}});
    }
    // The fetch's first hop connects to the first address its lookup gives, at the URL's port,
    // with TLS as the check's own only on 443 (the checks shake hands on 443 alone).
    for (const auto& ip : th_addrs) {
      if (!config.policy->may_connect(ip))
        continue;
      auto address = net::parse_ip(ip);
      if (!address || (url.is_https() && url.port != 443))
        break;
      const auto key = net::Endpoint{*address, url.port}.str();
      if (std::any_of(endpoints.begin(), endpoints.end(),
                      [&](const EndpointOutcome& e) { return e.key == key; }))
        lending.expect(key);
      break;
    }
    lending.arm();
    for (auto& e : endpoints) {
      tasks.push_back(measure_endpoint(config, *net::parse_endpoint(e.key), url.host, e, lending));
    }
    co_await net::all_of(std::move(tasks));
  };

  std::vector<asio::awaitable<void>> both;
  both.push_back(fetch_task());
  both.push_back(dns_and_endpoints());
  co_await net::all_of(std::move(both));

  for (auto& e : endpoints) {
    response.tcp_connect[e.key] = e.tcp;
    if (e.tls) {
      if (e.tls->status)
        response.ip_info[e.ip].flags |= 8;  // valid for the domain
      response.tls_handshake[e.key] = *e.tls;
    }
  }

  auto& http = response.http_request;
  if (fetched.failure) {
    bool during_resolve = fetched.failed_operation == core::Operation::resolve;
    http.failure = legacy_http_failure(fetched.failure, during_resolve);
    http.body_length = -1;
    http.status_code = -1;
  } else if (fetched.last_response) {
    const auto& r = *fetched.last_response;
    http.status_code = r.code;
    http.body_length = static_cast<int64_t>(r.body.size());
    http.title = analysis::extract_title(r.body);
    for (const auto& [name, value] : r.headers)
      http.headers.try_emplace(name, value);
  }
  co_return response;
}

}  // namespace ashyq::helper
