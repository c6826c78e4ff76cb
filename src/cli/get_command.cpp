// `ashyq get URL`: one urlgetter measurement, printed as OONI JSON on stdout.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/common_flags.hpp"
#include "cli/exit_codes.hpp"
#include "core/json.hpp"
#include "experiments/measurement.hpp"
#include "experiments/urlgetter.hpp"
#include "net/url.hpp"

namespace ashyq::cli {

namespace asio = boost::asio;

namespace {

struct GetOptions {
  std::string url;
  std::string resolver = "system";
  std::string address;
  std::string sni;
  std::string ca_file;
  std::string doh_address;
  TimeoutFlags timeouts;
  std::size_t max_body = core::SizeCaps::kHttpBody;
};

int run_get(const GetOptions& o) {
  auto fail = [](const std::string& message) {
    std::cerr << "ashyq get: " << message << "\n";
    return kUsage;
  };
  auto parsed_url = net::parse_url(o.url);
  if (!parsed_url.ok()) {
    return fail("bad URL '" + o.url + "': " + parsed_url.error().why);
  }

  experiments::UrlGetterConfig config;
  config.url = o.url;
  config.timeouts = o.timeouts.timeouts();
  config.body_cap = o.max_body;
  config.sni = o.sni;
  auto trust = net::TrustStore::system_or_file(o.ca_file);
  if (!trust)
    return fail(trust.error().message());
  config.trust = trust.value();
  if (!o.address.empty()) {
    config.address = net::parse_endpoint(o.address);
    if (!config.address) {
      if (auto ip = net::parse_ip(o.address)) {
        config.address = net::Endpoint{*ip, parsed_url.value().port};
      } else {
        return fail("--address '" + o.address + "' is not IP or IP:PORT");
      }
    }
  }
  net::ResolverOptions resolver_options;
  resolver_options.timeouts = config.timeouts;
  resolver_options.trust = config.trust;
  resolver_options.doh_address = o.doh_address;
  auto resolver = net::make_resolver(o.resolver, resolver_options);
  if (!resolver.ok())
    return fail(resolver.error().message());
  config.resolver = resolver.value();
  config.dialer = std::make_shared<net::TcpDialer>();

  core::MeasurementClock clock;
  asio::io_context io;
  auto future = asio::co_spawn(io, experiments::run_urlgetter(config, clock), asio::use_future);
  io.run();
  experiments::UrlGetterResult result = future.get();
  double runtime = clock.now();

  experiments::EnvelopeInfo info;
  info.test_name = "urlgetter";
  info.test_version = "0.2.0";
  info.input = o.url;
  auto measurement =
      experiments::make_measurement(info, clock, runtime, std::move(result.test_keys));
  std::cout << core::to_json_text(measurement) << "\n";
  return kMeasured;
}

}  // namespace

Command add_get_command(CLI::App& app) {
  auto options = std::make_shared<GetOptions>();
  auto* sub =
      app.add_subcommand("get", "Fetch one URL step by step and print the OONI measurement");
  sub->add_option("url", options->url, "http:// or https:// URL")->required();
  sub->add_option("--resolver", options->resolver,
                  "system, udp://IP[:PORT], tcp://IP[:PORT] or https://HOST/PATH (DoH)")
      ->capture_default_str();
  sub->add_option("--address", options->address,
                  "connect to IP[:PORT] instead of resolving the URL's host");
  sub->add_option("--sni", options->sni, "TLS server name (default: the URL's host)");
  sub->add_option("--ca-file", options->ca_file, "PEM roots to trust instead of the system's")
      ->check(CLI::ExistingFile);
  sub->add_option("--doh-address", options->doh_address,
                  "connect to this IP:PORT for the DoH server instead of resolving it");
  options->timeouts.add_to(sub);
  sub->add_option("--max-body", options->max_body, "bytes of body kept; the rest is not read")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{64} << 20));
  return {sub, [options] { return run_get(*options); }};
}

}  // namespace ashyq::cli
