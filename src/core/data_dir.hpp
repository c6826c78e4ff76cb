// Where ashyq's shipped data files are (test lists, fingerprints, interception roots, endpoint
// lists, suites, translations). One place, so every command and the lab find the same files.
// In order:
//   1. $ASHYQ_DATA_DIR when set;
//   2. an installed copy: PREFIX/share/ashyq when the running executable is PREFIX/bin/ashyq
//      (read from /proc/self/exe) and that directory exists — /usr/share/ashyq for the .deb;
//   3. the source tree's data/ (ASHYQ_DATA_DIR at build time), for a build tree.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace ashyq::core {

std::string data_dir();

// data_dir() + "/" + relative.
std::string data_path(std::string_view relative);

// Step 2 for a given executable path: PREFIX/share/ashyq when `executable` is PREFIX/bin/NAME and
// that directory exists, else nothing.
std::optional<std::string> installed_data_dir(const std::filesystem::path& executable);

}  // namespace ashyq::core
