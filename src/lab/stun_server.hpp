// The lab's STUN server (RFC 5389 Binding over UDP): it tells each client the address its
// datagrams arrive from, which is the client's own address or, behind the censor's NAT
// (a scenario's client_nat), the ISP's public one. It runs in the internet namespace
// (`ashyq lab stun`, internal) so the probe's location step is tested end to end without the
// internet.
#pragma once

#include <string>

namespace ashyq::lab {

struct StunServerOptions {
  std::string listen;      // MANDATORY: IP:PORT
  std::string ready_file;  // OPTIONAL: created once the socket is bound
};

// Serves until killed; returns a process exit code (errors go to stderr).
int run_stun_server(const StunServerOptions& options);

}  // namespace ashyq::lab
