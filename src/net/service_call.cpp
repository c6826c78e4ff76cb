#include "net/service_call.hpp"

#include <optional>
#include <vector>

#include "core/clock.hpp"
#include "net/dial_first.hpp"
#include "net/http_client.hpp"
#include "net/url.hpp"

namespace ashyq::net {

namespace asio = boost::asio;

asio::awaitable<ServiceAnswer> call_service(const ServiceClient& client, std::string method,
                                            const std::string& url_text, std::string body,
                                            std::string content_type) {
  ServiceAnswer answer;
  auto parsed = parse_url(url_text);
  if (!parsed) {
    answer.failure =
        core::Failure::unknown("bad service URL '" + url_text + "': " + parsed.error().why);
    co_return answer;
  }
  const auto& url = *parsed;
  core::MeasurementClock clock;
  Trace trace(clock, 0);  // the service's traffic: kept out of every measurement
  std::vector<Endpoint> endpoints;
  if (auto ip = parse_ip(url.host)) {
    endpoints.push_back({*ip, url.port});
  } else {
    if (!client.resolver) {
      answer.failure = core::Failure::unknown("no resolver for " + url.host);
      co_return answer;
    }
    auto found = co_await client.resolver->lookup(url.host, trace);
    if (found.failure) {
      answer.failure = found.failure;
      co_return answer;
    }
    for (const auto& a : found.addresses)
      if (auto ip = parse_ip(a))
        endpoints.push_back({*ip, url.port});
  }
  // One connect deadline for all the service's addresses (a name whose addresses all blackhole
  // costs one timeout, not one per address), at most 16 of them.
  constexpr std::size_t kMaxServiceAddresses = 16;
  auto first =
      co_await dial_first(*client.dialer, endpoints, client.timeout, kMaxServiceAddresses, trace);
  std::optional<ObservedTcp> tcp = std::move(first.stream);
  if (!tcp) {
    answer.failure =
        first.failure ? first.failure : core::Failure::unknown("no address for " + url.host);
    co_return answer;
  }

  HttpRequestSpec spec;
  spec.method = std::move(method);
  spec.url = url.text;
  spec.target = url.target;
  spec.headers = {{"Host", url.host_header()}};
  if (!content_type.empty())
    spec.headers.push_back({"Content-Type", std::move(content_type)});
  spec.headers.push_back({"User-Agent", std::string("ashyq/") + ASHYQ_VERSION});
  spec.body = std::move(body);
  const HttpLimits limits{client.timeout, client.response_cap};
  HttpRoundTripResult rt;
  if (url.is_https()) {
    if (!client.trust) {
      answer.failure = core::Failure::unknown("no trust store for " + url.text);
      co_return answer;
    }
    TlsOptions tls_options;
    tls_options.server_name = url.host;
    tls_options.alpn = {"http/1.1"};
    auto tls =
        co_await tls_handshake(std::move(*tcp), *client.trust, tls_options, client.timeout, trace);
    if (!tls.stream) {
      answer.failure = tls.failure;
      co_return answer;
    }
    rt = co_await http_round_trip(*tls.stream, spec, limits, trace);
  } else {
    rt = co_await http_round_trip(*tcp, spec, limits, trace);
  }
  if (rt.failure) {
    answer.failure = rt.failure;
    co_return answer;
  }
  if (rt.response->body_is_truncated) {
    answer.failure = core::Failure::unknown("the answer is longer than " +
                                            std::to_string(client.response_cap) + " bytes");
    co_return answer;
  }
  answer.status = rt.response->code;
  answer.body = std::move(rt.response->body);
  co_return answer;
}

}  // namespace ashyq::net
