#include "tlog/note_key.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstring>

#include "core/base64.hpp"
#include "core/utf8.hpp"
#include "tlog/hash.hpp"

namespace ashyq::tlog {

namespace {

constexpr std::string_view kPrivatePrefix = "PRIVATE+KEY+";

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};

// Unicode White_Space, as Go's unicode.IsSpace sees it (ASCII space and \t\n\v\f\r are among
// the control characters refused anyway).
bool is_unicode_space(char32_t c) {
  return c == ' ' || c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool is_known_type(std::uint8_t b) {
  return b == static_cast<std::uint8_t>(KeyType::ed25519) ||
         b == static_cast<std::uint8_t>(KeyType::cosignature_v1);
}

std::string type_byte_hex(std::uint8_t b) {
  static constexpr char kDigits[] = "0123456789abcdef";
  return std::string("0x") + kDigits[b >> 4] + kDigits[b & 15];
}

// 8 lower-case hex digits, and nothing else.
std::optional<std::uint32_t> parse_key_id(std::string_view hex) {
  if (hex.size() != 8)
    return std::nullopt;
  std::uint32_t id = 0;
  for (char c : hex) {
    int d = -1;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (c >= 'a' && c <= 'f')
      d = c - 'a' + 10;
    if (d < 0)
      return std::nullopt;
    id = id << 4 | static_cast<std::uint32_t>(d);
  }
  return id;
}

// "name+hexid+base64" split at its first two '+' (base64 may hold more).
struct KeyParts {
  std::string_view name, hex_id, base64;
};
std::optional<KeyParts> split_key(std::string_view text) {
  auto first = text.find('+');
  if (first == std::string_view::npos)
    return std::nullopt;
  auto second = text.find('+', first + 1);
  if (second == std::string_view::npos)
    return std::nullopt;
  return KeyParts{text.substr(0, first), text.substr(first + 1, second - first - 1),
                  text.substr(second + 1)};
}

// Checks the parts of a key text common to both forms and returns the type byte and the 32
// key bytes after it.
struct CheckedKey {
  std::string name;
  std::uint32_t key_id = 0;
  KeyType type = KeyType::ed25519;
  std::array<std::uint8_t, 32> bytes{};
};
core::Result<CheckedKey> check_key_parts(std::string_view text, const std::string& where,
                                         std::string_view what) {
  auto parts = split_key(text);
  if (!parts)
    return core::Error{where, "not of the form name+keyid+" + std::string(what)};
  if (!is_valid_key_name(parts->name))
    return core::Error{where,
                       "invalid key name (empty, or with a space, '+' or control character)"};
  const std::string named = where + " " + std::string(parts->name);
  auto id = parse_key_id(parts->hex_id);
  if (!id)
    return core::Error{named, "the key ID is not 8 lower-case hex digits"};
  auto bytes = decode_canonical_base64(parts->base64);
  if (!bytes)
    return core::Error{named, "the key is not canonical base64"};
  if (bytes->empty())
    return core::Error{named, "the key is empty"};
  auto type = static_cast<std::uint8_t>((*bytes)[0]);
  if (!is_known_type(type))
    return core::Error{named, "unknown signature type " + type_byte_hex(type) +
                                  " (0x01 Ed25519 and 0x04 cosignature/v1 are known)"};
  if (bytes->size() != 33)
    return core::Error{
        named, std::string(what) + " is " + std::to_string(bytes->size() - 1) + " bytes, not 32"};
  CheckedKey k;
  k.name = std::string(parts->name);
  k.key_id = *id;
  k.type = static_cast<KeyType>(type);
  std::memcpy(k.bytes.data(), bytes->data() + 1, 32);
  OPENSSL_cleanse(bytes->data(), bytes->size());
  return k;
}

std::string encode_key(KeyType type, const std::array<std::uint8_t, 32>& bytes) {
  std::string raw(33, '\0');
  raw[0] = static_cast<char>(type);
  std::memcpy(raw.data() + 1, bytes.data(), bytes.size());
  std::string out = core::base64_encode(raw);
  OPENSSL_cleanse(raw.data(), raw.size());
  return out;
}

}  // namespace

bool is_valid_key_name(std::string_view name) {
  if (name.empty())
    return false;
  std::size_t i = 0;
  while (i < name.size()) {
    char32_t c = 0;
    std::size_t n = core::utf8_sequence(name.substr(i), &c);
    if (n == 0 || c < 0x20 || c == '+' || is_unicode_space(c))
      return false;
    i += n;
  }
  return true;
}

std::uint32_t note_key_id(std::string_view name, KeyType type, const Ed25519PublicKey& public_key) {
  std::string input;
  input.reserve(name.size() + 2 + public_key.size());
  input.append(name);
  input.push_back('\n');
  input.push_back(static_cast<char>(type));
  input.append(reinterpret_cast<const char*>(public_key.data()), public_key.size());
  Hash h = sha256(input);
  return std::uint32_t{h[0]} << 24 | std::uint32_t{h[1]} << 16 | std::uint32_t{h[2]} << 8 |
         std::uint32_t{h[3]};
}

std::string key_id_hex(std::uint32_t key_id) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(8, '0');
  for (int i = 7; i >= 0; --i, key_id >>= 4)
    out[static_cast<std::size_t>(i)] = kDigits[key_id & 15];
  return out;
}

