// One JSON POST to a service of the observatory (a test helper, a collector) over ashyq's own net
// stack, so the call has the same deadlines and caps as a measurement: resolve the host (unless it
// is an address), dial each address until one answers, TLS when the URL says https, one HTTP/1.1
// round trip. The service's traffic is recorded in a throwaway trace, never in a measurement.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "core/failure.hpp"
#include "net/dialer.hpp"
#include "net/resolver.hpp"
#include "net/tls_handshaker.hpp"

namespace ashyq::net {

// How to reach a service.
struct ServiceClient {
  std::shared_ptr<Resolver> resolver;  // for host names; an address in the URL needs none
  std::shared_ptr<Dialer> dialer;
  std::shared_ptr<TrustStore> trust;         // for https
  std::chrono::milliseconds timeout{30000};  // each of dial, handshake, round trip
  std::size_t response_cap = 4u << 20;       // a longer answer is a failure
};

struct ServiceAnswer {
  int status = 0;              // the HTTP status; 0 when the exchange failed
  std::string body;            // the whole body (never truncated: a longer one is a failure)
  core::MaybeFailure failure;  // why there is no answer (DNS, connect, TLS, HTTP, too long)
};

// One request: `method` to `url` with `body` (and its Content-Type when not empty).
boost::asio::awaitable<ServiceAnswer> call_service(const ServiceClient& client, std::string method,
                                                   const std::string& url, std::string body = {},
                                                   std::string content_type = {});

// POSTs `json_body` (Content-Type: application/json) to `url`.
inline boost::asio::awaitable<ServiceAnswer> post_json(const ServiceClient& client,
                                                       const std::string& url,
                                                       std::string json_body) {
  return call_service(client, "POST", url, std::move(json_body), "application/json");
}

}  // namespace ashyq::net
