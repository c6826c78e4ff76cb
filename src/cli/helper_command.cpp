// `ashyq helper --listen ADDR:PORT`: run the test helper (control server) until SIGINT/SIGTERM.
#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <iostream>
#include <thread>

#include "cli/commands.hpp"
#include "cli/common_flags.hpp"
#include "cli/exit_codes.hpp"
#include "helper/control_server.hpp"
#include "net/endpoint.hpp"

namespace ashyq::cli {

namespace asio = boost::asio;

namespace {

struct HelperOptions {
  std::string listen = "127.0.0.1:8080";
  std::string resolver = "system";
  std::string asn_db;
  std::string ca_file;
  std::vector<std::string> allow_prefixes;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  double rate = 20;
  double burst = 100;
  std::size_t max_in_flight = 256;
  double cache_ttl = 60;  // seconds; 0: no cache
};

int run_helper(const HelperOptions& o) {
  auto fail = [](const std::string& message) {
    std::cerr << "ashyq helper: " << message << "\n";
    return kUsage;
  };
  auto listen = net::parse_endpoint(o.listen);
  if (!listen)
    return fail("--listen '" + o.listen + "' is not IP:PORT");

  helper::ControlServerConfig config;
  config.max_in_flight = o.max_in_flight;
  config.rate_per_client = o.rate;
  config.burst_per_client = o.burst;
  config.cache.ttl = std::chrono::milliseconds(static_cast<long>(o.cache_ttl * 1000));
  auto& m = config.measurer;
  net::ResolverOptions resolver_options;
  // The control reports addresses, not duplicate replies: answer as soon as the first arrives
  // (a probe keeps listening to catch injected races; the helper, abroad, has nothing to catch).
  resolver_options.timeouts.dns_linger = std::chrono::milliseconds(0);
  auto resolver = net::make_resolver(o.resolver, resolver_options);
  if (!resolver.ok())
    return fail(resolver.error().message());
  m.resolver = resolver.value();
  m.dialer = std::make_shared<net::TcpDialer>();
  auto trust = net::TrustStore::system_or_file(o.ca_file);
  if (!trust)
    return fail(trust.error().message());
  m.trust = trust.value();
  // Answers and TLS sessions are reused for the same time: a check or fetch may resume the
  // session of a verified handshake with the same address and name made within --cache-ttl
  // (docs/helper.md, "TLS resumption"); with 0, every handshake is a full one.
  if (o.cache_ttl > 0)
    m.trust->enable_session_cache(
        4096, std::chrono::seconds(static_cast<long>(std::max(1.0, o.cache_ttl))));
  // Lab prefixes become reachable: they are declared public on top of the bogon defaults.
  std::string overrides;
  for (const auto& p : o.allow_prefixes)
    overrides += "-" + p + "\n";
  auto policy = analysis::BogonList::parse(overrides);
  if (!policy)
    return fail("--allow-prefix: " + policy.error().message());
  m.policy = std::make_shared<helper::AddressPolicy>(std::move(policy.value()));
  if (o.asn_db.empty()) {
    m.asn = geo::empty_asn_database();
  } else {
    auto db = geo::open_asn_database(o.asn_db);
    if (!db)
      return fail("--asn-db " + db.error().message());
    m.asn = *db;
  }

  asio::io_context io(static_cast<int>(o.threads));
  std::unique_ptr<helper::ControlServer> server;
  try {
    server = std::make_unique<helper::ControlServer>(
        io, asio::ip::tcp::endpoint(listen->ip, listen->port), config);
  } catch (const boost::system::system_error& e) {
    std::cerr << "ashyq helper: cannot listen on " << o.listen << ": " << e.code().message()
              << "\n";
    return kEnvironment;
  }
  server->start();
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](auto, int) {
    server->stop();
    io.stop();
  });
  auto bound = server->local_endpoint();
  std::cerr << "ashyq helper: listening on " << net::Endpoint{bound.address(), bound.port()}.str()
            << std::endl;
  net::run_on_threads(io, o.threads);
  return kMeasured;
}

}  // namespace

Command add_helper_command(CLI::App& app) {
  auto o = std::make_shared<HelperOptions>();
  auto* sub = app.add_subcommand("helper", "Run the test helper (OONI's control protocol)");
  sub->add_option("--listen", o->listen, "IP:PORT to listen on (plain HTTP)")
      ->capture_default_str();
  sub->add_option("--resolver", o->resolver, "how the helper resolves names (see ashyq get)")
      ->capture_default_str();
  sub->add_option("--asn-db", o->asn_db, "MaxMind .mmdb file or a prefix table (CIDR ASN [org])");
  sub->add_option("--ca-file", o->ca_file, "PEM roots to trust instead of the system's")
      ->check(CLI::ExistingFile);
  sub->add_option("--allow-prefix", o->allow_prefixes,
                  "a special-purpose prefix the helper may reach (labs only; repeatable)");
  sub->add_option("--threads", o->threads, "worker threads")
      ->capture_default_str()
      ->check(CLI::Range(1u, 64u));
  sub->add_option("--rate-limit", o->rate, "requests per second per client address (0: none)")
      ->capture_default_str();
  sub->add_option("--burst", o->burst, "burst per client address")->capture_default_str();
  sub->add_option("--max-in-flight", o->max_in_flight, "measurements at once before 503")
      ->capture_default_str();
  sub->add_option("--cache-ttl", o->cache_ttl,
                  "seconds an answer is shared by identical requests and a verified TLS session is "
                  "resumed (0: measure every request afresh)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 600.0));
  return {sub, [o] { return run_helper(*o); }};
}

}  // namespace ashyq::cli
