#include "runner/probe_settings.hpp"

#include <memory>

#include "analysis/bogon_list.hpp"
#include "analysis/fingerprint_db.hpp"
#include "analysis/read_file.hpp"
#include "core/data_dir.hpp"
#include "experiments/registry.hpp"
#include "geo/asn_database.hpp"
#include "net/dialer.hpp"
#include "net/resolver.hpp"
#include "net/tls_handshaker.hpp"
#include "runner/address_scrubber.hpp"

namespace ashyq::runner {

namespace {

// An error from a file a flag named: "--bogons lab.csv:3: …".
core::Error flag_error(std::string_view flag, const core::Error& error) {
  return core::Error{std::string(flag) + (error.where.empty() ? "" : " " + error.where), error.why};
}

// The probe's own network: the first of its addresses (--probe-ip first, then the interfaces')
// the database knows. Only the ASN and its name are recorded, and the country when --probe-cc
// did not give one.
void identify_probe_network(const ProbeFlags& flags, experiments::WebConnectivityConfig& config) {
  for (const auto& address : probe_addresses(flags.probe_ips)) {
    auto found = config.asn->lookup(address);
    if (!found || found->asn == 0)
      continue;
    config.probe_asn = "AS" + std::to_string(found->asn);
    config.probe_network_name = found->organisation;
    if (config.probe_cc == "ZZ" && found->country.size() == 2)
      config.probe_cc = found->country;
    return;
  }
}

}  // namespace

core::Result<experiments::ExperimentSettings> probe_settings(const ProbeFlags& flags) {
  experiments::ExperimentSettings settings;
  settings.data_dir = core::data_dir();
  auto& config = settings.common;
  config.timeouts = flags.timeouts;
  config.probe_cc = flags.probe_cc;
  config.dial_loopback = flags.allow_loopback;

  auto trust = net::TrustStore::system_or_file(flags.ca_file);
  if (!trust)
    return core::Error{"--ca-file " + flags.ca_file, trust.error().why};
  config.trust = trust.value();
  net::ResolverOptions resolver_options;
  resolver_options.timeouts = config.timeouts;
  resolver_options.trust = config.trust;
  auto resolver = net::make_resolver(flags.resolver, resolver_options);
  if (!resolver)
    return core::Error{"--resolver '" + flags.resolver + "'", resolver.error().why};
  config.resolver = resolver.value();
  config.dialer = std::make_shared<net::TcpDialer>();

  config.control.helpers = flags.helpers;
  config.control.resolver = config.resolver;
  config.control.dialer = config.dialer;
  config.control.trust = net::TrustStore::system();
  config.control.timeout = flags.control_timeout;

  if (!flags.bogons.empty()) {
    auto text = analysis::read_file(flags.bogons);
    if (!text)
      return flag_error("--bogons", text.error());
    auto parsed = analysis::BogonList::parse(*text);
    if (!parsed)
      return flag_error("--bogons " + flags.bogons, parsed.error());
    config.bogons = std::make_shared<analysis::BogonList>(std::move(parsed.value()));
  }
  config.fingerprints = std::make_shared<analysis::FingerprintDb>();
  for (const auto& path : flags.fingerprints) {
    auto text = analysis::read_file(path);
    if (!text)
      return flag_error("--fingerprints", text.error());
    auto added = config.fingerprints->add_csv(*text, path);
    if (!added)
      return flag_error("--fingerprints " + path, added.error());
  }
  if (!flags.asn_db.empty()) {
    auto db = geo::open_asn_database(flags.asn_db);
    if (!db)
      return flag_error("--asn-db", db.error());
    config.asn = *db;
    identify_probe_network(flags, config);
  }
  return settings;
}

core::Result<void> add_experiment_settings(const ProbeFlags& flags, std::string_view test,
                                           experiments::ExperimentSettings& settings) {
  const auto* spec = experiments::find_experiment(test);
  if (!spec)
    return core::Error{"--test", "unknown test '" + std::string(test) + "'"};
  settings.options = {};
  for (const auto& kv : flags.experiment_options) {
    if (!settings.options.add(kv))
      return core::Error{"-O '" + kv + "'", "not KEY=VALUE"};
  }
  if (auto known = experiments::check_options(*spec, settings.options); !known)
    return known.error();
  if (spec->needs_interception_roots) {
    std::string path = flags.interception_roots;
    if (path.empty())
      path = settings.data_path("interception-roots.csv");
    auto text = analysis::read_file(path);
    if (!text)
      return flag_error("--interception-roots", text.error());
    auto roots = analysis::InterceptionRoots::from_csv(*text);
    if (!roots)
      return flag_error("--interception-roots " + path, roots.error());
    settings.interception_roots =
        std::make_shared<analysis::InterceptionRoots>(std::move(roots.value()));
  }
  if (!flags.sni_server.empty()) {
    settings.sni_server = net::parse_endpoint(flags.sni_server);
    if (!settings.sni_server)
      return core::Error{"--sni-server '" + flags.sni_server + "'", "not IP:PORT"};
  }
  settings.control_sni = flags.control_sni;
  return {};
}

}  // namespace ashyq::runner
