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
  std::size_t response_cap = 4u << 20;
};

struct ControlCall {
  boost::json::value raw;  // the response as received (null on failure)
  std::optional<model::ControlResponse> response;
  core::MaybeFailure failure;  // when every helper failed: the last reason
  std::string helper;          // the helper that answered (or was tried last)
};

boost::asio::awaitable<ControlCall> call_control(const ControlClientConfig& config,
                                                 const model::ThRequest& request);

}  // namespace ashyq::experiments
