#include "net/url.hpp"

#include <algorithm>
#include <boost/url.hpp>

#include "core/ascii.hpp"
#include "model/idna.hpp"
#include "net/dns_name.hpp"
#include "net/endpoint.hpp"

namespace ashyq::net {

namespace urls = boost::urls;

bool Url::host_is_ip() const {
  return parse_ip(host).has_value();
}

std::string Url::host_header() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (explicit_port)
    h += ":" + std::to_string(port);
  return h;
}

namespace {

core::Result<Url> from_view(urls::url_view u) {
  Url out;
  out.scheme = std::string(u.scheme());
  out.scheme = core::ascii_lower(out.scheme);
  if (out.scheme != "http" && out.scheme != "https") {
    return core::Error{"", "unsupported scheme '" + out.scheme + "' (only http and https)"};
  }
  if (!u.has_authority() || u.host().empty())
    return core::Error{"", "URL has no host"};
  out.host = u.host_address();  // decoded; IPv6 without brackets
  if (model::has_non_ascii(out.host)) {
    // An IDN: measured (DNS, SNI, Host) and recorded under its A-label, as OONI does.
    auto a_label = model::to_a_label(out.host);
    // UTS #46 drops some code points (a byte-order mark, soft hyphens), so what is left of a
    // non-ASCII host can be plain ASCII that is no DNS name ("a.e%2" from "a.e%2\uFEFF"):
    // checked before it becomes the URL's host, which refuses a stray '%' by throwing.
    if (!a_label || !is_valid_dns_name(*a_label))
      return core::Error{"", std::string(kInvalidDomainName)};
    urls::url ascii(u);
    ascii.set_encoded_host(*a_label);
    return from_view(ascii);
  }
  out.host = core::ascii_lower(out.host);
  // Checked after percent-decoding, as browsers' URL parsers do: "%00" or "%ff" in a host is a
  // byte no DNS name holds.
  if (!parse_ip(out.host) && !is_valid_dns_name(out.host))
    return core::Error{"", std::string(kInvalidDomainName)};
  if (u.has_port()) {
    if (u.port().empty() || u.port_number() == 0)
      return core::Error{"", "invalid port"};
    out.port = u.port_number();
    out.explicit_port = true;
  } else {
    out.port = out.scheme == "https" ? 443 : 80;
  }
  out.target = std::string(u.encoded_path());
  if (out.target.empty())
    out.target = "/";
  if (u.has_query())
    out.target += "?" + std::string(u.encoded_query());
  out.text = std::string(u.buffer());
  if (u.encoded_path().empty()) {
    // An empty path means "/" (RFC 9110 §4.2.1). Rebuilt by hand: Boost.URL 1.81 turns
    // set_encoded_path("/") on an empty path into "/./".
    out.text = out.scheme + "://" + std::string(u.encoded_authority()) + "/";
    if (u.has_query())
      out.text += "?" + std::string(u.encoded_query());
  }
  return out;
}

}  // namespace

core::Result<Url> parse_url(std::string_view text) {
  const std::string encoded = model::percent_encode_non_ascii(text);
  auto parsed = urls::parse_uri(encoded);
  if (!parsed)
    return core::Error{"", "not an absolute URL: " + parsed.error().message()};
  urls::url u = *parsed;
  u.normalize_scheme();
  u.remove_fragment();
  return from_view(u);
}

core::Result<Url> resolve_location(const Url& base, std::string_view location) {
  auto base_parsed = urls::parse_absolute_uri(base.text);
  if (!base_parsed)
    return core::Error{"", "bad base URL"};
  const std::string encoded = model::percent_encode_non_ascii(location);
  auto ref = urls::parse_uri_reference(encoded);
  if (!ref)
    return core::Error{"", "bad Location: " + ref.error().message()};
  urls::url out;
  auto r = urls::resolve(*base_parsed, *ref, out);
  if (!r)
    return core::Error{"", "cannot resolve Location: " + r.error().message()};
  out.remove_fragment();
  return from_view(out);
}

}  // namespace ashyq::net
