// The Host of a plaintext HTTP/1.x request, read from the first bytes a client sends. The lab's
// censor uses it to match requests; like the ClientHello parser it tells "not HTTP", "need more"
// and "done". Pure function, no I/O.
#pragma once

#include <string_view>

#include "lab/tls_client_hello.hpp"

namespace ashyq::lab {

struct HttpRequestInfo {
  ParseStatus status = ParseStatus::kNotMatched;
  std::string host;  // lower case, without port; from the Host header, else an absolute URI
};

HttpRequestInfo parse_http_host(std::string_view stream);

}  // namespace ashyq::lab
