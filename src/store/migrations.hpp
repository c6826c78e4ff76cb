// The results database's schema as numbered migrations (the probe-cli way): SQLite's
// `PRAGMA user_version` says which steps a database has had, and opening it runs the missing ones
// in order, in one transaction. The runner of the steps is generic: every SQLite database of
// ashyq (the collector's observatory too) passes its own list to migrate_schema. A database whose
// version is newer than this build knows is refused rather than written to: an older binary cannot
// know what a newer schema means. How to add a migration: docs/store.md.
#pragma once

#include <span>
#include <string>

#include "core/result.hpp"

struct sqlite3;

namespace ashyq::store {

// One schema change. `version` is the user_version a database has once `sql` ran; versions start
// at 1 and increase by one (a database made before versioning has user_version 0).
struct Migration {
  int version;
  const char* sql;
};

// Every migration, oldest first. Never edit a shipped entry: add the next one.
std::span<const Migration> migrations();

// The schema version this build writes: the last migration's.
int current_schema_version();

// Brings the open database `db` up to the last of `steps` (versions 1, 2, … in order): the missing
// steps and the new user_version in one transaction, so a failure leaves it as it was. Errors
// name the database as `kind + " " + path` ("results database /x.sqlite"). Returns the version
// the database had before. A no-op (no write lock taken) when it is current; a database newer
// than the last step is refused.
core::Result<int> migrate_schema(sqlite3* db, const std::string& path,
                                 std::span<const Migration> steps, const std::string& kind);

// The results database: migrate_schema with migrations().
core::Result<int> migrate(sqlite3* db, const std::string& path);

}  // namespace ashyq::store
