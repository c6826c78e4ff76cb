#include "tlog/witness.hpp"

#include "tlog/cosignature.hpp"

namespace ashyq::tlog {

core::Result<Checkpoint> verified_checkpoint(std::string_view note_text,
                                             const NoteVerifier& log_key) {
  auto note = parse_note(note_text);
  if (!note)
    return core::Error{"checkpoint", note.error().message()};
  auto signers = verify_note(*note, std::span<const NoteVerifier>(&log_key, 1));
  if (!signers)
    return core::Error{"checkpoint", signers.error().message()};
  auto c = parse_checkpoint(note->text);
  if (!c)
    return core::Error{"checkpoint", c.error().message()};
  if (c->origin != log_key.name())
    return core::Error{
        "checkpoint", "origin \"" + c->origin + "\" is not the log's (\"" + log_key.name() + "\")"};
  return c;
}

core::Result<void> check_extends(const std::optional<Checkpoint>& last, const Checkpoint& next,
                                 const HashReader& tiles) {
  if (!last) {
    // Trust on first use, but the tiles must hold the tree the checkpoint signs.
    auto root = tree_hash(next.size, tiles);
    if (!root)
      return core::Error{"tiles", root.error().message()};
    if (*root != next.root)
      return core::Error{"checkpoint " + std::to_string(next.size),
                         "its root is not the root of the log's tiles"};
    return {};
  }
  if (last->origin != next.origin)
    return core::Error{"checkpoint",
                       "origin changed from \"" + last->origin + "\" to \"" + next.origin + "\""};
  if (next.size < last->size)
    return core::Error{
        "checkpoint " + std::to_string(next.size),
        "rewritten history: the tree shrank from " + std::to_string(last->size) + " leaves"};
  if (next.size == last->size) {
    if (next.root != last->root)
      return core::Error{"checkpoint " + std::to_string(next.size),
                         "split view: a different root for the size cosigned before (" +
                             hash_base64(last->root) + ")"};
    return {};
  }
  auto proof = prove_consistency(last->size, next.size, tiles);
  if (!proof)
    return core::Error{"tiles", proof.error().message()};
  if (auto consistent = verify_consistency(last->size, next.size, *proof, last->root, next.root);
      !consistent)
    return core::Error{"checkpoint " + std::to_string(next.size),
                       "rewritten history: not consistent with checkpoint " +
                           std::to_string(last->size) + " cosigned before (" +
                           consistent.error().message() + ")"};
  return {};
}

core::Result<std::string> cosigned_note(std::string_view checkpoint_text, const NoteSigner& witness,
                                        std::uint64_t timestamp) {
  auto line = cosign(checkpoint_text, witness, timestamp);
  if (!line)
    return line.error();
  return format_note(Note{std::string(checkpoint_text), {*line}});
}

}  // namespace ashyq::tlog
