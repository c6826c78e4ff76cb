#include "tlog/cosignature.hpp"

namespace ashyq::tlog {

std::string cosignature_message(std::string_view checkpoint_text, std::uint64_t timestamp) {
  std::string out = "cosignature/v1\ntime " + std::to_string(timestamp) + "\n";
  out.append(checkpoint_text);
  return out;
}

core::Result<NoteSignature> cosign(std::string_view checkpoint_text, const NoteSigner& witness,
                                   std::uint64_t timestamp) {
  if (witness.type() != KeyType::cosignature_v1)
    return core::Error{"witness " + witness.name(), "not a cosignature/v1 (0x04) key"};
  if (timestamp > kMaxCosignatureTimestamp)
    return core::Error{"witness " + witness.name(),
                       "timestamp " + std::to_string(timestamp) + " is above 2^63 - 1"};
  std::string signature = witness.sign(cosignature_message(checkpoint_text, timestamp));
  if (signature.size() != 64)
    return core::Error{"witness " + witness.name(), "OpenSSL could not sign"};
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i)
    bytes[static_cast<std::size_t>(i)] = static_cast<char>(timestamp >> (56 - 8 * i));
  bytes += signature;
  return NoteSignature{witness.name(), witness.key_id(), std::move(bytes)};
}

core::Result<std::uint64_t> cosignature_timestamp(const NoteSignature& s) {
  if (s.bytes.size() != kCosignatureBytes)
    return core::Error{"cosignature of " + s.name, std::to_string(s.bytes.size()) +
                                                       " bytes after the key ID, not " +
                                                       std::to_string(kCosignatureBytes)};
  std::uint64_t t = 0;
  for (std::size_t i = 0; i < 8; ++i)
    t = t << 8 | static_cast<unsigned char>(s.bytes[i]);
  return t;
}

core::Result<std::uint64_t> verify_cosignature(std::string_view checkpoint_text,
                                               const NoteSignature& s,
                                               const NoteVerifier& witness) {
  const std::string where = "cosignature of " + s.name;
  if (witness.type() != KeyType::cosignature_v1)
    return core::Error{where, "the key " + witness.name() + "+" + key_id_hex(witness.key_id()) +
                                  " is not a cosignature/v1 (0x04) key"};
  if (s.name != witness.name() || s.key_id != witness.key_id())
    return core::Error{where, "signed by " + s.name + "+" + key_id_hex(s.key_id) + ", not by " +
                                  witness.name() + "+" + key_id_hex(witness.key_id())};
  auto timestamp = cosignature_timestamp(s);
  if (!timestamp)
    return timestamp.error();
  if (*timestamp > kMaxCosignatureTimestamp)
    return core::Error{where, "timestamp " + std::to_string(*timestamp) + " is above 2^63 - 1"};
  if (!witness.verify(cosignature_message(checkpoint_text, *timestamp), s.bytes.substr(8)))
    return core::Error{where, "the Ed25519 signature does not verify"};
  return *timestamp;
}

}  // namespace ashyq::tlog
