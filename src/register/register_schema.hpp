// The register's tables, a migration step that each database holding a register adds to its own
// numbered migrations (the collector's observatory database and the ClickHouse store's spool, the
// files that also hold the transparency log, so an edit and its leaf commit together).
#pragma once

namespace ashyq::legal {

inline constexpr const char* kRegisterSchemaSql = R"sql(
CREATE TABLE register_entries (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  entry TEXT NOT NULL,
  PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE TABLE register_edits (
  edit INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  editor TEXT NOT NULL,
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  action TEXT NOT NULL,
  entry TEXT NOT NULL,
  record_sha256 TEXT NOT NULL,
  leaf INTEGER NOT NULL
);
)sql";

// The next step (2026-12-07): the editors' API tokens (editor_tokens.hpp), kept as SHA-256 digests.
inline constexpr const char* kRegisterTokensSql = R"sql(
CREATE TABLE register_tokens (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  secret_sha256 TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
)sql";

}  // namespace ashyq::legal
