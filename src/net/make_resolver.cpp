#include <charconv>

#include "net/dns_over_https.hpp"
#include "net/dns_over_tls.hpp"
#include "net/dns_over_udp.hpp"
#include "net/system_resolver.hpp"

namespace ashyq::net {

namespace {

std::optional<Endpoint> parse_server(std::string_view rest, uint16_t default_port) {
  if (auto ep = parse_endpoint(rest))
    return *ep;
  if (auto ip = parse_ip(rest))
    return Endpoint{*ip, default_port};
  return std::nullopt;
}

}  // namespace

core::Result<std::shared_ptr<Resolver>> make_resolver(std::string_view spec,
                                                      const ResolverOptions& options) {
  const std::string where = "resolver '" + std::string(spec) + "'";
  auto fail = [&](std::string why) { return core::Error{where, std::move(why)}; };
  if (spec == "system") {
    return std::make_shared<SystemResolver>(options.timeouts.dns);
  }
  for (auto [prefix, is_udp] : {std::pair{"udp://", true}, std::pair{"tcp://", false}}) {
    std::string_view p(prefix);
    if (spec.starts_with(p)) {
      auto server = parse_server(spec.substr(p.size()), 53);
      if (!server)
        return fail("expected IP or IP:PORT, got '" + std::string(spec.substr(p.size())) + "'");
      auto ep = *server;
      if (is_udp)
        return std::make_shared<DnsOverUdp>(ep, options.timeouts);
      return std::make_shared<DnsOverTcp>(ep, options.timeouts);
    }
  }
  if (spec.starts_with("dot://")) {
    auto rest = spec.substr(6);
    if (rest.ends_with("/"))
      rest.remove_suffix(1);
    auto server = parse_dot_server(rest);
    if (!server)
      return fail("expected dot://HOST_OR_IP[:PORT]");
    auto trust = options.trust ? options.trust : TrustStore::system();
    return std::make_shared<DnsOverTls>(std::move(*server), trust, options.timeouts);
  }
  if (spec.starts_with("https://")) {
    auto url = parse_url(spec);
    if (!url.ok()) {
      return fail(url.error().why);
    }
    std::optional<Endpoint> address;
    if (!options.doh_address.empty()) {
      address = parse_endpoint(options.doh_address);
      if (!address)
        return fail("the DoH address '" + options.doh_address + "' is not IP:PORT");
    }
    auto trust = options.trust ? options.trust : TrustStore::system();
    return std::make_shared<DnsOverHttps>(url.value(), address, trust, options.timeouts);
  }
  return fail(
      "unknown kind (use system, udp://IP[:PORT], tcp://IP[:PORT], dot://HOST[:PORT] or "
      "https://HOST/PATH)");
}

}  // namespace ashyq::net
