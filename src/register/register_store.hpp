// The register as kept by the observatory: its entries and the audit of every write, in the SQLite
// file that also holds the transparency log (the collector's observatory database, or a ClickHouse
// store's spool; their migrations create the tables, register_schema.hpp). A write applies a whole
// register file or nothing: the entries, one audit record per entry that changed, and one log
// leaf per record (register_edit.hpp) commit in one transaction.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "register/records.hpp"
#include "register/register_edit.hpp"
#include "store/sqlite_statement.hpp"

namespace ashyq::legal {

class RegisterStore {
 public:
  // Opens the register in the SQLite file at `path`, whose owner has created the tables (an error
  // says so when it has not: open the collector's store once first).
  static core::Result<std::unique_ptr<RegisterStore>> open(const std::string& path);

  // The whole register, private fields and drafts included (the editors' view).
  core::Result<Register> load();

  // Merges `incoming` into the stored register, all or nothing: an entry whose id is new is
  // created, one whose content differs is updated, an identical one is left alone; entries the
  // file does not name are kept (nothing is deleted: an entry is withdrawn by making it a draft).
  // The merged register must hold together (every reference resolves) or nothing is written.
  // Provenance is the register's, not the file's: a created entry is entered by `editor` at `at`,
  // an updated one keeps its first entry. Answers the edits made (empty: nothing changed).
  core::Result<std::vector<RegisterEdit>> apply(const Register& incoming, const std::string& editor,
                                                const std::string& at);

  // Every edit, oldest first, with the log leaf each is in.
  struct StoredEdit {
    RegisterEdit edit;
    std::string record_sha256;
    std::uint64_t leaf = 0;
  };
  core::Result<std::vector<StoredEdit>> edits();

  // The last edit of the entry `kind`/`id` whose leaf is among the log's first `tree_size`
  // leaves: the entry as a checkpoint of that size committed to it (nullopt: none was).
  core::Result<std::optional<StoredEdit>> last_edit(const std::string& kind, const std::string& id,
                                                    std::uint64_t tree_size);

 private:
  RegisterStore(store::SqliteDatabase db, std::string path);
  core::Error error(const std::string& what) const;
  core::Result<StoredEdit> read_edit(store::Statement& row) const;

  store::SqliteDatabase db_;
  std::string path_;
};

}  // namespace ashyq::legal
