// urlgetter: fetch one URL step by step — resolve, TCP connect, TLS handshake, HTTP GET —
// following redirects with a fresh connection per hop, and record every step. This is what
// `ashyq get` runs; its test_keys follow OONI's urlgetter (ts-030) field names.
//
// The network is injected (resolver, dialer, trust store), so the same code runs against the
// internet, the lab, or test fakes. Network failures are recorded, never thrown.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/limits.hpp"
#include "net/archival.hpp"
#include "net/dialer.hpp"
#include "net/resolver.hpp"
#include "net/tls_handshaker.hpp"

namespace ashyq::experiments {

struct UrlGetterConfig {
  std::string url;                             // MANDATORY: http:// or https://
  std::shared_ptr<net::Resolver> resolver;     // MANDATORY
  std::shared_ptr<net::Dialer> dialer;         // MANDATORY
  std::shared_ptr<net::TrustStore> trust;      // MANDATORY
  std::optional<net::Endpoint> address;        // OPTIONAL: connect here for the input's host
  std::vector<net::Endpoint> input_addresses;  // OPTIONAL: or try these, in order
  std::string sni;                             // OPTIONAL: SNI for the input's host
  core::StepTimeouts timeouts;                 // OPTIONAL: defaults as OONI
  std::size_t body_cap = core::SizeCaps::kHttpBody;
  std::size_t max_redirects = core::SizeCaps::kRedirects;
  // OPTIONAL: request headers other than Host and Referer; OONI's defaults when unset.
  std::optional<net::HeaderList> request_headers;
};

struct UrlGetterResult {
  boost::json::object test_keys;
  core::MaybeFailure failure;
  std::optional<core::Operation> failed_operation;
  std::optional<net::HttpResponseRecord> last_response;  // of the last hop that answered
};

boost::asio::awaitable<UrlGetterResult> run_urlgetter(const UrlGetterConfig& config,
                                                      const core::MeasurementClock& clock);

}  // namespace ashyq::experiments
