// The register's editors: API tokens with a role, kept in the SQLite file that holds the register.
// A token is shown once, when it is made; the file keeps only its SHA-256, so a copy of the
// database lets nobody write as an editor. A presented token is hashed and compared with the kept
// digest in constant time; a revoked token is refused like an unknown one.
//   editor  writes the register (imports through the API)
//   admin   also makes and revokes tokens
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "register/records.hpp"
#include "store/sqlite_statement.hpp"

namespace ashyq::legal {

enum class EditorRole { editor, admin };
extern const Vocabulary<EditorRole> kEditorRoles;

struct EditorToken {
  std::int64_t id = 0;
  std::string name;  // whose token: kept in the audit of every edit made with it
  EditorRole role = EditorRole::editor;
  std::string created_at;  // "YYYY-MM-DDThh:mm:ssZ"
  std::string revoked_at;  // "" while valid
  bool operator==(const EditorToken&) const = default;
};

class EditorTokens {
 public:
  // Opens the tokens in the SQLite file at `path`, whose owner has created the tables.
  static core::Result<std::unique_ptr<EditorTokens>> open(const std::string& path);

  struct Created {
    std::string secret;  // "ashyq-editor-" and 64 hex digits: show it once, it is not kept
    EditorToken token;
  };
  // `name` must be 1–100 printable characters.
  core::Result<Created> create(EditorRole role, const std::string& name, const std::string& at);
  // Revokes the token `id` (again: no change); an Error when there is none.
  core::Result<void> revoke(std::int64_t id, const std::string& at);
  // The valid token whose secret this is; nullopt for an unknown or revoked one.
  core::Result<std::optional<EditorToken>> authenticate(std::string_view secret);
  core::Result<std::vector<EditorToken>> list();

 private:
  EditorTokens(store::SqliteDatabase db, std::string path);
  core::Error error(const std::string& what) const;

  store::SqliteDatabase db_;
  std::string path_;
};

}  // namespace ashyq::legal
