#include "store/sqlite_connection.hpp"

namespace ashyq::store {

core::Result<SqliteDatabase> open_sqlite(const std::string& path, const std::string& kind,
                                         const char* settings) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  SqliteDatabase db(raw);  // sqlite3_open_v2 may hand back a handle even when it fails
  if (rc != SQLITE_OK)
    return core::Error{kind + " " + path, raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)};
  sqlite3_busy_timeout(db.get(), 5000);
  char* message = nullptr;
  if (sqlite3_exec(db.get(), settings, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string why = message ? message : sqlite3_errmsg(db.get());
    sqlite3_free(message);
    return core::Error{kind + " " + path, why};
  }
  return db;
}

WriteTransaction::WriteTransaction(sqlite3* db) : db_(db) {
  began_ = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK;
}

WriteTransaction::~WriteTransaction() {
  if (began_ && !committed_)
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

bool WriteTransaction::commit() {
  committed_ = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  return committed_;
}

}  // namespace ashyq::store
