#include "register/register_store.hpp"

#include <boost/json.hpp>
#include <filesystem>

#include "core/json.hpp"
#include "register/register_json.hpp"
#include "store/sqlite_connection.hpp"
#include "tlog/hash.hpp"
#include "tlog/log_appender.hpp"

namespace ashyq::legal {
namespace json = boost::json;
namespace {

constexpr const char* kKind = "register database";
constexpr const char* kSettings = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;";

// The register's five kinds: the name an entry's kind has in the tables and the audit, and the
// array the register's JSON keeps them in.
struct KindName {
  const char* kind;
  const char* array;
};
constexpr KindName kKinds[] = {{"authority", "authorities"},
                               {"order", "orders"},
                               {"outlet", "outlets"},
                               {"person", "people"},
                               {"case", "cases"}};

// One entry's editors' JSON: the register's JSON of a register holding only it.
template <class Entry>
json::object entry_json(const Entry& entry, std::vector<Entry> Register::*member) {
  Register one;
  (one.*member).push_back(entry);
  const json::object all = register_to_json(one, Audience::editors);
  for (const auto& [kind, array] : kKinds)
    if (!all.at(array).as_array().empty())
      return all.at(array).as_array()[0].as_object();
  return {};
}

}  // namespace

RegisterStore::RegisterStore(store::SqliteDatabase db, std::string path)
    : db_(std::move(db)), path_(std::move(path)) {}

core::Error RegisterStore::error(const std::string& what) const {
  return core::Error{std::string(kKind) + " " + path_, what + ": " + sqlite3_errmsg(db_.get())};
}

core::Result<std::unique_ptr<RegisterStore>> RegisterStore::open(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return core::Error{std::string(kKind) + " " + path,
                       "no such file (the collector's store makes it when it first starts)"};
  auto db = store::open_sqlite(path, kKind, kSettings);
  if (!db)
    return db.error();
  store::Statement probe(db->get(), "SELECT 1 FROM register_entries LIMIT 1");
  if (!probe.ok())
    return core::Error{std::string(kKind) + " " + path,
                       "holds no register (not a collector store, or one made by an older "
                       "ashyq: start the collector with it once to upgrade it)"};
  return std::unique_ptr<RegisterStore>(new RegisterStore(std::move(*db), path));
}

core::Result<Register> RegisterStore::load() {
  json::object all;
  for (const auto& [kind, array] : kKinds)
    all[array] = json::array();
  store::Statement q(db_.get(), "SELECT kind, entry FROM register_entries ORDER BY kind, id");
  if (!q.ok())
    return error("reading the register");
  int rc;
  while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
    const std::string kind = q.text(0);
    const char* array = nullptr;
    for (const auto& k : kKinds)
      if (kind == k.kind)
        array = k.array;
    boost::system::error_code ec;
    json::value entry = json::parse(q.text(1), ec);
    if (!array || ec || !entry.is_object())
      return core::Error{std::string(kKind) + " " + path_,
                         "a stored entry of kind '" + kind + "' cannot be read"};
    all[array].as_array().push_back(std::move(entry));
  }
  if (rc != SQLITE_DONE)
    return error("reading the register");
  auto reg = register_from_json(all);
  if (!reg)
    return core::Error{std::string(kKind) + " " + path_,
                       "the stored register does not read: " + reg.error().message()};
  return reg;
}

