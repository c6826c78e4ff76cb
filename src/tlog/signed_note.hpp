// Signed notes (c2sp.org/signed-note): a UTF-8 text ending in a newline, an empty line, then one
// or more signature lines
//   — <key name> <base64(4-byte big-endian key ID || signature bytes)>
// (U+2014 EM DASH, a space, the name, a space, the base64, a newline). The whole note is valid
// UTF-8 without ASCII control characters other than newline; the text may hold empty lines, and
// is separated from the signatures by the last one. The checkpoints of the log (checkpoint.hpp)
// travel as signed notes, signed by the log's Ed25519 key and cosigned by witnesses
// (cosignature.hpp). Notes are written byte for byte as Go's golang.org/x/mod/sumdb/note writes
// them, and read as strictly as the spec allows (base64 in its canonical form only, where Go
// also takes other encodings of the same bytes, which no conforming signer writes). Errors name
// the note's line: "signed note line 4".
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "tlog/note_key.hpp"

namespace ashyq::tlog {

// Limits on what parse_note reads (the spec asks for at least 16 signatures; Go refuses more
// than 100).
inline constexpr std::size_t kMaxNoteTextBytes = std::size_t{1} << 20;
inline constexpr std::size_t kMaxNoteSignatures = 100;
inline constexpr std::size_t kMaxSignatureLineBytes = 8192;  // post-quantum signatures are ~5 kB

// One signature line.
struct NoteSignature {
  std::string name;
  std::uint32_t key_id = 0;
  std::string bytes;  // what follows the key ID: for Ed25519 the 64-byte signature
  bool operator==(const NoteSignature&) const = default;
};

struct Note {
  std::string text;  // ends in "\n"; without the empty line before the signatures
  std::vector<NoteSignature> signatures;
  bool operator==(const Note&) const = default;
};

// Checks what a note text must be: not empty, at most kMaxNoteTextBytes, ending in "\n", valid
// UTF-8, without ASCII control characters other than "\n". `where` prefixes the line numbers of
// the errors ("signed note" gives "signed note line 2").
core::Result<void> check_note_text(std::string_view text, std::string_view where = "signed note");

// Splits and checks a signed note: the text as check_note_text wants it, at least one and at most
// kMaxNoteSignatures signature lines, each with a valid key name and canonical base64 of at least
// 5 bytes. Signatures are kept in order, duplicates too (so format_note gives the note back), and
// are not verified (verify_note).
core::Result<Note> parse_note(std::string_view note);

// "— name base64(key ID || bytes)\n", and its reverse for one line without its newline (a
// witness answers with such lines; tlog-witness).
std::string format_signature_line(const NoteSignature& signature);
core::Result<NoteSignature> parse_signature_line(std::string_view line);

// The note's text, the empty line, its signature lines. Precondition: a note parse_note would
// accept (as every Note it returns or sign_note makes is).
std::string format_note(const Note& note);

// The complete signed note of `text` (checked by check_note_text) signed by each of `signers`, in
// order. Fails on a bad text, on no signer, on more than kMaxNoteSignatures, on a signer that is
// not of type ed25519 (witnesses cosign: cosignature.hpp), or on the same key twice.
core::Result<std::string> sign_note(std::string_view text, std::span<const NoteSigner> signers);

// A signature verify_note found valid. `cosigned_at` is the timestamp of a cosignature/v1.
struct VerifiedSignature {
  std::string name;
  std::uint32_t key_id = 0;
  KeyType type = KeyType::ed25519;
  std::optional<std::uint64_t> cosigned_at;
  bool operator==(const VerifiedSignature&) const = default;
};

// Which of `verifiers` signed the note. A signature is from a known key when its name and key ID
// are both those of a verifier; others are ignored (the spec requires it: key rotation, witnesses
// a client does not trust). Every signature from a known key must verify — Ed25519 keys over the
// text, cosignature/v1 keys by cosignature.hpp's rules — or the note is refused ("signature of
// NAME does not verify"); at least one must be there ("no signature from a known key"). The list
// names each verifying key once, in the order of its first signature (a witness that cosigned
// twice: the first timestamp). Two verifiers with the same name and key ID but different keys are
// an Error when a signature names them (an ambiguous configuration).
core::Result<std::vector<VerifiedSignature>> verify_note(const Note& note,
                                                         std::span<const NoteVerifier> verifiers);

}  // namespace ashyq::tlog
