#include "model/url_parts.hpp"

#include <algorithm>
#include <boost/url/grammar/ci_string.hpp>
#include <boost/url/parse.hpp>

namespace ashyq::model {

std::optional<UrlParts> split_url(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
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
