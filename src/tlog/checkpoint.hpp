// Checkpoints (c2sp.org/tlog-checkpoint): the note text a log signs to commit to its Merkle tree
// at one size, and that witnesses cosign.
//   example.com/behind-the-sofa                      origin: the log's identity, not empty
//   20852163                                         tree size: decimal, no leading zeros
//   CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=     root hash: RFC 6962 tree hash, base64
//   …                                                optional extension lines, opaque
// Every line ends in "\n" and none is empty. The log's signature line should carry the origin as
// its key name. Errors name the line: "checkpoint line 2".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "tlog/hash.hpp"

namespace ashyq::tlog {

struct Checkpoint {
  std::string origin;
  std::uint64_t size = 0;
  Hash root{};
  std::vector<std::string> extensions;  // each a line without its "\n"
  bool operator==(const Checkpoint&) const = default;
};

// Whether format_checkpoint would write a text parse_checkpoint reads back as `c`: an origin and
// extension lines that are not empty, hold no newline, and make a valid note text
// (signed_note.hpp's check_note_text: UTF-8, no control characters).
core::Result<void> check_checkpoint(const Checkpoint& c);

// The note text. Precondition: check_checkpoint(c) is ok.
std::string format_checkpoint(const Checkpoint& c);

// Reads a checkpoint note text (the note's text only, without signatures): at least three lines,
// each ending in "\n" and none empty; an origin; a size in [0, 2^64) written without leading zeros
// or sign; a root that is the canonical base64 of 32 bytes.
core::Result<Checkpoint> parse_checkpoint(std::string_view text);

}  // namespace ashyq::tlog
