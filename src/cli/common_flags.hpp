// Flags several subcommands share, defined once: the per-step timeouts and the trust store.
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

// The test list named by --list: a built-in name ("kz", "global": data/test-lists/NAME.csv, see
// core/data_dir.hpp) or a path (anything with a '/' or ending in .csv).
std::string list_path(const std::string& list);

// The system's roots, or the PEM file given with --ca-file; null with `error` set on failure.
std::shared_ptr<net::TrustStore> trust_store(const std::string& ca_file, std::string* error);

}  // namespace ashyq::cli
