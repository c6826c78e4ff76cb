// The log's tables in a SQLite database, and reading its stored hashes. The log lives in the
// collector's local SQLite file whatever the measurement store is (the observatory database, or
// the ClickHouse store's spool), so that a measurement and its leaf are committed in one
// transaction: there is never a leaf without its measurement or the reverse.
//
//   tlog_leaves        idx → the leaf record (leaf_record.hpp); measurement_uid for lookups
//   tlog_hashes        (level, idx) → the hash of every complete subtree (merkle.hpp's NodeId)
//   tlog_checkpoints   tree size → the signed checkpoint note for it
//   tlog_cosignatures  (tree size, witness key) → the witness's cosignature line
//   tlog_meta          "verifier_key" → the log's verifier key (written when it signs)
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <mutex>

#include "core/result.hpp"
#include "tlog/merkle.hpp"

namespace ashyq::tlog {

// The migration step that adds the log's tables (each database that holds a log adds it to its
// own numbered migrations).
inline constexpr const char* kLogSchemaSql = R"sql(
CREATE TABLE tlog_leaves (
  idx INTEGER PRIMARY KEY,
  measurement_uid TEXT UNIQUE,
  record BLOB NOT NULL
);
CREATE TABLE tlog_hashes (
  level INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  hash BLOB NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;
CREATE TABLE tlog_checkpoints (
  size INTEGER PRIMARY KEY,
  note TEXT NOT NULL,
  created TEXT NOT NULL
);
CREATE TABLE tlog_cosignatures (
  size INTEGER NOT NULL,
  witness TEXT NOT NULL,
  line TEXT NOT NULL,
  received TEXT NOT NULL,
  PRIMARY KEY (size, witness)
);
CREATE TABLE tlog_meta (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql";

// Stored hashes read through one prepared statement on `db` (not thread-safe: its owner holds
// the connection's lock).
class SqliteHashReader final : public HashReader {
 public:
  explicit SqliteHashReader(sqlite3* db);
  ~SqliteHashReader() override;
  SqliteHashReader(const SqliteHashReader&) = delete;
  SqliteHashReader& operator=(const SqliteHashReader&) = delete;

  core::Result<std::vector<Hash>> read_hashes(std::span<const NodeId> nodes) const override;

 private:
  sqlite3* db_;
  sqlite3_stmt* select_ = nullptr;
};

// The number of leaves committed in `db` (one past the largest index).
core::Result<std::uint64_t> stored_tree_size(sqlite3* db);

}  // namespace ashyq::tlog
