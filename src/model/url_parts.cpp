#include "model/url_parts.hpp"

#include <algorithm>
#include <boost/url/grammar/ci_string.hpp>
#include <boost/url/parse.hpp>

#include "model/idna.hpp"

namespace ashyq::model {

namespace {

// Recorded URLs (a Location header, an input from a list) may hold raw bytes in their path or
// query that RFC 3986 does not allow: non-ASCII bytes, spaces, quotes. Go's parser, and so OONI's,
// accepts them; Boost.URL does not. They are percent-encoded first, as browsers do, so such a URL
// still names its host. In the authority only bytes above 0x7F are encoded: an internationalised
// host, decoded again below and mapped to its A-label; any other such byte makes it no host.
std::string encode_disallowed(std::string_view url) {
  static constexpr std::string_view kDisallowed = " \"<>\\^`{|}";
  std::size_t rest = 0;
  if (auto scheme_end = url.find("://"); scheme_end != std::string_view::npos) {
    rest = url.find_first_of("/?#", scheme_end + 3);
    if (rest == std::string_view::npos)
      return percent_encode_non_ascii(url);  // no path: the authority alone
  }
  std::string out = percent_encode_non_ascii(url.substr(0, rest));
  out.reserve(url.size());
  for (unsigned char c : url.substr(rest)) {
    if (c >= 0x80 || c < 0x20 || c == 0x7f ||
        kDisallowed.find(static_cast<char>(c)) != std::string_view::npos) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0f];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

std::optional<UrlParts> split_url(std::string_view url) {
  const std::string encoded = encode_disallowed(url);
  auto parsed = boost::urls::parse_uri(encoded);
  if (!parsed)
    return std::nullopt;
  const auto& u = *parsed;
  UrlParts parts;
  // scheme_id() compares the scheme case-insensitively.
  if (u.scheme_id() == boost::urls::scheme::http) {
    parts.scheme = "http";
  } else if (u.scheme_id() == boost::urls::scheme::https) {
    parts.scheme = "https";
  } else {
    return std::nullopt;
  }
  if (!u.has_authority())
    return std::nullopt;
  // host_address() is the name or the IP literal without the brackets of an IPv6 host.
  parts.host = u.host_address();
  if (has_non_ascii(parts.host)) {
    auto a_label = to_a_label(parts.host);
    if (!a_label)
      return std::nullopt;
    parts.host = std::move(*a_label);
  }
  std::transform(parts.host.begin(), parts.host.end(), parts.host.begin(),
                 [](char c) { return boost::urls::grammar::to_lower(c); });
  if (parts.host.empty())
    return std::nullopt;
  const auto port = u.port();
  parts.port = !port.empty() ? std::string(port) : (parts.scheme == "https" ? "443" : "80");
  parts.host_is_ip = u.host_type() == boost::urls::host_type::ipv4 ||
                     u.host_type() == boost::urls::host_type::ipv6;
  return parts;
}

}  // namespace ashyq::model
