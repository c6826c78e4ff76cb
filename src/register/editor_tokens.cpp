#include "register/editor_tokens.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <filesystem>

#include "store/sqlite_connection.hpp"
#include "tlog/hash.hpp"

namespace ashyq::legal {
namespace {

constexpr const char* kKind = "register database";
constexpr std::string_view kSecretPrefix = "ashyq-editor-";
constexpr std::array<std::string_view, 2> kEditorRoleNames{"editor", "admin"};

std::string hex(const unsigned char* bytes, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 15];
  }
  return out;
}

EditorToken read_token(store::Statement& q) {
  EditorToken t;
  t.id = q.integer(0);
  t.name = q.text(1);
  t.role = kEditorRoles.parse(q.text(2)).value_or(EditorRole::editor);
  t.created_at = q.text(3);
  t.revoked_at = q.is_null(4) ? std::string() : q.text(4);
  return t;
}

}  // namespace

const Vocabulary<EditorRole> kEditorRoles{kEditorRoleNames};

EditorTokens::EditorTokens(store::SqliteDatabase db, std::string path)
    : db_(std::move(db)), path_(std::move(path)) {}

core::Error EditorTokens::error(const std::string& what) const {
  return core::Error{std::string(kKind) + " " + path_, what + ": " + sqlite3_errmsg(db_.get())};
}

core::Result<std::unique_ptr<EditorTokens>> EditorTokens::open(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return core::Error{std::string(kKind) + " " + path,
                       "no such file (the collector's store makes it when it first starts)"};
  auto db =
      store::open_sqlite(path, kKind, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
  if (!db)
    return db.error();
  store::Statement probe(db->get(), "SELECT 1 FROM register_tokens LIMIT 1");
  if (!probe.ok())
    return core::Error{std::string(kKind) + " " + path,
                       "holds no editors' tokens (start the collector with it once to upgrade it)"};
  return std::unique_ptr<EditorTokens>(new EditorTokens(std::move(*db), path));
}

core::Result<EditorTokens::Created> EditorTokens::create(EditorRole role, const std::string& name,
                                                         const std::string& at) {
  if (name.empty() || name.size() > 100 || !std::all_of(name.begin(), name.end(), [](char c) {
        return static_cast<unsigned char>(c) >= 0x20 && c != 0x7f;
      }))
    return core::Error{"name", "must be 1 to 100 printable characters"};
  unsigned char random[32];
  if (RAND_bytes(random, sizeof random) != 1)
    return core::Error{"token", "the system's random generator failed"};
  Created created;
  created.secret = std::string(kSecretPrefix) + hex(random, sizeof random);
  OPENSSL_cleanse(random, sizeof random);
  store::Statement insert(db_.get(),
                          "INSERT INTO register_tokens (name, role, secret_sha256, created_at) "
                          "VALUES (?, ?, ?, ?)");
  insert.bind(1, name);
  insert.bind(2, std::string(kEditorRoles.name(role)));
  insert.bind(3, tlog::hash_hex(tlog::sha256(created.secret)));
  insert.bind(4, at);
  if (sqlite3_step(insert.get()) != SQLITE_DONE)
    return error("making a token");
  created.token = {sqlite3_last_insert_rowid(db_.get()), name, role, at, ""};
  return created;
}

core::Result<void> EditorTokens::revoke(std::int64_t id, const std::string& at) {
  store::Statement update(db_.get(),
                          "UPDATE register_tokens SET revoked_at = COALESCE(revoked_at, ?) "
                          "WHERE id = ?");
  update.bind(1, at);
  update.bind(2, id);
  if (sqlite3_step(update.get()) != SQLITE_DONE)
    return error("revoking a token");
  if (sqlite3_changes(db_.get()) == 0)
    return core::Error{"token " + std::to_string(id), "no such token"};
  return {};
}

core::Result<std::optional<EditorToken>> EditorTokens::authenticate(std::string_view secret) {
  if (!secret.starts_with(kSecretPrefix) || secret.size() != kSecretPrefix.size() + 64)
    return std::optional<EditorToken>();
  const std::string digest = tlog::hash_hex(tlog::sha256(secret));
  // Looked up by its digest (which tells a guesser nothing), then compared in constant time.
  store::Statement q(db_.get(),
                     "SELECT id, name, role, created_at, revoked_at, secret_sha256 "
                     "FROM register_tokens WHERE secret_sha256 = ?");
  q.bind(1, digest);
  const int rc = sqlite3_step(q.get());
  if (rc == SQLITE_DONE)
    return std::optional<EditorToken>();
  if (rc != SQLITE_ROW)
    return error("reading the tokens");
  const std::string kept = q.text(5);
  if (kept.size() != digest.size() || CRYPTO_memcmp(kept.data(), digest.data(), digest.size()) != 0)
    return std::optional<EditorToken>();
  EditorToken token = read_token(q);
  if (!token.revoked_at.empty())
    return std::optional<EditorToken>();
  return std::optional<EditorToken>(std::move(token));
}

core::Result<std::vector<EditorToken>> EditorTokens::list() {
  store::Statement q(db_.get(),
                     "SELECT id, name, role, created_at, revoked_at FROM register_tokens "
                     "ORDER BY id");
  std::vector<EditorToken> out;
  int rc;
  while ((rc = sqlite3_step(q.get())) == SQLITE_ROW)
    out.push_back(read_token(q));
  if (rc != SQLITE_DONE)
    return error("reading the tokens");
  return out;
}

}  // namespace ashyq::legal
