// The log as its readers and its checkpoint signer see it: leaves, tiles and proofs read from the
// SQLite file that holds it (sqlite_hashes.hpp), signed checkpoints kept in the same file, and the
// cosignatures witnesses sent for them. A checkpoint is only ever signed over leaves already
// committed to the file, so a crash can never leave a checkpoint for a tree the file does not
// hold; and checkpoints are kept, so a restarted log serves the last one it signed.
//
// Thread-safe: one connection behind a mutex (the HTTP routes call it from several threads).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/sqlite_statement.hpp"
#include "tlog/checkpoint.hpp"
#include "tlog/merkle.hpp"
#include "tlog/note_key.hpp"
#include "tlog/signed_note.hpp"
#include "tlog/sqlite_hashes.hpp"
#include "tlog/tile.hpp"

namespace ashyq::tlog {

// Why the log refused a witness's cosignature (the collector maps it to an HTTP status).
enum class CosignatureRefusal {
  malformed,        // not a signed note holding a checkpoint
  not_this_logs,    // a checkpoint this log never signed
  unknown_witness,  // no cosignature from a witness the log knows
  invalid,          // a known witness's cosignature does not verify
  store,            // the database failed
};

struct SignedCheckpoint {
  Checkpoint checkpoint;
  std::string note;  // the signed note: the log's signature, then every witness cosignature
  std::size_t cosignatures = 0;
};

class SqliteLog {
 public:
  // Opens the log held in the SQLite file at `path`; the store that owns the file has created the
  // tables (kLogSchemaSql).
  static core::Result<std::unique_ptr<SqliteLog>> open(const std::string& path);

  core::Result<std::uint64_t> size();
  // The records of leaves [first, first + count); an Error if one is missing.
  core::Result<std::vector<std::string>> leaves(std::uint64_t first, std::uint64_t count);
  core::Result<std::optional<std::uint64_t>> index_of(const std::string& measurement_uid);
  core::Result<Hash> root(std::uint64_t size);
  core::Result<Proof> inclusion_proof(std::uint64_t index, std::uint64_t size);
  core::Result<Proof> consistency_proof(std::uint64_t from, std::uint64_t to);
  // A hash tile or an entry bundle (tile.hpp), read from what is stored; an Error when the tile
  // reaches beyond the stored tree.
  core::Result<std::string> tile(const TileId& tile);

  // The newest signed checkpoint with its cosignatures; nullopt before the first.
  core::Result<std::optional<SignedCheckpoint>> latest_checkpoint();
  // The checkpoint signed for exactly `size` leaves; nullopt when there is none.
  core::Result<std::optional<SignedCheckpoint>> checkpoint(std::uint64_t size);
  // The verifier keys of the witnesses that cosigned the checkpoint of `size`.
  core::Result<std::vector<std::string>> cosigners(std::uint64_t size);
  // The log's verifier key, as its signer last published; "" before the first checkpoint.
  core::Result<std::string> verifier_key();
  // Every size a checkpoint was signed for, newest first.
  core::Result<std::vector<std::uint64_t>> checkpoint_sizes();

  // Signs a checkpoint for the committed tree when none exists yet or the tree grew since the
  // latest, and answers the latest. `now` is kept with it ("2026-12-06T05:10:00Z"). Refuses a
  // signer whose name is not the origin of the checkpoints already signed.
  core::Result<SignedCheckpoint> publish(const NoteSigner& signer, const std::string& now);

  // Keeps the cosignatures in `note` (a checkpoint this log signed, with witness signature lines)
  // from the known `witnesses`, each verified; answers the names of the witnesses kept. On an
  // Error, `refusal` (when given) says which kind it is.
  core::Result<std::vector<std::string>> add_cosignatures(std::string_view note,
                                                          std::span<const NoteVerifier> witnesses,
                                                          const std::string& now,
                                                          CosignatureRefusal* refusal = nullptr);

 private:
  SqliteLog(store::SqliteDatabase db, std::string path);
  core::Error error(const std::string& what) const;
  core::Result<std::uint64_t> size_locked();
  core::Result<std::optional<SignedCheckpoint>> checkpoint_locked(
      std::optional<std::uint64_t> size);

  std::mutex mutex_;
  store::SqliteDatabase db_;
  std::string path_;
  std::unique_ptr<SqliteHashReader> hashes_;
};

}  // namespace ashyq::tlog
