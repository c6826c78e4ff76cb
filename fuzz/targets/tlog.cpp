// What the transparency log's readers take from outside (a log, a witness, a bundle, a key file):
// signed notes and their signature lines, checkpoints, cosignatures, verifier and private keys,
// key files, tile paths, entry bundles and the leaf records in them, RFC 9162 inclusion and
// consistency proofs, and a witness's check that a checkpoint extends the last one from tiles
// a log serves. The whole input is read as each of these texts; its lines as one-line forms;
// its bytes as a proof (two 64-bit sizes, then 32-byte hashes) and as the tiles a log returns.
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tlog/checkpoint.hpp"
#include "tlog/cosignature.hpp"
#include "tlog/hash.hpp"
#include "tlog/key_file.hpp"
#include "tlog/leaf_record.hpp"
#include "tlog/merkle.hpp"
#include "tlog/note_key.hpp"
#include "tlog/signed_note.hpp"
#include "tlog/tile.hpp"
#include "tlog/witness.hpp"

namespace {

using namespace ashyq;

struct Keys {
  tlog::NoteVerifier log;
  tlog::NoteVerifier witness;
};

// The keys of the tests (tests/evidence), which signed the seed corpus: verification is reached.
const Keys& keys() {
  static const Keys k = [] {
    tlog::Ed25519Seed seed{};
    seed[0] = 1;
    auto log = tlog::NoteSigner::from_seed("observatory.test/log", seed);
    seed[0] = 2;
    auto witness = tlog::NoteSigner::from_seed("witness.test", seed, tlog::KeyType::cosignature_v1);
    return Keys{log->verifier(), witness->verifier()};
  }();
  return k;
}

std::uint64_t u64_at(const uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i)
    v = (v << 8) | p[i];
  return v;
}

tlog::Hash hash_at(const uint8_t* p) {
  tlog::Hash h;
  std::memcpy(h.data(), p, h.size());
  return h;
}

// The key file reader over the input, through an anonymous file with the mode it wants.
void read_as_key_file(std::string_view text) {
  int fd = ::memfd_create("fuzz-key", MFD_CLOEXEC);
  if (fd < 0)
    return;
  if (::fchmod(fd, 0600) == 0 &&
      ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()))
    (void)tlog::read_key_file("/proc/self/fd/" + std::to_string(fd));
  ::close(fd);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const Keys& k = keys();

  // Notes, checkpoints, cosignatures.
  (void)tlog::check_note_text(text);
  if (auto note = tlog::parse_note(text)) {
    (void)tlog::format_note(*note);
    const tlog::NoteVerifier verifiers[] = {k.log, k.witness};
    (void)tlog::verify_note(*note, verifiers);
    for (const auto& s : note->signatures) {
      (void)tlog::cosignature_timestamp(s);
      (void)tlog::verify_cosignature(note->text, s, k.witness);
    }
  }
  (void)tlog::verified_checkpoint(text, k.log);
  std::optional<tlog::Checkpoint> checkpoint;
  if (auto c = tlog::parse_checkpoint(text)) {
    (void)tlog::check_checkpoint(*c);
    checkpoint = *c;
  } else if (auto note = tlog::parse_note(text)) {
    if (auto inner = tlog::parse_checkpoint(note->text))
      checkpoint = *inner;
  }
  if (checkpoint) {
    // A witness that last cosigned a tree of 3 leaves asks the log's tiles (here: the input's
    // bytes, cut to the tile's length) whether this checkpoint extends it.
    tlog::Checkpoint last{checkpoint->origin, 3, tlog::sha256("fuzz"), {}};
    tlog::TileHashReader tiles(
        checkpoint->size, [&](const tlog::TileId& t) -> core::Result<std::string> {
          std::string bytes(text.substr(0, std::min<std::size_t>(size, t.width * 32)));
          return bytes;
        });
    (void)tlog::check_extends(last, *checkpoint, tiles);
    (void)tlog::check_extends(std::nullopt, *checkpoint, tiles);
  }

  // Keys, key files, one-line forms.
  (void)tlog::NoteVerifier::parse(text);
  (void)tlog::NoteSigner::parse(text);
  read_as_key_file(text);
  std::size_t lines = 0;
  for (std::size_t at = 0; at <= size && lines < 16; ++lines) {
    auto end = text.find('\n', at);
    if (end == std::string_view::npos)
      end = size;
    const auto line = text.substr(at, end - at);
    (void)tlog::parse_signature_line(line);
    if (auto tile = tlog::parse_tile_path(line))
      (void)tlog::tile_path(*tile);
    (void)tlog::hash_from_base64(line);
    (void)tlog::hash_from_hex(line);
    (void)tlog::decode_canonical_base64(line);
    at = end + 1;
  }

  // Entry bundles and leaf records.
  (void)tlog::decode_leaf(text);
  if (auto entries = tlog::decode_entry_bundle(text)) {
    for (std::size_t i = 0; i < entries->size() && i < 16; ++i)
      (void)tlog::decode_leaf((*entries)[i]);
  }

  // Proofs: index (or old size), size, the leaf (or old root), the root, the proof's hashes.
  if (size >= 16 + 64) {
    const std::uint64_t first = u64_at(data), second = u64_at(data + 8);
    const auto leaf = hash_at(data + 16), root = hash_at(data + 48);
    tlog::Proof proof;
    for (std::size_t at = 80; at + 32 <= size && proof.size() < 70; at += 32)
      proof.push_back(hash_at(data + at));
    (void)tlog::verify_inclusion(leaf, first, second, proof, root);
    (void)tlog::verify_consistency(first, second, proof, leaf, root);
    (void)tlog::tile_for(static_cast<int>(data[0] % 70), first, second);
    (void)tlog::entry_bundle_for(first, second);
  }
  return 0;
}
