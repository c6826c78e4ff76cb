#include "tlog/log_appender.hpp"

#include "tlog/leaf_record.hpp"

namespace ashyq::tlog {

namespace {

sqlite3_stmt* prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr);
  return s;
}

}  // namespace

LogAppender::LogAppender(sqlite3* db)
    : db_(db),
      hashes_(db),
      size_(prepare(db, "SELECT max(idx) FROM tlog_leaves")),
      leaf_(prepare(db, "INSERT INTO tlog_leaves (idx, measurement_uid, record) VALUES (?,?,?)")),
      hash_(prepare(db, "INSERT INTO tlog_hashes (level, idx, hash) VALUES (?,?,?)")) {}

LogAppender::~LogAppender() {
  sqlite3_finalize(size_);
  sqlite3_finalize(leaf_);
  sqlite3_finalize(hash_);
}

core::Error LogAppender::error(const std::string& what) const {
  return core::Error{"transparency log", what + ": " + sqlite3_errmsg(db_)};
}

core::Result<std::uint64_t> LogAppender::append(std::string_view record,
                                                const std::optional<std::string>& measurement_uid) {
  if (!size_ || !leaf_ || !hash_)
    return error("cannot prepare its statements");
  if (record.size() > kMaxLeafRecordBytes)
    return core::Error{"transparency log", "leaf record longer than 65535 bytes"};

  // The size is read inside the caller's transaction, so two appends can never take one index.
  sqlite3_reset(size_);
  if (sqlite3_step(size_) != SQLITE_ROW)
    return error("cannot read the tree size");
  const std::uint64_t index = sqlite3_column_type(size_, 0) == SQLITE_NULL
                                  ? 0
                                  : static_cast<std::uint64_t>(sqlite3_column_int64(size_, 0)) + 1;
  sqlite3_reset(size_);

  auto nodes = hashes_for_append(index, leaf_hash(record), hashes_);
  if (!nodes)
    return nodes.error();

  sqlite3_reset(leaf_);
  sqlite3_bind_int64(leaf_, 1, static_cast<sqlite3_int64>(index));
  if (measurement_uid)
    sqlite3_bind_text(leaf_, 2, measurement_uid->data(), static_cast<int>(measurement_uid->size()),
                      SQLITE_STATIC);
  else
    sqlite3_bind_null(leaf_, 2);
  sqlite3_bind_blob(leaf_, 3, record.data(), static_cast<int>(record.size()), SQLITE_STATIC);
  int rc = sqlite3_step(leaf_);
  sqlite3_reset(leaf_);
  if (rc != SQLITE_DONE)
    return error("cannot append leaf " + std::to_string(index));

  for (const auto& [node, hash] : *nodes) {
    sqlite3_reset(hash_);
    sqlite3_bind_int64(hash_, 1, node.level);
    sqlite3_bind_int64(hash_, 2, static_cast<sqlite3_int64>(node.index));
    sqlite3_bind_blob(hash_, 3, hash.data(), static_cast<int>(hash.size()), SQLITE_STATIC);
    rc = sqlite3_step(hash_);
    sqlite3_reset(hash_);
    if (rc != SQLITE_DONE)
      return error("cannot store the hash at level " + std::to_string(node.level) + ", index " +
                   std::to_string(node.index));
  }
  return index;
}

}  // namespace ashyq::tlog
