// What the helper measures for one control request (docs/ooni-formats.md#what-a-helper-measures):
// resolve the URL's host with its own resolver; TCP-connect to every allowed address (the probe's
// and its own) on the URL's ports, with a TLS handshake on 443; fetch the URL following
// redirects; describe every address in ip_info (ASN and flags). The steps run concurrently, each
// with its own deadline. Failure strings are translated to the legacy names OONI's helper uses.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <memory>

#include "core/limits.hpp"
#include "geo/asn_database.hpp"
#include "helper/guarded_network.hpp"
#include "model/th_request.hpp"
#include "model/th_response.hpp"
#include "net/tls_handshaker.hpp"

namespace ashyq::helper {

struct ControlMeasurerConfig {
  std::shared_ptr<net::Resolver> resolver;      // MANDATORY: the helper's own resolver
  std::shared_ptr<net::Dialer> dialer;          // MANDATORY: real, or a test fake
  std::shared_ptr<net::TrustStore> trust;       // MANDATORY
  std::shared_ptr<const AddressPolicy> policy;  // MANDATORY
  std::shared_ptr<geo::AsnDatabase> asn;        // MANDATORY (may be empty)
  core::StepTimeouts timeouts;                  // per step
  std::size_t body_cap = 2u << 20;              // bytes of the fetched page kept
  std::size_t max_endpoints = 16;               // addresses measured per request
};

boost::asio::awaitable<model::ControlResponse> measure_control(const model::ThRequest& request,
                                                               const ControlMeasurerConfig& config);

// The legacy names in a control response (docs/ooni-formats.md#legacy-failure-strings).
core::MaybeFailure legacy_dns_failure(const core::MaybeFailure& f);
core::MaybeFailure legacy_tcp_failure(const core::MaybeFailure& f);
core::MaybeFailure legacy_http_failure(const core::MaybeFailure& f, bool during_resolve);

}  // namespace ashyq::helper
