// Opening a SQLite connection with the settings a store wants, and a write transaction that rolls
// back unless committed — shared by the observatory's SQLite store and the ClickHouse store's
// spool.
#pragma once

#include <string>

#include "core/result.hpp"
#include "store/sqlite_statement.hpp"

namespace ashyq::store {

// Opens (creating if needed) `path` and runs `settings` (PRAGMAs) on the connection. `kind` names
// the file in errors ("observatory database").
core::Result<SqliteDatabase> open_sqlite(const std::string& path, const std::string& kind,
                                         const char* settings);

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit() succeeded, so no early
// return leaves a transaction open.
class WriteTransaction {
 public:
  explicit WriteTransaction(sqlite3* db);
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  bool began() const { return began_; }
  bool commit();

 private:
  sqlite3* db_;
  bool began_ = false;
  bool committed_ = false;
};

}  // namespace ashyq::store
