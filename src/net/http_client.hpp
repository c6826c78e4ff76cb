// One HTTP/1.1 round trip (Beast) over an established stream (plain TCP or TLS): write the
// request, read the headers (capped), read the body up to a cap (the rest is not read: the body
// is marked truncated and the connection is dropped), all under one deadline. Records the
// `requests` entry and http_transaction_start/_done events into the trace.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "model/http_transaction.hpp"
#include "net/tls_handshaker.hpp"

namespace ashyq::net {

struct HttpRequestSpec {
  std::string method = "GET";
  std::string url;            // recorded as request.url
  std::string target;         // "/path?query"
  model::HeaderList headers;  // in order, Host first
  std::string body;
};

struct HttpRoundTripResult {
  std::optional<model::HttpResponse> response;  // headers arrived (maybe a partial body)
  core::MaybeFailure failure;
};

struct HttpLimits {
  std::chrono::milliseconds timeout{10000};
  std::size_t body_cap = 1 << 19;
};

// OONI's default request headers (Host is added by the caller).
model::HeaderList ooni_default_headers();

boost::asio::awaitable<HttpRoundTripResult> http_round_trip(ObservedTcp& stream,
                                                            const HttpRequestSpec& request,
                                                            const HttpLimits& limits, Trace& trace);
boost::asio::awaitable<HttpRoundTripResult> http_round_trip(TlsStream& stream,
                                                            const HttpRequestSpec& request,
                                                            const HttpLimits& limits, Trace& trace);

}  // namespace ashyq::net
