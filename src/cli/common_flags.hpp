// Flags several subcommands share, defined once: the per-step timeouts.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "core/limits.hpp"
#include "net/tls_handshaker.hpp"

namespace ashyq::cli {

struct TimeoutFlags {
  double dns = 4, connect = 10, tls = 10, http = 10;  // seconds, OONI's defaults
  void add_to(CLI::App* app);
  core::StepTimeouts timeouts() const;
};

}  // namespace ashyq::cli
