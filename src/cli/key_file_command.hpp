// The one way `collector keygen` and `witness keygen` make a key: a new key of `type` named
// `name`, its private half written to `out` (mode 0600, never over an existing file), the
// verifier key printed as the last line of stdout. Messages start with `command`.
#pragma once

#include <string>

#include "tlog/note_key.hpp"

namespace ashyq::cli {

int make_key_file(const std::string& command, const std::string& name_flag, const std::string& name,
                  tlog::KeyType type, const std::string& out);

}  // namespace ashyq::cli
