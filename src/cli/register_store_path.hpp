// The SQLite file that holds the register of the store a `--store` names: the observatory database,
// or a ClickHouse store's spool (brought up to this build's schema, made when it does not exist).
#pragma once

#include <string>

#include "core/result.hpp"

namespace ashyq::cli {

core::Result<std::string> register_store_path(const std::string& spec);

}  // namespace ashyq::cli
