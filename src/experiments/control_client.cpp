#include "experiments/control_client.hpp"

#include "core/clock.hpp"
#include "core/json.hpp"
#include "net/http_client.hpp"
#include "net/url.hpp"

namespace ashyq::experiments {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

asio::awaitable<ControlCall> call_one(const ControlClientConfig& config, const std::string& helper,
                                      const model::ThRequest& request) {
  ControlCall call;
  call.helper = helper;
  auto parsed = net::parse_url(helper);
  if (!parsed.ok()) {
    call.failure = core::Failure::unknown("bad helper URL: " + parsed.error().why);
    co_return call;
  }
  const auto& url = parsed.value();
  core::MeasurementClock clock;
  net::Trace trace(clock, 0);  // the helper's traffic: kept out of the measurement
  std::vector<net::Endpoint> endpoints;
  if (auto ip = net::parse_ip(url.host)) {
    endpoints.push_back({*ip, url.port});
  } else {
    auto found = co_await config.resolver->lookup(url.host, trace);
    if (found.failure) {
      call.failure = found.failure;
      co_return call;
    }
    for (const auto& a : found.addresses)
      endpoints.push_back({*net::parse_ip(a), url.port});
  }
  std::optional<net::ObservedTcp> tcp;
  for (const auto& e : endpoints) {
    auto dialed = co_await config.dialer->dial(e, config.timeout, trace);
    if (dialed.stream) {
      tcp.emplace(std::move(*dialed.stream));
      break;
    }
    call.failure = dialed.failure;
  }
  if (!tcp)
    co_return call;

  net::HttpRequestSpec spec;
  spec.method = "POST";
  spec.url = url.text;
  spec.target = url.target;
  spec.headers = {{"Host", url.host_header()},
                  {"Content-Type", "application/json"},
                  {"User-Agent", std::string("ashyq/") + ASHYQ_VERSION}};
  spec.body = core::to_json_text(to_json(request));
  net::HttpLimits limits{config.timeout, config.response_cap};
  net::HttpRoundTripResult rt;
  if (url.is_https()) {
    net::TlsOptions tls_options;
    tls_options.server_name = url.host;
    tls_options.alpn = {"http/1.1"};
    auto tls = co_await net::tls_handshake(std::move(*tcp), *config.trust, tls_options,
                                           config.timeout, trace);
    if (!tls.stream) {
      call.failure = tls.failure;
      co_return call;
    }
    rt = co_await net::http_round_trip(*tls.stream, spec, limits, trace);
  } else {
    rt = co_await net::http_round_trip(*tcp, spec, limits, trace);
  }
  if (rt.failure) {
    call.failure = rt.failure;
    co_return call;
  }
  if (rt.response->code != 200 || rt.response->body_is_truncated) {
    call.failure =
        core::Failure::unknown("helper answered HTTP " + std::to_string(rt.response->code));
    co_return call;
  }
  boost::system::error_code ec;
  json::value body = json::parse(rt.response->body, ec);
  if (ec) {
    call.failure = core::FailureKind::json_parse_error;
    co_return call;
  }
  auto response = model::parse_control_response(body);
  if (!response) {
    call.failure = core::FailureKind::json_parse_error;
    co_return call;
  }
  call.raw = std::move(body);
  call.response = std::move(response.value());
  call.failure.reset();
  co_return call;
}

}  // namespace

asio::awaitable<ControlCall> call_control(const ControlClientConfig& config,
                                          const model::ThRequest& request) {
  ControlCall last;
  last.failure = core::Failure::unknown("no test helper configured");
  for (const auto& helper : config.helpers) {
    last = co_await call_one(config, helper, request);
    if (!last.failure)
      break;
  }
  co_return last;
}

}  // namespace ashyq::experiments
