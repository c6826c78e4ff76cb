// The keys of signed notes (c2sp.org/signed-note): an Ed25519 key pair with a name and a
// signature type, identified by the key ID SHA-256(name || "\n" || type || public key)[:4]. Two
// types are known: 0x01, plain Ed25519 signatures over the note text (the log's checkpoint
// signatures), and 0x04, tlog-cosignature/v1 timestamped witness cosignatures (cosignature.hpp).
// Keys travel as text, in the forms of Go's golang.org/x/mod/sumdb/note:
//   verifier key  <name>+<8 lower-case hex digits of the key ID>+<base64(type || 32-byte public
//   key)> signer key    PRIVATE+KEY+<name>+<hex key ID>+<base64(type || 32-byte Ed25519 seed)>
// e.g. "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW". Go writes only type
// 0x01 signer keys; a 0x04 signer key is the same form with the other type byte. Parse errors
// name "verifier key" or "private key" and never repeat the private key's text.
#pragma once

#include <openssl/types.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ashyq::tlog {

enum class KeyType : std::uint8_t { ed25519 = 0x01, cosignature_v1 = 0x04 };

using Ed25519PublicKey = std::array<std::uint8_t, 32>;
using Ed25519Seed = std::array<std::uint8_t, 32>;

// Whether `name` can name a key (and so appear in a signature line): non-empty, valid UTF-8, no
// Unicode space (Go's unicode.IsSpace), no '+', and no ASCII control character (which no note may
// hold).
bool is_valid_key_name(std::string_view name);

// SHA-256(name || "\n" || type || public_key)[:4] as a big-endian number.
std::uint32_t note_key_id(std::string_view name, KeyType type, const Ed25519PublicKey& public_key);

// The key ID as 8 lower-case hex digits ("c74f20a3"), as verifier keys and messages write it.
std::string key_id_hex(std::uint32_t key_id);

// Standard base64 (RFC 4648 §4, with padding) in its one canonical form: nullopt for anything
// else, including unused bits that are not zero and any whitespace, so that a signature or key
// has exactly one text form.
std::optional<std::string> decode_canonical_base64(std::string_view text);

class NoteVerifier;

// A private key with its name and type. Copies share the key; the seed is kept only inside
// OpenSSL (which wipes it when the last copy goes).
class NoteSigner {
 public:
  // A new key from OpenSSL's generator. Fails on a name is_valid_key_name refuses.
  static core::Result<NoteSigner> generate(std::string name, KeyType type = KeyType::ed25519);
  // The key of a known 32-byte seed (RFC 8032 §5.1.5), for deterministic keys and tests.
  static core::Result<NoteSigner> from_seed(std::string name, const Ed25519Seed& seed,
                                            KeyType type = KeyType::ed25519);
  // "PRIVATE+KEY+name+hexid+base64(type || seed)": checks the prefix, the name, the type (0x01 or
  // 0x04), the seed's length, and that the key ID is the one of the derived public key.
  static core::Result<NoteSigner> parse(std::string_view private_key_text);

  std::string private_key_text() const;   // secret: the form parse reads
  std::string verifier_key_text() const;  // "name+hexid+base64(type || public key)"
  NoteVerifier verifier() const;

  const std::string& name() const { return name_; }
  std::uint32_t key_id() const { return key_id_; }
  KeyType type() const { return type_; }
  const Ed25519PublicKey& public_key() const { return public_key_; }

  // The 64-byte Ed25519 signature of `message` as it is (whatever the type: the cosignature/v1
  // message is built by cosign). Empty only if OpenSSL fails (out of memory).
  std::string sign(std::string_view message) const;

 private:
  NoteSigner() = default;
  std::string name_;
  KeyType type_ = KeyType::ed25519;
  std::uint32_t key_id_ = 0;
  Ed25519PublicKey public_key_{};
  std::shared_ptr<EVP_PKEY> key_;
};

// A public key with its name and type: what a client is configured with to trust a log or a
// witness.
class NoteVerifier {
 public:
  // "name+hexid+base64(type || public key)": checks the name, 8 lower-case hex digits (Go writes
  // them so; it would also read upper case), canonical base64, the type (0x01 or 0x04), a 32-byte
  // key, and that the key ID is the key's.
  static core::Result<NoteVerifier> parse(std::string_view verifier_key_text);
  static core::Result<NoteVerifier> from_public_key(std::string name,
                                                    const Ed25519PublicKey& public_key,
                                                    KeyType type = KeyType::ed25519);

  // Whether `signature` (64 bytes) is this key's Ed25519 signature of `message`.
  bool verify(std::string_view message, std::string_view signature) const;

  const std::string& name() const { return name_; }
  std::uint32_t key_id() const { return key_id_; }
  KeyType type() const { return type_; }
  const Ed25519PublicKey& public_key() const { return public_key_; }
  std::string text() const;  // the verifier key, in the form parse reads

  // The same key (name, type and public key).
  bool operator==(const NoteVerifier& o) const {
    return name_ == o.name_ && type_ == o.type_ && public_key_ == o.public_key_;
  }

 private:
  NoteVerifier() = default;
  std::string name_;
  KeyType type_ = KeyType::ed25519;
  std::uint32_t key_id_ = 0;
  Ed25519PublicKey public_key_{};
  std::shared_ptr<EVP_PKEY> key_;
};

}  // namespace ashyq::tlog
