// Where ashyq keeps a volunteer's files (the results database, the consent record).
#pragma once

#include <string>

#include "core/result.hpp"

namespace ashyq::runner {

// $ASHYQ_HOME, else $XDG_DATA_HOME/ashyq, else ~/.local/share/ashyq, else /tmp/ashyq-UID; created
// if missing (an error names the directory that could not be created).
core::Result<std::string> ashyq_home();

// The results database: `db` when given (a --db flag), else ashyq_home()/results.sqlite.
core::Result<std::string> results_db_path(const std::string& db);

}  // namespace ashyq::runner
