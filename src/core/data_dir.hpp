// Where ashyq's shipped data files are (test lists, fingerprints, interception roots, endpoint
// lists, suites): $ASHYQ_DATA_DIR when set, else the source tree's data/ (ASHYQ_DATA_DIR at build
// time). One place, so every command and the lab find the same files.
#pragma once

#include <string>
#include <string_view>

namespace ashyq::core {

std::string data_dir();

// data_dir() + "/" + relative.
std::string data_path(std::string_view relative);

}  // namespace ashyq::core
