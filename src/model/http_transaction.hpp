// df-001 requests: one HTTP round trip, the request sent and the response received (if any).
// OONI always writes a "response" object, with code 0 and no headers when nothing arrived; here
// that is `response == nullopt`.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/failure.hpp"
#include "core/result.hpp"
#include "model/event_timing.hpp"
#include "model/http_headers.hpp"

namespace ashyq::model {

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  HeaderList headers;
  std::string body;  // raw bytes

  friend bool operator==(const HttpRequest&, const HttpRequest&) = default;
};

struct HttpResponse {
  int code = 0;
  HeaderList headers;  // in order
  std::string body;    // raw bytes
  bool body_is_truncated = false;

  friend bool operator==(const HttpResponse&, const HttpResponse&) = default;
};

struct HttpTransaction : EventTiming {
  std::string network = "tcp";
  std::string address;  // "IP:port" (LTE and ashyq; v0.4 has none)
  std::string alpn;
  std::string transport = "tcp";  // request.x_transport
  HttpRequest request;
  std::optional<HttpResponse> response;
  core::MaybeFailure failure;

  // What the analysis reads of the response: code 0, no headers, empty body when none arrived.
  int status_code() const { return response ? response->code : 0; }
  const std::string& response_body() const;
  const HeaderList& response_headers() const;
  bool body_is_truncated() const { return response && response->body_is_truncated; }
  // The first value of a response header (case-insensitive name), or nullopt.
  std::optional<std::string> header(std::string_view name) const;
};

boost::json::value to_json(const HttpTransaction& r);
core::Result<HttpTransaction> http_transaction_from_json(const boost::json::value& v,
                                                         std::string path = {});
void read_http_transaction(JsonReader& r, HttpTransaction& h);

}  // namespace ashyq::model
