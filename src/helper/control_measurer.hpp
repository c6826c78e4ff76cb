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
  std::shared_ptr<net::Resolver> resolver;  // MANDATORY: the helper's own resolver
  std::shared_ptr<net::Dialer> dialer;      // MANDATORY: real, or a test fake
  // MANDATORY: the endpoints' handshakes and the fetch's. The helper gives it a store that
  // resumes TLS sessions (TrustStore::enable_session_cache) for as long as it keeps answers: a
  // check or fetch may resume the session of a full, verified handshake with the same address
  // and name made within that time (docs/helper.md, "TLS resumption").
  std::shared_ptr<net::TrustStore> trust;
  std::shared_ptr<const AddressPolicy> policy;  // MANDATORY
  std::shared_ptr<geo::AsnDatabase> asn;        // MANDATORY (may be empty)
  core::StepTimeouts timeouts;                  // per step
  std::size_t body_cap = 2u << 20;              // bytes of the fetched page kept
  std::size_t max_endpoints = 16;               // addresses measured per request
};

boost::asio::awaitable<model::ControlResponse> measure_control(const model::ThRequest& request,
                                                               const ControlMeasurerConfig& config);

// The request headers forwarded to the site: Accept, Accept-Language and User-Agent (the first
// value of each, names matched without case), as OONI's helper does; the probe's defaults when
// the request has none of them.
model::HeaderList forwarded_headers(const model::ThRequest& request);

// The probe's addresses as the measurer reads them: each tcp_connect entry that parses as
// IP:port, its address only (the ports measured follow from the URL), normalised, sorted, once
// each. With more than max_endpoints allowed addresses, the first ones in this order are measured.
std::vector<std::string> probe_addresses(const model::ThRequest& request);

// The legacy names in a control response (docs/ooni-formats.md#legacy-failure-strings).
core::MaybeFailure legacy_dns_failure(const core::MaybeFailure& f);
core::MaybeFailure legacy_tcp_failure(const core::MaybeFailure& f);
core::MaybeFailure legacy_http_failure(const core::MaybeFailure& f, bool during_resolve);

}  // namespace ashyq::helper
