// read_file: the module's only I/O — read a small data file (fingerprints, bogon overrides) into a
// string so the pure loaders can parse it. Analysis functions never call it themselves.
#pragma once

#include <cstddef>
#include <string>

#include "core/result.hpp"

namespace ashyq::analysis {

// The whole file, or an error naming the path; files larger than `max_bytes` are refused.
core::Result<std::string> read_file(const std::string& path, std::size_t max_bytes = 64 << 20);

}  // namespace ashyq::analysis
