// Where the probe is: its public address, learnt from STUN servers (the address a server sees
// the probe's datagrams come from, behind any NAT), looked up in the location database for the
// probe's country, AS number and network name, as OONI's probe does. The address lives in
// memory only: it is added to the addresses scrubbed from every measurement and never stored.
// --probe-cc and --probe-asn still override what the database says.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "experiments/experiment_settings.hpp"
#include "net/resolver.hpp"

namespace ashyq::runner {

// The lines of a list file (data/test-helpers.txt, data/stun-servers.txt): one entry per line,
// blank lines and '#' comments skipped. An error names the file.
core::Result<std::vector<std::string>> read_list_file(const std::string& path);

struct LocationRequest {
  std::vector<std::string> stun_servers;  // "HOST:PORT" or "IP:PORT", tried in order
  std::chrono::milliseconds per_server{3'000};
};

struct ProbeLocation {
  std::string public_address;  // memory only: never stored, scrubbed from measurements
  std::string stun_server;     // the server that answered
};

// Asks the servers in turn (names resolved with `resolver`) until one answers. The error lists
// what each server's attempt ended with.
core::Result<ProbeLocation> locate_probe(const LocationRequest& request,
                                         const std::shared_ptr<net::Resolver>& resolver);

// Fills probe_asn, probe_network_name and (when it is still ZZ) probe_cc from the database's
// view of `public_address`; false when the database does not know it.
bool apply_location(const std::string& public_address, experiments::WebConnectivityConfig& config);

}  // namespace ashyq::runner
