// Flags several subcommands share, defined once: the per-step timeouts, the fingerprint files.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "analysis/fingerprint_db.hpp"
#include "core/limits.hpp"
#include "core/result.hpp"
#include "net/tls_handshaker.hpp"

namespace ashyq::cli {

struct TimeoutFlags {
  double dns = 4, connect = 10, tls = 10, http = 10;  // seconds, OONI's defaults
  void add_to(CLI::App* app);
  core::StepTimeouts timeouts() const;
};

// Reads the --fingerprints CSV files into `db`; answers the SHA-256 (hex) of each file's text, in
// order (evidence bundles record them). The Error's message names the flag and the file.
core::Result<std::vector<std::string>> load_fingerprint_files(const std::vector<std::string>& paths,
                                                              analysis::FingerprintDb& db);

}  // namespace ashyq::cli
