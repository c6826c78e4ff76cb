#include "experiments/urlgetter.hpp"

#include <algorithm>
#include <chrono>

#include "core/json.hpp"
#include "model/http_headers.hpp"
#include "net/dial_first.hpp"
#include "net/dns_name.hpp"
#include "net/http_client.hpp"
#include "net/url.hpp"

namespace ashyq::experiments {

namespace asio = boost::asio;
namespace json = boost::json;
using core::FailureKind;
using core::Operation;

namespace {

bool is_redirect(int code) {
  return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
}

model::HeaderList request_headers(const UrlGetterConfig& config, const net::Url& url,
                                  const std::string& referer) {
  return request_headers_for(url, config.request_headers, referer);
}

// One hop: a GET of `url` over a fresh connection to the first endpoint that answers. Every
// record goes into `flow`, which outlives the connection.
// The hop over a lent connection (see LentConnection); nullopt when it does not fit the hop.
asio::awaitable<std::optional<FetchOutcome>> fetch_lent(const UrlGetterConfig& config,
                                                        FetchSpec spec, LentConnection lent,
                                                        net::Trace& flow) {
  FetchOutcome out;
  if (lent.failure && lent.failed_operation == Operation::connect) {
    if (spec.endpoints.size() <= 1 || spec.max_addresses <= 1) {
      out.failure = lent.failure;
      out.failed_operation = Operation::connect;
      co_return out;
    }
    spec.endpoints.erase(spec.endpoints.begin());
    --spec.max_addresses;
    co_return co_await fetch_once(*config.dialer, *config.trust, config.timeouts, spec, flow);
  }
  if (lent.failure) {
    out.failure = lent.failure;
    out.failed_operation = lent.failed_operation;
    co_return out;
  }
  net::HttpRoundTripResult rt;
  if (spec.tls && lent.tls) {
    lent.tls->next_layer().retrace(flow);
    rt = co_await net::http_round_trip(*lent.tls, spec.request, spec.limits, flow);
  } else if (!spec.tls && lent.tcp) {
    lent.tcp->retrace(flow);
    rt = co_await net::http_round_trip(*lent.tcp, spec.request, spec.limits, flow);
  } else {
    co_return std::nullopt;
  }
  out.response = std::move(rt.response);
  if (rt.failure) {
    out.failure = rt.failure;
    out.failed_operation = Operation::http_round_trip;
  }
  co_return out;
}

asio::awaitable<FetchOutcome> fetch_hop(const UrlGetterConfig& config, const net::Url& url,
                                        const std::vector<net::Endpoint>& endpoints,
                                        const std::string& sni, const std::string& referer,
                                        bool first_hop, net::Trace& flow) {
  FetchSpec spec;
  spec.endpoints = endpoints;
  spec.request.url = url.text;
  spec.request.target = url.target;
  spec.request.headers = request_headers(config, url, referer);
  spec.limits = net::HttpLimits{config.timeouts.http, config.body_cap};
  if (url.is_https()) {
    spec.tls.emplace();
    spec.tls->server_name = sni;
  }
  if (first_hop && config.lender && !endpoints.empty()) {
    if (auto lent = co_await config.lender(endpoints.front())) {
      if (auto out = co_await fetch_lent(config, spec, std::move(*lent), flow))
        co_return std::move(*out);
    }
  }
  co_return co_await fetch_once(*config.dialer, *config.trust, config.timeouts, spec, flow);
}

}  // namespace

asio::awaitable<FetchOutcome> fetch_once(net::Dialer& dialer, net::TrustStore& trust,
                                         const core::StepTimeouts& timeouts, const FetchSpec& spec,
                                         net::Trace& flow) {
  FetchOutcome out;
  // One connect deadline for the whole list of addresses (net/dial_first.hpp); the addresses
  // not reached within it are not tried.
  auto first =
      co_await net::dial_first(dialer, spec.endpoints, timeouts.connect, spec.max_addresses, flow);
  std::optional<net::ObservedTcp> tcp = std::move(first.stream);
  out.failure = first.failure;
  const std::size_t count = first.reachable;
  const std::size_t tried = first.tried;
  if (!tcp) {
    // Which addresses were never dialled, and why, so the measurement does not read as if the
    // name had only the addresses in tcp_connect.
    for (std::size_t i = tried; i < spec.endpoints.size(); ++i) {
      out.skipped.push_back(
          {spec.endpoints[i].str(), i < count ? "connect_budget_spent" : "address_cap"});
    }
    if (!out.failure)
      out.failure = core::Failure::unknown("no address to connect to");
    out.failed_operation = Operation::connect;
    co_return out;
  }
  out.failure.reset();

  net::HttpRoundTripResult rt;
  if (spec.tls) {
    auto tls = co_await net::tls_handshake(std::move(*tcp), trust, *spec.tls, timeouts.tls, flow);
    if (!tls.stream) {
      out.failure = tls.failure;
      out.failed_operation = Operation::tls_handshake;
      co_return out;
    }
    rt = co_await net::http_round_trip(*tls.stream, spec.request, spec.limits, flow);
  } else {
    rt = co_await net::http_round_trip(*tcp, spec.request, spec.limits, flow);
  }
  out.response = std::move(rt.response);
  if (rt.failure) {
    out.failure = rt.failure;
    out.failed_operation = Operation::http_round_trip;
  }
  co_return out;
}

json::array to_json_array(const std::vector<SkippedAddress>& skipped) {
  json::array out;
  for (const auto& s : skipped)
    out.push_back(json::object{{"address", s.address}, {"reason", s.reason}});
  return out;
}

model::HeaderList request_headers_for(const net::Url& url,
                                      const std::optional<model::HeaderList>& headers,
                                      const std::string& referer) {
  model::HeaderList out;
  out.emplace_back("Host", url.host_header());
  for (auto& h : headers ? *headers : net::ooni_default_headers())
    out.push_back(std::move(h));
  if (!referer.empty())
    out.emplace_back("Referer", referer);
  return out;
}

void record_failed_request(net::Trace& trace, const net::Url& url, model::HeaderList headers,
                           const core::Failure& failure) {
  model::HttpTransaction tx;
  tx.request.url = url.text;
  tx.request.headers = std::move(headers);
  tx.t0 = tx.t = trace.now();
  tx.failure = failure;
  trace.add(std::move(tx));
}

void add_urlgetter_keys(json::object& keys, const net::Trace& trace,
                        const core::MaybeFailure& failure,
                        std::optional<Operation> failed_operation) {
  keys["agent"] = "redirect";
  keys["failed_operation"] =
      failed_operation ? json::value(core::to_string(*failed_operation)) : json::value(nullptr);
  keys["failure"] = core::failure_json(failure);
  keys["network_events"] = model::to_json_array(trace.network_events);
  keys["queries"] = model::to_json_array(trace.queries);
  keys["requests"] = model::to_json_array(trace.requests);
  keys["tcp_connect"] = model::to_json_array(trace.tcp_connect);
  keys["tls_handshakes"] = model::to_json_array(trace.tls_handshakes);
}

asio::awaitable<UrlGetterResult> run_urlgetter(const UrlGetterConfig& config,
                                               const core::MeasurementClock& clock) {
  net::Trace all(clock, 0);
  all.set_archive(config.archive);
  int64_t next_id = config.first_transaction_id;
  core::MaybeFailure failure;
  std::optional<Operation> failed_operation;
  std::optional<model::HttpResponse> last_response;
  std::vector<SkippedAddress> skipped;

  auto parsed = net::parse_url(config.url);
  if (!parsed.ok()) {
    failure = core::Failure::unknown(parsed.error().why);
    failed_operation = Operation::top_level;
  } else {
    net::Url url = parsed.value();
    const std::string input_host = url.host;
    std::string referer;
    for (std::size_t hop = 0;; ++hop) {
      const model::EventTags tags =
          config.tag_depth ? model::EventTags{"depth=" + std::to_string(hop)} : model::EventTags{};
      std::vector<net::Endpoint> endpoints;
      if (url.host == input_host && config.address) {
        endpoints.push_back(*config.address);
      } else if (url.host == input_host && !config.input_addresses.empty()) {
        endpoints = config.input_addresses;
      } else if (auto ip = net::parse_ip(url.host)) {
        endpoints.push_back({*ip, url.port});
      } else {
        net::Trace lookup(clock, next_id++, tags);
        lookup.set_archive(config.archive);
        auto found = co_await config.resolver->lookup(url.host, lookup);
        if (found.failure) {
          record_failed_request(lookup, url, request_headers(config, url, referer), *found.failure);
          all.merge(std::move(lookup));
          failure = found.failure;
          failed_operation = Operation::resolve;
          break;
        }
        all.merge(std::move(lookup));
        for (const auto& a : found.addresses) {
          if (auto ip = net::parse_ip(a))
            endpoints.push_back({*ip, url.port});
        }
      }

      std::string sni = (url.host == input_host && !config.sni.empty()) ? config.sni : url.host;
      net::Trace flow(clock, next_id++, tags);
      flow.set_archive(config.archive);
      FetchOutcome hop_out =
          co_await fetch_hop(config, url, endpoints, sni, referer, hop == 0, flow);
      if (hop_out.failure && hop_out.failed_operation != Operation::http_round_trip) {
        record_failed_request(flow, url, request_headers(config, url, referer), *hop_out.failure);
      }
      all.merge(std::move(flow));
      for (auto& s : hop_out.skipped)
        skipped.push_back(std::move(s));
      if (hop_out.response)
        last_response = std::move(hop_out.response);
      if (hop_out.failure) {
        failure = hop_out.failure;
        failed_operation = hop_out.failed_operation;
        break;
      }
      const auto& response = *last_response;
      auto location = model::find_header(response.headers, "Location");
      if (!is_redirect(response.code) || !location)
        break;
      // Go's client (and so OONI's probe) gives up at the 10th redirect response instead of
      // making an 11th request: 10 requests in all.
      if (hop + 1 >= config.max_redirects) {
        failure = core::Failure::unknown("stopped after too many redirects");
        failed_operation = Operation::http_round_trip;
        break;
      }
      auto next = net::resolve_location(url, *location);
      if (!next.ok()) {
        // A host no resolver could be asked for is refused as it is for an input URL.
        failure = next.error().why == "URL has no host"
                      ? core::Failure(FailureKind::http_invalid_redirect_location_host)
                  : next.error().why == net::kInvalidDomainName
                      ? core::Failure::unknown(next.error().why)
                      : core::Failure::unknown("invalid redirect: " + next.error().why);
        failed_operation = Operation::http_round_trip;
        break;
      }
      referer = url.text;
      url = next.value();
    }
  }

  // OONI lists requests newest first.
  std::reverse(all.requests.begin(), all.requests.end());

  UrlGetterResult result;
  if (config.archive) {
    json::object& tk = result.test_keys;
    add_urlgetter_keys(tk, all, failure, failed_operation);
    tk["x_dns_duplicate_responses"] = model::to_json_array(all.dns_duplicates);
    tk["socksproxy"] = nullptr;
    tk["tunnel"] = "";
    if (!skipped.empty())
      tk["x_skipped_addresses"] = to_json_array(skipped);
  }
  result.failure = failure;
  result.failed_operation = failed_operation;
  result.last_response = std::move(last_response);
  co_return result;
}

}  // namespace ashyq::experiments
