#include "runner/probe_settings.hpp"

#include <filesystem>
#include <memory>

#include "analysis/bogon_list.hpp"
#include "analysis/fingerprint_db.hpp"
#include "analysis/read_file.hpp"
#include "core/data_dir.hpp"
#include "experiments/registry.hpp"
#include "geo/asn_database.hpp"
#include "geo/ip_location_db.hpp"
#include "net/dialer.hpp"
#include "net/resolver.hpp"
#include "net/tls_handshaker.hpp"
#include "runner/address_scrubber.hpp"
#include "runner/probe_location.hpp"

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
  if (!flags.probe_asn.empty()) {
    std::string_view digits = flags.probe_asn;
    if (digits.starts_with("AS"))
      digits.remove_prefix(2);
    if (digits.empty() || digits.size() > 10 ||
        digits.find_first_not_of("0123456789") != std::string_view::npos)
      return core::Error{"--probe-asn '" + flags.probe_asn + "'", "not an AS number (e.g. AS9198)"};
  }
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
  // The location database: --asn-db, else the shipped one when it is installed.
  std::string asn_db = flags.asn_db;
  if (std::error_code ec;
      asn_db.empty() && std::filesystem::exists(geo::default_ip_location_db(), ec))
    asn_db = geo::default_ip_location_db();
  if (!asn_db.empty()) {
    auto db = geo::open_asn_database(asn_db);
    if (!db)
      return flag_error("--asn-db", db.error());
    config.asn = *db;
    identify_probe_network(flags, config);
  }
  return settings;
}

core::Result<std::vector<std::string>> default_helpers() {
  return read_list_file(core::data_path("test-helpers.txt"));
}

std::string locate_probe_network(const ProbeFlags& flags, experiments::ExperimentSettings& settings,
                                 std::string& note) {
  auto& config = settings.common;
  std::string public_address;
  const bool told = flags.probe_cc != "ZZ" && !flags.probe_asn.empty();
  if (told) {
    note = "";
  } else if (!config.asn) {
    note =
        "no location database (scripts/setup-ip-location-db.sh installs one, or give --asn-db): "
        "the probe's network is " +
        config.probe_asn + ", its country " + config.probe_cc;
  } else {
    LocationRequest request;
    request.stun_servers = flags.stun_servers;
    if (request.stun_servers.empty()) {
      auto listed = read_list_file(core::data_path("stun-servers.txt"));
      if (listed)
        request.stun_servers = std::move(listed).value();
    }
    auto located = locate_probe(request, config.resolver);
    if (!located) {
      note = "could not learn the public address (" + located.error().message() +
             "): the probe's network is " + config.probe_asn + ", its country " + config.probe_cc;
    } else {
      public_address = located->public_address;
      // The public address decides, not what the interfaces' addresses suggested.
      config.probe_cc = flags.probe_cc;
      config.probe_asn = "AS0";
      config.probe_network_name.clear();
      if (apply_location(public_address, config)) {
        note = "located by STUN (" + located->stun_server + "): " + config.probe_asn +
               (config.probe_network_name.empty() ? "" : " " + config.probe_network_name) + ", " +
               config.probe_cc;
      } else {
        note = "the location database does not know the public address that STUN (" +
               located->stun_server + ") gave: the probe's network is " + config.probe_asn +
               ", its country " + config.probe_cc;
      }
    }
  }
  if (!flags.probe_asn.empty()) {
    const std::string asn =
        flags.probe_asn.starts_with("AS") ? flags.probe_asn : "AS" + flags.probe_asn;
    if (asn != config.probe_asn)
      config.probe_network_name.clear();  // the database named another network
    config.probe_asn = asn;
  }
  return public_address;
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
