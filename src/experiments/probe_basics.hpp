// What every experiment needs to reach the network and label its measurements: the injectable
// resolver, dialer and trust store, the probe's country and network, the step deadlines. Each
// experiment's configuration extends it, so `ashyq run` builds it once for all of them.
#pragma once

#include <memory>
#include <string>

#include "core/limits.hpp"
#include "net/dialer.hpp"
#include "net/resolver.hpp"
#include "net/tls_handshaker.hpp"

namespace ashyq::experiments {

struct ProbeBasics {
  std::shared_ptr<net::Resolver> resolver;  // MANDATORY: the system (classic) resolver
  std::shared_ptr<net::Dialer> dialer;      // MANDATORY
  std::shared_ptr<net::TrustStore> trust;   // MANDATORY: what "verifies" means
  std::string probe_cc = "ZZ";
  std::string probe_asn = "AS0";   // the probe's network, when known (never its address)
  std::string probe_network_name;  // its organisation
  core::StepTimeouts timeouts;
  bool dial_loopback = false;  // OONI never dials loopback answers; tests on 127.0.0.1 do
};

}  // namespace ashyq::experiments
