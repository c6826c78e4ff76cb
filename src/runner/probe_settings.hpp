// What a run's flags say about the probe (its resolver, roots, analysis data, network identity,
// helpers, deadlines) and about the experiment's own data and options, as plain values, and the
// experiment settings built from them. The CLI fills ProbeFlags from the command line; a suite
// step or a test can fill it too. Every error names the flag or option that was wrong.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/limits.hpp"
#include "core/result.hpp"
#include "experiments/experiment_settings.hpp"

namespace ashyq::runner {

struct ProbeFlags {
  std::vector<std::string> helpers;       // --helper, tried in order
  std::string resolver = "system";        // --resolver (see net::make_resolver)
  std::string ca_file;                    // --ca-file; "" = the system's roots
  std::string bogons;                     // --bogons; "" = the built-in table
  std::vector<std::string> fingerprints;  // --fingerprints CSV files
  std::string asn_db;                     // --asn-db; "" = data/ip-location-db when installed
  std::string probe_cc = "ZZ";            // --probe-cc; the ASN database may refine ZZ
  std::string probe_asn;                  // --probe-asn ("AS9198"); "" = from the database
  std::vector<std::string> stun_servers;  // --stun-server; empty = data/stun-servers.txt
  std::vector<std::string> probe_ips;     // --probe-ip: the probe's own addresses
  core::StepTimeouts timeouts;
  std::chrono::milliseconds control_timeout{30'000};
  bool allow_loopback = false;  // tests on one machine only

  // The experiment's own: -O KEY=VALUE, and the flags a few experiments read.
  std::vector<std::string> experiment_options;
  std::string interception_roots;  // tls_interception; "" = data/interception-roots.csv
  std::string sni_server;          // sni_blocking: IP:PORT; "" = the control SNI's address
  std::string control_sni = "example.com";
};

// The settings every experiment shares (network, analysis data, probe identity), loaded once
// per run. The experiment-specific part is left to experiment_settings().
core::Result<experiments::ExperimentSettings> probe_settings(const ProbeFlags& flags);

// The helpers a run asks when it is given none (--helper, a collector's check-in):
// data/test-helpers.txt, OONI's public helpers. An error names the file.
core::Result<std::vector<std::string>> default_helpers();

// Finds the probe's public address with STUN and fills probe_cc, probe_asn and
// probe_network_name from the location database, unless --probe-cc and --probe-asn both gave
// them; then applies --probe-asn. Sends traffic: call it after consent. Returns the public
// address (to scrub from every measurement; never stored), or "" when none was learnt, with
// `note` saying what happened (for the volunteer's terminal; it never holds the address).
std::string locate_probe_network(const ProbeFlags& flags, experiments::ExperimentSettings& settings,
                                 std::string& note);

// Adds what the experiment `test` (a name from experiments::experiment_specs()) needs: its -O
// options, checked against the keys it knows, and its data (interception roots, SNI server).
core::Result<void> add_experiment_settings(const ProbeFlags& flags, std::string_view test,
                                           experiments::ExperimentSettings& settings);

}  // namespace ashyq::runner
