// Appending leaves to the log inside a transaction that its caller (a measurement store) holds on
// its own connection: the leaf record, its hash and every subtree hash it completes are written
// with the measurement, and committed or rolled back with it. The appender keeps its prepared
// statements; it is used under the caller's write lock, from one thread at a time.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "tlog/sqlite_hashes.hpp"

namespace ashyq::tlog {

class LogAppender {
 public:
  explicit LogAppender(sqlite3* db);
  ~LogAppender();
  LogAppender(const LogAppender&) = delete;
  LogAppender& operator=(const LogAppender&) = delete;

  // Appends `record` (leaf_record.hpp's bytes) as the next leaf and answers its index.
  // `measurement_uid` is kept for lookups (nullopt for leaves of other types). Precondition: a
  // write transaction is open on the connection.
  core::Result<std::uint64_t> append(std::string_view record,
                                     const std::optional<std::string>& measurement_uid);

 private:
  core::Error error(const std::string& what) const;

  sqlite3* db_;
  SqliteHashReader hashes_;
  sqlite3_stmt* size_ = nullptr;
  sqlite3_stmt* leaf_ = nullptr;
  sqlite3_stmt* hash_ = nullptr;
};

}  // namespace ashyq::tlog
