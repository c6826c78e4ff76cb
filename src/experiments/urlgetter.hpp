// urlgetter: fetch one URL step by step — resolve, TCP connect, TLS handshake, HTTP GET —
// following redirects with a fresh connection per hop, and record every step. This is what
// `ashyq get` runs; its test_keys follow OONI's urlgetter (ts-030) field names.
//
// The network is injected (resolver, dialer, trust store), so the same code runs against the
// internet, the lab, or test fakes. Network failures are recorded, never thrown.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/limits.hpp"
#include "model/http_transaction.hpp"
#include "net/dialer.hpp"
#include "net/http_client.hpp"
#include "net/resolver.hpp"
#include "net/tls_handshaker.hpp"
#include "net/trace.hpp"
#include "net/url.hpp"

namespace ashyq::experiments {

// Addresses dialled for one host at most: a name that resolves to 1,000 addresses is measured on
// its first 16, as the test helper measures 16 (decided 2026-12-07, issue 19).
inline constexpr std::size_t kMaxAddressesPerHost = 16;

// An address of a hop that was not dialled, recorded as `x_skipped_addresses` when the hop
// found no connection: "address_cap" (past kMaxAddressesPerHost) or "connect_budget_spent" (the
// hop's one connect deadline ran out before its turn).
struct SkippedAddress {
  std::string address;  // "IP:port"
  std::string reason;
};
boost::json::array to_json_array(const std::vector<SkippedAddress>& skipped);

// A connection its caller already made to the first address of the input's host, with the TLS
// options the first hop would use, lent to that hop instead of a connection of its own: the test
// helper checks every endpoint of the URL and its fetch then takes the check's connection, one
// TCP connect and one TLS handshake fewer per control request (2026-12-07, issue 19). A failed
// attempt is lent too: it is the hop's attempt on that address (a failed connect moves on to
// the next address, a failed handshake ends the hop, as on a connection of its own).
struct LentConnection {
  std::optional<net::ObservedTcp> tcp;  // http: the connection
  std::unique_ptr<net::TlsStream> tls;  // https: the verified TLS connection
  core::MaybeFailure failure;           // or how the attempt failed
  core::Operation failed_operation = core::Operation::connect;  // connect or tls_handshake
};
// Asked once, for the first hop's first address; nullopt: nothing to lend, the hop dials.
using ConnectionLender =
    std::function<boost::asio::awaitable<std::optional<LentConnection>>(const net::Endpoint&)>;

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
  std::optional<model::HeaderList> request_headers;
  // false: leave UrlGetterResult::test_keys empty (the test helper keeps only the last response;
  // building the archival JSON of every event was a tenth of its CPU per control request).
  bool archive = true;
  ConnectionLender lender;  // OPTIONAL: see LentConnection
  // OPTIONAL: the first transaction id (each hop's lookup and flow take the next ones), and
  // whether each hop's records are tagged "depth=N" (N = 0 for the input URL, 1 after the first
  // redirect, …), as web_connectivity records its hops beside its own records.
  int64_t first_transaction_id = 1;
  bool tag_depth = false;
};

struct UrlGetterResult {
  boost::json::object test_keys;
  core::MaybeFailure failure;
  std::optional<core::Operation> failed_operation;
  std::optional<model::HttpResponse> last_response;  // of the last hop that answered
};

boost::asio::awaitable<UrlGetterResult> run_urlgetter(const UrlGetterConfig& config,
                                                      const core::MeasurementClock& clock);

// --- the steps, for experiments that fetch the way urlgetter does ------------------------------

// One request over a fresh connection.
struct FetchSpec {
  // Tried in order until one connects, within one connect deadline for all of them (each gets
  // an equal part of what is left, at least 2 s; those the deadline does not reach are skipped),
  // the first `max_addresses` only.
  std::vector<net::Endpoint> endpoints;
  std::size_t max_addresses = kMaxAddressesPerHost;
  net::HttpRequestSpec request;
  net::HttpLimits limits;
  std::optional<net::TlsOptions> tls;  // set: a TLS handshake first (https)
};

struct FetchOutcome {
  core::MaybeFailure failure;
  std::optional<core::Operation> failed_operation;  // connect, tls_handshake or http_round_trip
  std::optional<model::HttpResponse> response;      // when the server answered
  std::vector<SkippedAddress> skipped;              // when no address connected
};

// Connects to the first endpoint that answers, then TLS (when `spec.tls` is set), then the
// request. Every step is recorded into `flow`, under the deadlines of `timeouts`.
boost::asio::awaitable<FetchOutcome> fetch_once(net::Dialer& dialer, net::TrustStore& trust,
                                                const core::StepTimeouts& timeouts,
                                                const FetchSpec& spec, net::Trace& flow);

// Host, then `headers` (OONI's defaults when unset), then Referer when `referer` is not empty.
model::HeaderList request_headers_for(
    const net::Url& url, const std::optional<model::HeaderList>& headers = std::nullopt,
    const std::string& referer = {});

// A request that never reached the HTTP exchange (the name did not resolve, no connection, no
// TLS) is still a request that failed, as OONI records it: requests[0] then says why the page
// could not be fetched.
void record_failed_request(net::Trace& trace, const net::Url& url, model::HeaderList headers,
                           const core::Failure& failure);

// urlgetter's keys of one fetch (agent, failed_operation, failure, network_events, queries,
// requests, tcp_connect, tls_handshakes), added to `keys` in that order.
void add_urlgetter_keys(boost::json::object& keys, const net::Trace& trace,
                        const core::MaybeFailure& failure,
                        std::optional<core::Operation> failed_operation);

}  // namespace ashyq::experiments
