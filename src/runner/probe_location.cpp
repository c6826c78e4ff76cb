#include "runner/probe_location.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <charconv>
#include <fstream>

#include "core/ascii.hpp"
#include "core/clock.hpp"
#include "net/endpoint.hpp"
#include "net/stun_client.hpp"
#include "net/trace.hpp"

namespace ashyq::runner {

namespace asio = boost::asio;

core::Result<std::vector<std::string>> read_list_file(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    return core::Error{path, "cannot read the file"};
  std::vector<std::string> entries;
  std::string line;
  while (std::getline(in, line)) {
    if (auto hash = line.find('#'); hash != std::string::npos)
      line.resize(hash);
    auto entry = core::ascii_trim(line);
    if (!entry.empty())
      entries.emplace_back(entry);
  }
  return entries;
}

namespace {

// "HOST:PORT" → the endpoints to ask (the host's addresses, or the literal).
asio::awaitable<core::Result<std::vector<net::Endpoint>>> server_endpoints(
    const std::string& server, net::Resolver& resolver) {
  if (auto literal = net::parse_endpoint(server))
    co_return std::vector<net::Endpoint>{*literal};
  const auto colon = server.rfind(':');
  uint16_t port = 0;
  if (colon == std::string::npos || colon == 0 ||
      std::from_chars(server.data() + colon + 1, server.data() + server.size(), port).ec !=
          std::errc{} ||
      port == 0)
    co_return core::Error{server, "not HOST:PORT"};
  core::MeasurementClock clock;
  net::Trace trace(clock, 0);
  auto found = co_await resolver.lookup(server.substr(0, colon), trace);
  if (found.addresses.empty())
    co_return core::Error{server, found.failure ? found.failure->str() : "no address"};
  std::vector<net::Endpoint> endpoints;
  for (const auto& address : found.addresses) {
    if (auto ip = net::parse_ip(address); ip && ip->is_v4())  // IPv4 first, as OONI's lookup
      endpoints.push_back({*ip, port});
  }
  for (const auto& address : found.addresses) {
    if (auto ip = net::parse_ip(address); ip && ip->is_v6())
      endpoints.push_back({*ip, port});
  }
  co_return endpoints;
}

asio::awaitable<core::Result<ProbeLocation>> ask_servers(const LocationRequest& request,
                                                         net::Resolver& resolver) {
  std::string problems;
  for (const auto& server : request.stun_servers) {
    auto endpoints = co_await server_endpoints(server, resolver);
    if (!endpoints) {
      problems += (problems.empty() ? "" : "; ") + endpoints.error().message();
      continue;
    }
    for (const auto& endpoint : *endpoints) {
      auto address = co_await net::stun_public_address(endpoint, request.per_server);
      if (address)
        co_return ProbeLocation{*address, server};
      problems += (problems.empty() ? "" : "; ") + server + ": " + address.error().message();
      break;  // one address per server: a silent server is not asked twice
    }
  }
  if (request.stun_servers.empty())
    problems = "no STUN server to ask";
  co_return core::Error{"the probe's public address", problems};
}

}  // namespace

core::Result<ProbeLocation> locate_probe(const LocationRequest& request,
                                         const std::shared_ptr<net::Resolver>& resolver) {
  asio::io_context io;
  std::optional<core::Result<ProbeLocation>> located;
  asio::co_spawn(
      io, [&]() -> asio::awaitable<void> { located = co_await ask_servers(request, *resolver); },
      [](std::exception_ptr e) {
        if (e)
          std::rethrow_exception(e);
      });
  io.run();
  return std::move(*located);
}

bool apply_location(const std::string& public_address, experiments::WebConnectivityConfig& config) {
  if (!config.asn)
    return false;
  auto found = config.asn->lookup(public_address);
  if (!found)
    return false;
  if (found->asn != 0) {
    config.probe_asn = "AS" + std::to_string(found->asn);
    config.probe_network_name = found->organisation;
  }
  if (config.probe_cc == "ZZ" && found->country.size() == 2)
    config.probe_cc = found->country;
  return true;
}

}  // namespace ashyq::runner
