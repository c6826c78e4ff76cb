#include "tlog/sqlite_log.hpp"

#include "store/sqlite_connection.hpp"
#include "tlog/cosignature.hpp"

namespace ashyq::tlog {

namespace {

constexpr const char* kKind = "transparency log";
constexpr const char* kSettings = "PRAGMA synchronous = FULL;";

}  // namespace

SqliteLog::SqliteLog(store::SqliteDatabase db, std::string path)
    : db_(std::move(db)),
      path_(std::move(path)),
      hashes_(std::make_unique<SqliteHashReader>(db_.get())) {}

core::Result<std::unique_ptr<SqliteLog>> SqliteLog::open(const std::string& path) {
  auto db = store::open_sqlite(path, kKind, kSettings);
  if (!db)
    return db.error();
  store::Statement probe(db->get(), "SELECT 1 FROM tlog_leaves LIMIT 1");
  if (!probe.ok())
    return core::Error{std::string(kKind) + " " + path,
                       std::string("no log tables: ") + sqlite3_errmsg(db->get())};
  return std::unique_ptr<SqliteLog>(new SqliteLog(std::move(db.value()), path));
}

core::Error SqliteLog::error(const std::string& what) const {
  return core::Error{std::string(kKind) + " " + path_, what + ": " + sqlite3_errmsg(db_.get())};
}

core::Result<std::uint64_t> SqliteLog::size_locked() {
  return stored_tree_size(db_.get());
}

core::Result<std::uint64_t> SqliteLog::size() {
  std::lock_guard lock(mutex_);
  return size_locked();
}

core::Result<std::vector<std::string>> SqliteLog::leaves(std::uint64_t first, std::uint64_t count) {
  std::lock_guard lock(mutex_);
  store::Statement select(db_.get(),
                          "SELECT idx, record FROM tlog_leaves WHERE idx >= ? AND idx < ? "
                          "ORDER BY idx");
  select.bind(1, static_cast<std::int64_t>(first));
  select.bind(2, static_cast<std::int64_t>(first + count));
  std::vector<std::string> out;
  out.reserve(count);
  int rc;
  while ((rc = sqlite3_step(select.get())) == SQLITE_ROW) {
    if (static_cast<std::uint64_t>(select.integer(0)) != first + out.size())
      break;
    out.push_back(select.blob(1));
  }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return error("cannot read leaves");
  if (out.size() != count)
    return core::Error{std::string(kKind) + " " + path_,
                       "leaf " + std::to_string(first + out.size()) + " is not stored"};
  return out;
}

core::Result<std::optional<std::uint64_t>> SqliteLog::index_of(const std::string& measurement_uid) {
  std::lock_guard lock(mutex_);
  store::Statement select(db_.get(), "SELECT idx FROM tlog_leaves WHERE measurement_uid = ?");
  select.bind(1, measurement_uid);
  int rc = sqlite3_step(select.get());
  if (rc == SQLITE_DONE)
    return std::optional<std::uint64_t>();
  if (rc != SQLITE_ROW)
    return error("cannot look up " + measurement_uid);
  return std::optional<std::uint64_t>(static_cast<std::uint64_t>(select.integer(0)));
}

core::Result<Hash> SqliteLog::root(std::uint64_t size) {
  std::lock_guard lock(mutex_);
  return tree_hash(size, *hashes_);
}

core::Result<Proof> SqliteLog::inclusion_proof(std::uint64_t index, std::uint64_t size) {
  std::lock_guard lock(mutex_);
  return prove_inclusion(size, index, *hashes_);
}

core::Result<Proof> SqliteLog::consistency_proof(std::uint64_t from, std::uint64_t to) {
  std::lock_guard lock(mutex_);
  return prove_consistency(from, to, *hashes_);
}

core::Result<std::string> SqliteLog::tile(const TileId& tile) {
  if (!tile.entries) {
    std::lock_guard lock(mutex_);
    return read_tile(tile, *hashes_);
  }
  auto records = leaves(tile.index * kTileWidth, tile.width);
  if (!records)
    return records.error();
  return encode_entry_bundle(*records);
}

core::Result<std::optional<SignedCheckpoint>> SqliteLog::checkpoint_locked(
    std::optional<std::uint64_t> size) {
  store::Statement select(db_.get(), size ? "SELECT size, note FROM tlog_checkpoints WHERE size = ?"
                                          : "SELECT size, note FROM tlog_checkpoints "
                                            "ORDER BY size DESC LIMIT 1");
  if (size)
    select.bind(1, static_cast<std::int64_t>(*size));
  int rc = sqlite3_step(select.get());
  if (rc == SQLITE_DONE)
    return std::optional<SignedCheckpoint>();
  if (rc != SQLITE_ROW)
    return error("cannot read checkpoints");
  const auto signed_size = select.integer(0);
  auto note = parse_note(select.text(1));
  if (!note)
    return core::Error{
        std::string(kKind) + " " + path_ + " checkpoint " + std::to_string(signed_size),
        note.error().message()};
  auto parsed = parse_checkpoint(note->text);
  if (!parsed)
    return parsed.error();

  store::Statement cosigned(db_.get(),
                            "SELECT line FROM tlog_cosignatures WHERE size = ? ORDER BY witness");
  cosigned.bind(1, signed_size);
  SignedCheckpoint out{*parsed, "", 0};
  while ((rc = sqlite3_step(cosigned.get())) == SQLITE_ROW) {
    auto line = parse_note(note->text + "\n" + cosigned.text(0));
    if (!line || line->signatures.size() != 1)
      return error("a stored cosignature of checkpoint " + std::to_string(signed_size) +
                   " is not a signature line");
    note->signatures.push_back(line->signatures.front());
    ++out.cosignatures;
  }
  if (rc != SQLITE_DONE)
    return error("cannot read cosignatures");
  out.note = format_note(*note);
  return std::optional<SignedCheckpoint>(std::move(out));
}

core::Result<std::optional<SignedCheckpoint>> SqliteLog::latest_checkpoint() {
  std::lock_guard lock(mutex_);
  return checkpoint_locked(std::nullopt);
}

core::Result<std::optional<SignedCheckpoint>> SqliteLog::checkpoint(std::uint64_t size) {
  std::lock_guard lock(mutex_);
  return checkpoint_locked(size);
}

core::Result<std::vector<std::uint64_t>> SqliteLog::checkpoint_sizes() {
  std::lock_guard lock(mutex_);
  store::Statement select(db_.get(), "SELECT size FROM tlog_checkpoints ORDER BY size DESC");
  std::vector<std::uint64_t> out;
  int rc;
  while ((rc = sqlite3_step(select.get())) == SQLITE_ROW)
    out.push_back(static_cast<std::uint64_t>(select.integer(0)));
  if (rc != SQLITE_DONE)
    return error("cannot read checkpoints");
  return out;
}

core::Result<std::vector<std::string>> SqliteLog::cosigners(std::uint64_t size) {
  std::lock_guard lock(mutex_);
  store::Statement select(db_.get(),
                          "SELECT witness FROM tlog_cosignatures WHERE size = ? ORDER BY witness");
  select.bind(1, static_cast<std::int64_t>(size));
  std::vector<std::string> out;
  int rc;
  while ((rc = sqlite3_step(select.get())) == SQLITE_ROW)
    out.push_back(select.text(0));
  if (rc != SQLITE_DONE)
    return error("cannot read cosignatures");
  return out;
}

core::Result<std::string> SqliteLog::verifier_key() {
  std::lock_guard lock(mutex_);
  store::Statement select(db_.get(), "SELECT value FROM tlog_meta WHERE name = 'verifier_key'");
  int rc = sqlite3_step(select.get());
  if (rc == SQLITE_DONE)
    return std::string();
  if (rc != SQLITE_ROW)
    return error("cannot read the verifier key");
  return select.text(0);
}

core::Result<SignedCheckpoint> SqliteLog::publish(const NoteSigner& signer,
                                                  const std::string& now) {
  std::lock_guard lock(mutex_);
  auto latest = checkpoint_locked(std::nullopt);
  if (!latest)
    return latest.error();
  if (*latest && (*latest)->checkpoint.origin != signer.name())
    return core::Error{std::string(kKind) + " " + path_,
                       "its checkpoints are signed as \"" + (*latest)->checkpoint.origin +
                           "\", not \"" + signer.name() + "\": give the log's own key"};
  // The size and the root are read in one read transaction: what is signed is committed.
  store::Statement begin(db_.get(), "BEGIN");
  if (sqlite3_step(begin.get()) != SQLITE_DONE)
    return error("cannot start a read transaction");
  auto size = size_locked();
  core::Result<Hash> root = size ? tree_hash(*size, *hashes_) : core::Result<Hash>(size.error());
  sqlite3_exec(db_.get(), "COMMIT", nullptr, nullptr, nullptr);
  if (!root)
    return root.error();
  store::Statement key(db_.get(),
                       "INSERT INTO tlog_meta (name, value) VALUES ('verifier_key', ?) "
                       "ON CONFLICT (name) DO UPDATE SET value = excluded.value");
  key.bind(1, signer.verifier_key_text());
  if (sqlite3_step(key.get()) != SQLITE_DONE)
    return error("cannot keep the verifier key");
  if (*latest && (*latest)->checkpoint.size >= *size)
    return std::move(**latest);

  Checkpoint c{signer.name(), *size, *root, {}};
  auto text = format_checkpoint(c);
  auto note = sign_note(text, std::span<const NoteSigner>(&signer, 1));
  if (!note)
    return note.error();
  store::Statement insert(db_.get(),
                          "INSERT INTO tlog_checkpoints (size, note, created) VALUES (?,?,?)");
  insert.bind(1, static_cast<std::int64_t>(c.size));
  insert.bind(2, *note);
  insert.bind(3, now);
  if (sqlite3_step(insert.get()) != SQLITE_DONE)
    return error("cannot store checkpoint " + std::to_string(c.size));
  return SignedCheckpoint{c, *note, 0};
}

core::Result<std::vector<std::string>> SqliteLog::add_cosignatures(
    std::string_view note_text, std::span<const NoteVerifier> witnesses, const std::string& now,
    CosignatureRefusal* refusal) {
  auto refuse = [&](CosignatureRefusal kind, core::Error e) {
    if (refusal)
      *refusal = kind;
    return e;
  };
  auto note = parse_note(note_text);
  if (!note)
    return refuse(CosignatureRefusal::malformed, note.error());
  auto parsed = parse_checkpoint(note->text);
  if (!parsed)
    return refuse(CosignatureRefusal::malformed, parsed.error());
  std::lock_guard lock(mutex_);
  auto ours = checkpoint_locked(parsed->size);
  if (!ours)
    return refuse(CosignatureRefusal::store, ours.error());
  if (!*ours || parse_note((*ours)->note)->text != note->text)
    return refuse(CosignatureRefusal::not_this_logs,
                  core::Error{"checkpoint", "not a checkpoint this log signed (size " +
                                                std::to_string(parsed->size) + ")"});
  std::vector<std::string> kept;
  for (const auto& s : note->signatures) {
    for (const auto& w : witnesses) {
      if (w.name() != s.name || w.key_id() != s.key_id || w.type() != KeyType::cosignature_v1)
        continue;
      auto at = verify_cosignature(note->text, s, w);
      if (!at)
        return refuse(CosignatureRefusal::invalid,
                      core::Error{"cosignature of " + s.name, at.error().message()});
      store::Statement insert(db_.get(),
                              "INSERT INTO tlog_cosignatures (size, witness, line, received) "
                              "VALUES (?,?,?,?) ON CONFLICT (size, witness) DO UPDATE SET "
                              "line = excluded.line, received = excluded.received");
      insert.bind(1, static_cast<std::int64_t>(parsed->size));
      insert.bind(2, w.text());
      insert.bind(3, format_signature_line(s));
      insert.bind(4, now);
      if (sqlite3_step(insert.get()) != SQLITE_DONE)
        return refuse(CosignatureRefusal::store,
                      error("cannot store the cosignature of " + s.name));
      kept.push_back(s.name);
    }
  }
  if (kept.empty())
    return refuse(CosignatureRefusal::unknown_witness,
                  core::Error{"checkpoint", "no cosignature from a witness this log knows"});
  return kept;
}

}  // namespace ashyq::tlog
