// An evidence bundle's container: a gzip-compressed POSIX tar (pax) of regular files under one
// top directory, readable by any tar tool. Writing is deterministic (fixed times, owners and
// modes, files in the order given), so one bundle has one byte form. Reading is defensive: a
// bundle may be hostile, so it caps the number of files, each file's size and the total, refuses
// anything but regular files with plain relative paths, and names the file that broke a rule.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace ashyq::evidence {

struct BundleFile {
  std::string path;  // relative, '/'-separated, no "..", e.g. "measurements/2026….json"
  std::string bytes;
};

struct ArchiveLimits {
  std::size_t max_files = 200'000;
  std::size_t max_file_bytes = 64u << 20;
  std::size_t max_total_bytes = 4ull << 30;
};

// Writes `files` to `path` (replacing it) as TOP/<file.path> entries.
core::Result<void> write_bundle_archive(const std::string& path, const std::string& top,
                                        const std::vector<BundleFile>& files);

// Reads the archive at `path`: its files by path relative to the one top directory (which must be
// the same for every entry). Errors name the archive and the entry.
core::Result<std::map<std::string, std::string>> read_bundle_archive(
    const std::string& path, const ArchiveLimits& limits = {});

}  // namespace ashyq::evidence