core::Result<std::vector<RegisterEdit>> RegisterStore::apply(const Register& incoming,
                                                             const std::string& editor,
                                                             const std::string& at) {
  store::WriteTransaction tx(db_.get());
  if (!tx.began())
    return error("beginning a write");
  auto current = load();
  if (!current)
    return current.error();
  Register merged = *current;
  std::vector<RegisterEdit> edits;

  auto merge = [&](const auto& entries, auto member, const char* kind) {
    auto& stored_entries = merged.*member;
    for (auto entry : entries) {
      auto it = std::find_if(stored_entries.begin(), stored_entries.end(),
                             [&](const auto& s) { return s.common.id == entry.common.id; });
      const bool exists = it != stored_entries.end();
      entry.common.provenance = exists ? it->common.provenance : Provenance{editor, at};
      if (exists && *it == entry)
        continue;
      RegisterEdit edit;
      edit.at = at;
      edit.editor = editor;
      edit.kind = kind;
      edit.id = entry.common.id;
      edit.action = exists ? "update" : "create";
      edit.entry = entry_json(entry, member);
      edits.push_back(std::move(edit));
      if (exists)
        *it = std::move(entry);
      else
        stored_entries.push_back(std::move(entry));
    }
  };
  merge(incoming.authorities, &Register::authorities, "authority");
  merge(incoming.orders, &Register::orders, "order");
  merge(incoming.outlets, &Register::outlets, "outlet");
  merge(incoming.people, &Register::people, "person");
  merge(incoming.cases, &Register::cases, "case");
  if (edits.empty())
    return edits;

  // The merged register must read as a whole (references to entries kept from before included).
  if (auto check = register_from_json(register_to_json(merged, Audience::editors)); !check)
    return core::Error{check.error().where,
                       check.error().why + " (in the register as it would be after this import)"};

  store::Statement last(db_.get(), "SELECT COALESCE(MAX(edit), 0) FROM register_edits");
  if (!last.ok() || sqlite3_step(last.get()) != SQLITE_ROW)
    return error("numbering the edits");
  std::int64_t next = last.integer(0) + 1;
  store::Statement upsert(db_.get(),
                          "INSERT INTO register_entries (kind, id, entry) VALUES (?, ?, ?) "
                          "ON CONFLICT (kind, id) DO UPDATE SET entry = excluded.entry");
  store::Statement audit(db_.get(),
                         "INSERT INTO register_edits (edit, at, editor, kind, id, action, entry, "
                         "record_sha256, leaf) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!upsert.ok() || !audit.ok())
    return error("preparing the write");
  tlog::LogAppender appender(db_.get());
  for (RegisterEdit& edit : edits) {
    edit.edit = next++;
    const std::string entry_text = core::to_json_text(edit.entry);
    upsert.bind(1, edit.kind);
    upsert.bind(2, edit.id);
    upsert.bind(3, entry_text);
    if (sqlite3_step(upsert.get()) != SQLITE_DONE)
      return error("writing an entry");
    sqlite3_reset(upsert.get());
    auto leaf = appender.append(edit_leaf(edit), std::nullopt);
    if (!leaf)
      return leaf.error();
    audit.bind(1, edit.edit);
    audit.bind(2, edit.at);
    audit.bind(3, edit.editor);
    audit.bind(4, edit.kind);
    audit.bind(5, edit.id);
    audit.bind(6, edit.action);
    audit.bind(7, entry_text);
    audit.bind(8, tlog::hash_hex(tlog::sha256(audit_record_text(edit))));
    audit.bind(9, static_cast<std::int64_t>(*leaf));
    if (sqlite3_step(audit.get()) != SQLITE_DONE)
      return error("writing the audit");
    sqlite3_reset(audit.get());
  }
  if (!tx.commit())
    return error("committing");
  return edits;
}

core::Result<RegisterStore::StoredEdit> RegisterStore::read_edit(store::Statement& q) const {
  StoredEdit s;
  s.edit.edit = q.integer(0);
  s.edit.at = q.text(1);
  s.edit.editor = q.text(2);
  s.edit.kind = q.text(3);
  s.edit.id = q.text(4);
  s.edit.action = q.text(5);
  boost::system::error_code ec;
  json::value entry = json::parse(q.text(6), ec);
  if (ec || !entry.is_object())
    return core::Error{std::string(kKind) + " " + path_,
                       "edit " + std::to_string(s.edit.edit) + " cannot be read"};
  s.edit.entry = std::move(entry.as_object());
  s.record_sha256 = q.text(7);
  s.leaf = static_cast<std::uint64_t>(q.integer(8));
  return s;
}

core::Result<std::vector<RegisterStore::StoredEdit>> RegisterStore::edits() {
  store::Statement q(db_.get(),
                     "SELECT edit, at, editor, kind, id, action, entry, record_sha256, leaf "
                     "FROM register_edits ORDER BY edit");
  if (!q.ok())
    return error("reading the audit");
  std::vector<StoredEdit> out;
  int rc;
  while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
    auto edit = read_edit(q);
    if (!edit)
      return edit.error();
    out.push_back(std::move(*edit));
  }
  if (rc != SQLITE_DONE)
    return error("reading the audit");
  return out;
}

core::Result<std::optional<RegisterStore::StoredEdit>> RegisterStore::last_edit(
    const std::string& kind, const std::string& id, std::uint64_t tree_size) {
  store::Statement q(db_.get(),
                     "SELECT edit, at, editor, kind, id, action, entry, record_sha256, leaf "
                     "FROM register_edits WHERE kind = ? AND id = ? AND leaf < ? "
                     "ORDER BY edit DESC LIMIT 1");
  if (!q.ok())
    return error("reading the audit");
  q.bind(1, kind);
  q.bind(2, id);
  q.bind(3, static_cast<std::int64_t>(tree_size));
  const int rc = sqlite3_step(q.get());
  if (rc == SQLITE_DONE)
    return std::optional<StoredEdit>();
  if (rc != SQLITE_ROW)
    return error("reading the audit");
  auto edit = read_edit(q);
  if (!edit)
    return edit.error();
  return std::optional<StoredEdit>(std::move(*edit));
}

}  // namespace ashyq::legal
