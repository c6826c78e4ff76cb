// URLs as the measurement sees them: scheme (http/https), host (lower case, IPv6 without
// brackets, an internationalised name as its IDNA A-label), effective port and the request
// target. Parsing uses Boost.URL (bytes above 0x7F percent-encoded first) and libidn2; anything
// but an absolute http(s) URL with a host is rejected with a reason.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ashyq::net {

struct Url {
  std::string scheme;  // "http" or "https"
  std::string host;    // lower case; an IPv6 literal without brackets; an IDN's A-label
  uint16_t port = 0;   // explicit port, or 80/443 from the scheme
  bool explicit_port = false;
  std::string target;  // path and query, at least "/"
  std::string text;    // the URL as given, normalised by Boost.URL, with the A-label host

  bool is_https() const { return scheme == "https"; }
  bool host_is_ip() const;
  // "host" or "host:port" when the port is explicit, as the Host header wants it.
  std::string host_header() const;
};

// A URL ashyq cannot measure: the Error's `why` alone says why (its `where` is empty), so that
// an invalid host reads exactly as the failure string kInvalidDomainName.
core::Result<Url> parse_url(std::string_view text);

// Resolves a Location header against the URL it came from (RFC 3986 §5).
core::Result<Url> resolve_location(const Url& base, std::string_view location);

}  // namespace ashyq::net
