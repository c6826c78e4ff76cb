#include "tlog/sqlite_hashes.hpp"

#include <string>

#include "store/sqlite_statement.hpp"

namespace ashyq::tlog {

SqliteHashReader::SqliteHashReader(sqlite3* db) : db_(db) {
  sqlite3_prepare_v3(db_, "SELECT hash FROM tlog_hashes WHERE level = ? AND idx = ?", -1,
                     SQLITE_PREPARE_PERSISTENT, &select_, nullptr);
}

SqliteHashReader::~SqliteHashReader() {
  sqlite3_finalize(select_);
}

core::Result<std::vector<Hash>> SqliteHashReader::read_hashes(std::span<const NodeId> nodes) const {
  if (!select_)
    return core::Error{"log hashes", std::string("cannot read: ") + sqlite3_errmsg(db_)};
  std::vector<Hash> out;
  out.reserve(nodes.size());
  for (const auto& n : nodes) {
    sqlite3_reset(select_);
    sqlite3_bind_int64(select_, 1, n.level);
    sqlite3_bind_int64(select_, 2, static_cast<sqlite3_int64>(n.index));
    int rc = sqlite3_step(select_);
    const void* blob = rc == SQLITE_ROW ? sqlite3_column_blob(select_, 0) : nullptr;
    auto hash = blob ? hash_from_bytes(std::string_view(
                           static_cast<const char*>(blob),
                           static_cast<std::size_t>(sqlite3_column_bytes(select_, 0))))
                     : std::nullopt;
    if (!hash) {
      std::string where =
          "log hash (level " + std::to_string(n.level) + ", index " + std::to_string(n.index) + ")";
      sqlite3_reset(select_);
      return core::Error{where, rc == SQLITE_ROW    ? "not 32 bytes"
                                : rc == SQLITE_DONE ? "not stored"
                                                    : sqlite3_errmsg(db_)};
    }
    out.push_back(*hash);
  }
  sqlite3_reset(select_);
  return out;
}

core::Result<std::uint64_t> stored_tree_size(sqlite3* db) {
  store::Statement max(db, "SELECT max(idx) FROM tlog_leaves");
  if (sqlite3_step(max.get()) != SQLITE_ROW)
    return core::Error{"log leaves", std::string("cannot count: ") + sqlite3_errmsg(db)};
  return max.is_null(0) ? 0 : static_cast<std::uint64_t>(max.integer(0)) + 1;
}

}  // namespace ashyq::tlog
