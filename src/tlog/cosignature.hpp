// Witness cosignatures (c2sp.org/tlog-cosignature, the Ed25519 "cosignature/v1" type): a
// witness's statement that, as of a time, the checkpoint is the largest consistent tree head it
// has seen for the log. It is a note signature line on the checkpoint from a key of signature type
// 0x04 (key ID SHA-256(name || "\n" || 0x04 || public key)[:4]) whose bytes after the key ID are
//   8-byte big-endian timestamp (POSIX seconds, at most 2^63 - 1) || 64-byte Ed25519 signature
// over the message
//   "cosignature/v1\n" "time <timestamp in decimal>\n" <the checkpoint's note text>
// (the whole text, extension lines included; never the signature lines). The message does not
// name the witness, so one witness key must never serve two witnesses.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "tlog/note_key.hpp"
#include "tlog/signed_note.hpp"

namespace ashyq::tlog {

inline constexpr std::uint64_t kMaxCosignatureTimestamp = (std::uint64_t{1} << 63) - 1;
inline constexpr std::size_t kCosignatureBytes = 8 + 64;  // after the key ID

// The signed message for `checkpoint_text` (a note text ending in "\n") at `timestamp`.
std::string cosignature_message(std::string_view checkpoint_text, std::uint64_t timestamp);

// `witness`'s cosignature of `checkpoint_text` at `timestamp`, to append to the checkpoint's
// note. Fails when the witness key is not of type cosignature_v1 or the timestamp is above
// kMaxCosignatureTimestamp.
core::Result<NoteSignature> cosign(std::string_view checkpoint_text, const NoteSigner& witness,
                                   std::uint64_t timestamp);

// The timestamp of a cosignature, once `s` is checked to be `witness`'s valid cosignature of
// `checkpoint_text`: `witness` of type cosignature_v1, the name and key ID its own, 72 bytes, a
// timestamp not above kMaxCosignatureTimestamp, a signature that verifies.
core::Result<std::uint64_t> verify_cosignature(std::string_view checkpoint_text,
                                               const NoteSignature& s, const NoteVerifier& witness);

// The timestamp a cosignature claims, read without verifying anything but its length: for
// ordering or discarding stale cosignatures before verify_cosignature.
core::Result<std::uint64_t> cosignature_timestamp(const NoteSignature& s);

}  // namespace ashyq::tlog