std::optional<std::string> decode_canonical_base64(std::string_view text) {
  auto bytes = core::base64_decode(text);
  if (!bytes)
    return std::nullopt;
  // The text may be a private key: the copy made for the comparison is wiped too.
  std::string again = core::base64_encode(*bytes);
  const bool canonical = again == text;
  OPENSSL_cleanse(again.data(), again.size());
  if (!canonical) {
    OPENSSL_cleanse(bytes->data(), bytes->size());
    return std::nullopt;
  }
  return bytes;
}

// NoteSigner

core::Result<NoteSigner> NoteSigner::generate(std::string name, KeyType type) {
  Ed25519Seed seed;
  if (RAND_bytes(seed.data(), static_cast<int>(seed.size())) != 1)
    return core::Error{"key generation", "OpenSSL's random generator failed"};
  auto signer = from_seed(std::move(name), seed, type);
  OPENSSL_cleanse(seed.data(), seed.size());
  return signer;
}

core::Result<NoteSigner> NoteSigner::from_seed(std::string name, const Ed25519Seed& seed,
                                               KeyType type) {
  if (!is_valid_key_name(name))
    return core::Error{"key name \"" + name + "\"",
                       "empty, or with a space, '+' or control character"};
  std::shared_ptr<EVP_PKEY> key(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()),
      PkeyFree{});
  if (!key)
    return core::Error{"key " + name, "OpenSSL refused the Ed25519 seed"};
  NoteSigner s;
  std::size_t length = s.public_key_.size();
  if (EVP_PKEY_get_raw_public_key(key.get(), s.public_key_.data(), &length) != 1 || length != 32)
    return core::Error{"key " + name, "OpenSSL gave no Ed25519 public key"};
  s.name_ = std::move(name);
  s.type_ = type;
  s.key_id_ = note_key_id(s.name_, type, s.public_key_);
  s.key_ = std::move(key);
  return s;
}

core::Result<NoteSigner> NoteSigner::parse(std::string_view text) {
  if (!text.starts_with(kPrivatePrefix))
    return core::Error{"private key", "does not start with PRIVATE+KEY+"};
  auto parts = check_key_parts(text.substr(kPrivatePrefix.size()), "private key", "seed");
  if (!parts)
    return parts.error();
  auto signer = from_seed(parts->name, parts->bytes, parts->type);
  OPENSSL_cleanse(parts->bytes.data(), parts->bytes.size());
  if (!signer)
    return signer.error();
  if (signer->key_id() != parts->key_id)
    return core::Error{"private key " + parts->name,
                       "key ID " + key_id_hex(parts->key_id) +
                           " is not the one of the key's public key (" +
                           key_id_hex(signer->key_id()) + ")"};
  return signer;
}

std::string NoteSigner::private_key_text() const {
  Ed25519Seed seed{};
  std::size_t length = seed.size();
  if (EVP_PKEY_get_raw_private_key(key_.get(), seed.data(), &length) != 1 || length != 32)
    return {};
  std::string out = std::string(kPrivatePrefix) + name_ + "+" + key_id_hex(key_id_) + "+" +
                    encode_key(type_, seed);
  OPENSSL_cleanse(seed.data(), seed.size());
  return out;
}

std::string NoteSigner::verifier_key_text() const {
  return name_ + "+" + key_id_hex(key_id_) + "+" + encode_key(type_, public_key_);
}

NoteVerifier NoteSigner::verifier() const {
  // The public key came from OpenSSL, so it is accepted again.
  return NoteVerifier::from_public_key(name_, public_key_, type_).value();
}

std::string NoteSigner::sign(std::string_view message) const {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1)
    return {};
  std::string signature(64, '\0');
  std::size_t length = signature.size();
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1 ||
      length != 64)
    return {};
  return signature;
}

// NoteVerifier

core::Result<NoteVerifier> NoteVerifier::parse(std::string_view text) {
  auto parts = check_key_parts(text, "verifier key", "public key");
  if (!parts)
    return parts.error();
  auto verifier = from_public_key(parts->name, parts->bytes, parts->type);
  if (!verifier)
    return verifier.error();
  if (verifier->key_id() != parts->key_id)
    return core::Error{"verifier key " + parts->name, "key ID " + key_id_hex(parts->key_id) +
                                                          " is not the one of the key (" +
                                                          key_id_hex(verifier->key_id()) + ")"};
  return verifier;
}

core::Result<NoteVerifier> NoteVerifier::from_public_key(std::string name,
                                                         const Ed25519PublicKey& public_key,
                                                         KeyType type) {
  if (!is_valid_key_name(name))
    return core::Error{"key name \"" + name + "\"",
                       "empty, or with a space, '+' or control character"};
  std::shared_ptr<EVP_PKEY> key(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.data(), public_key.size()),
      PkeyFree{});
  if (!key)
    return core::Error{"verifier key " + name, "OpenSSL refused the Ed25519 public key"};
  NoteVerifier v;
  v.name_ = std::move(name);
  v.type_ = type;
  v.public_key_ = public_key;
  v.key_id_ = note_key_id(v.name_, type, public_key);
  v.key_ = std::move(key);
  return v;
}

bool NoteVerifier::verify(std::string_view message, std::string_view signature) const {
  if (signature.size() != 64 || !key_)
    return false;
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1)
    return false;
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                          message.size()) == 1;
}

std::string NoteVerifier::text() const {
  return name_ + "+" + key_id_hex(key_id_) + "+" + encode_key(type_, public_key_);
}

}  // namespace ashyq::tlog
