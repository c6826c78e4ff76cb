// The lab's censor process (`ashyq lab censor`): runs inside the censor namespace, receives every
// forwarded packet through iptables' NFQUEUE target (libnetfilter-queue), lets CensorEngine
// decide, injects forged packets through a raw IP socket, and holds packets back for added
// latency. Runs until SIGTERM/SIGINT, then accepts what it still holds and exits.
#pragma once

#include <string>

namespace ashyq::lab {

struct CensorOptions {
  std::string rules_file;  // MANDATORY: a scenario file (its [[rule]] and [network] tables)
  int queue = 0;           // NFQUEUE number
  std::string ready_file;  // OPTIONAL: created once the queue is bound
  bool verbose = false;    // log every verdict, not only rule hits
};

// Returns a process exit code; errors go to stderr.
int run_censor(const CensorOptions& options);

}  // namespace ashyq::lab
