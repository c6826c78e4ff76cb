// The probe's side of OONI's test-helper protocol: POST the control request to the first helper
// that answers (a failed helper starts the next one), over our own net stack so the call has the
// same deadlines and caps as any measurement. The helper's traffic is not part of the test keys.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/th_request.hpp"
#include "model/th_response.hpp"
#include "net/dialer.hpp"
#include "net/resolver.hpp"
#include "net/tls_handshaker.hpp"

namespace ashyq::experiments {

struct ControlClientConfig {
  std::vector<std::string> helpers;  // base URLs: "https://th.example.org/", "http://IP:PORT/"
  std::shared_ptr<net::Resolver> resolver;  // for helper host names
  std::shared_ptr<net::Dialer> dialer;
  std::shared_ptr<net::TrustStore> trust;
  std::chrono::milliseconds timeout{30000};  // per helper, the whole exchange
  // A helper's answer for one URL is a few KiB (its largest parts are the page's headers, 64 KiB
  // at most, and the name's addresses). An answer over the cap, or with more entries than a
  // helper measures (kMaxControlEndpoints per map, kMaxControlAddresses addresses), is refused:
  // a valid 4 MiB answer of 80,000 endpoints took the probe to 80 MiB and made the measurement
  // 3.8 MB (found by tests/hostile, issue 19).
  std::size_t response_cap = 1u << 20;
};

inline constexpr std::size_t kMaxControlEndpoints = 256;   // tcp_connect, tls_handshake
inline constexpr std::size_t kMaxControlAddresses = 4096;  // dns.addrs, ip_info

struct ControlCall {
  boost::json::value raw;  // the response as received (null on failure)
  std::optional<model::ControlResponse> response;
  core::MaybeFailure failure;  // when every helper failed: the last reason
  std::string helper;          // the helper that answered (or was tried last)
};

boost::asio::awaitable<ControlCall> call_control(const ControlClientConfig& config,
                                                 const model::ThRequest& request);

}  // namespace ashyq::experiments
