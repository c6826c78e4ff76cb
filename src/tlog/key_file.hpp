// A signing key on disk: one line, the private key in Go's note form ("PRIVATE+KEY+NAME+ID+…"),
// in a file only its owner may read. A key file that group or others can read is refused rather
// than used, and an existing key file is never overwritten (a log's key is its identity).
#pragma once

#include <string>

#include "core/result.hpp"
#include "tlog/note_key.hpp"

namespace ashyq::tlog {

// Writes `key` to a new file at `path` with mode 0600 (synced to disk); an Error if the file
// exists or cannot be written.
core::Result<void> write_key_file(const std::string& path, const NoteSigner& key);

// Reads the key at `path`; an Error when the file is readable or writable by group or others,
// or is not one private key.
core::Result<NoteSigner> read_key_file(const std::string& path);

// The key at `path`, or a new one named `name` of `type` written there when there is no file.
core::Result<NoteSigner> load_or_create_key_file(const std::string& path, const std::string& name,
                                                 KeyType type = KeyType::ed25519);

}  // namespace ashyq::tlog
