// What a witness decides about a log's new checkpoint (c2sp.org/tlog-witness's rules, applied by
// a witness that polls the log): the checkpoint must be signed by the log's key, name the log's
// origin, and extend the last checkpoint the witness cosigned — same size means the same root, a
// larger size needs a consistency proof (computed here from the log's tiles), a smaller size is a
// rewritten history. Only then does the witness cosign. Pure: the network and the state file are
// the caller's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "tlog/checkpoint.hpp"
#include "tlog/merkle.hpp"
#include "tlog/note_key.hpp"
#include "tlog/signed_note.hpp"

namespace ashyq::tlog {

// The checkpoint in `note` when the log's key signed it and its origin is the key's name.
core::Result<Checkpoint> verified_checkpoint(std::string_view note, const NoteVerifier& log_key);

// Ok when `next` may be cosigned after `last` (nullopt: the first the witness sees). `tiles`
// reads the log's hashes as of `next` (a TileHashReader over the log's /tile/ URLs). The Error
// says why not: "rewritten history", "split view", an unverifiable proof.
core::Result<void> check_extends(const std::optional<Checkpoint>& last, const Checkpoint& next,
                                 const HashReader& tiles);

// The note the witness sends back to the log: the checkpoint text and the witness's
// cosignature/v1 line, made at `timestamp` (Unix seconds).
core::Result<std::string> cosigned_note(std::string_view checkpoint_text, const NoteSigner& witness,
                                        std::uint64_t timestamp);

}  // namespace ashyq::tlog
