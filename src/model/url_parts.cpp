#include "model/url_parts.hpp"

#include <boost/url/parse.hpp>

namespace ashyq::model {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

std::optional<UrlParts> split_url(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed)
    return std::nullopt;
  const auto& u = *parsed;
  UrlParts parts;
  parts.scheme = lower(u.scheme());
  if (parts.scheme != "http" && parts.scheme != "https")
    return std::nullopt;
  if (!u.has_authority())
    return std::nullopt;
  // host_address() is the name or the IP literal without the brackets of an IPv6 host.
  parts.host = lower(u.host_address());
  if (parts.host.empty())
    return std::nullopt;
  const auto port = u.port();
  parts.port = !port.empty() ? std::string(port) : (parts.scheme == "https" ? "443" : "80");
  parts.host_is_ip = u.host_type() == boost::urls::host_type::ipv4 ||
                     u.host_type() == boost::urls::host_type::ipv6;
  return parts;
}

}  // namespace ashyq::model
