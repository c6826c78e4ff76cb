// Internationalised host names: the one mapping from a Unicode host to the ASCII name that DNS,
// SNI and Host carry, shared by the measurement (net::parse_url) and the analysis
// (model::split_url) so that both name a host the same way.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ashyq::model {

// True when `s` holds a byte above 0x7F.
bool has_non_ascii(std::string_view s);

// `s` with every byte above 0x7F percent-encoded ("%D1%8F"), as a browser sends a URL typed with
// them: URL parsers take only RFC 3986 characters, and a host so encoded is decoded again and
// mapped by to_a_label.
std::string percent_encode_non_ascii(std::string_view s);

// The A-label form ("xn--…") of an internationalised host, by IDNA 2008 with UTS #46's
// non-transitional mapping (what browsers and Go's HTTP client, hence OONI's probe, use):
// "Яндекс.РФ" → "xn--d1acpjx3f.xn--p1ai". nullopt when the host is not a valid IDN (invalid
// UTF-8, a NUL, disallowed code points, a bad bidi or joiner context).
std::optional<std::string> to_a_label(std::string_view host);

}  // namespace ashyq::model
