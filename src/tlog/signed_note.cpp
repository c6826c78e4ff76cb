#include "tlog/signed_note.hpp"

#include "core/base64.hpp"
#include "core/utf8.hpp"
#include "tlog/cosignature.hpp"

namespace ashyq::tlog {

namespace {

constexpr std::string_view kEmDashSpace = "\xE2\x80\x94 ";  // U+2014, U+0020

std::string line_where(std::string_view where, std::size_t line) {
  return std::string(where) + " line " + std::to_string(line);
}

std::string code_point_text(char32_t c) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out = "U+";
  for (int shift = 12; shift >= 0; shift -= 4)
    out.push_back(kDigits[(c >> shift) & 15]);
  return out;
}

// Valid UTF-8 without control characters other than "\n"; lines are counted from `first_line`.
core::Result<void> check_characters(std::string_view s, std::string_view where,
                                    std::size_t first_line = 1) {
  std::size_t line = first_line;
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t c = 0;
    const std::size_t n = core::utf8_sequence(s.substr(i), &c);
    if (n == 0)
      return core::Error{line_where(where, line), "invalid UTF-8 at byte " + std::to_string(i)};
    if (c == '\n')
      ++line;
    else if (c < 0x20)
      return core::Error{line_where(where, line), "control character " + code_point_text(c)};
    i += n;
  }
  return {};
}

std::size_t count_lines(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    n += c == '\n';
  return n;
}

std::uint32_t read_be32(std::string_view b) {
  return std::uint32_t{static_cast<unsigned char>(b[0])} << 24 |
         std::uint32_t{static_cast<unsigned char>(b[1])} << 16 |
         std::uint32_t{static_cast<unsigned char>(b[2])} << 8 |
         std::uint32_t{static_cast<unsigned char>(b[3])};
}

core::Result<NoteSignature> parse_line(std::string_view line, const std::string& where) {
  if (line.size() > kMaxSignatureLineBytes)
    return core::Error{
        where, "signature line longer than " + std::to_string(kMaxSignatureLineBytes) + " bytes"};
  if (!line.starts_with(kEmDashSpace))
    return core::Error{where, "a signature line must start with an em dash (U+2014) and a space"};
  line.remove_prefix(kEmDashSpace.size());
  const auto space = line.find(' ');
  if (space == std::string_view::npos)
    return core::Error{where, "no space between the key name and the signature"};
  const std::string_view name = line.substr(0, space);
  const std::string_view base64 = line.substr(space + 1);
  if (!is_valid_key_name(name))
    return core::Error{where, "invalid key name \"" + std::string(name) + "\""};
  auto bytes = decode_canonical_base64(base64);
  if (!bytes)
    return core::Error{where, "the signature of " + std::string(name) + " is not canonical base64"};
  if (bytes->size() < 5)
    return core::Error{where, "the signature of " + std::string(name) + " is " +
                                  std::to_string(bytes->size()) +
                                  " bytes: a key ID and a signature take at least 5"};
  return NoteSignature{std::string(name), read_be32(*bytes), bytes->substr(4)};
}

}  // namespace

core::Result<void> check_note_text(std::string_view text, std::string_view where) {
  if (text.size() > kMaxNoteTextBytes)
    return core::Error{std::string(where), "text of " + std::to_string(text.size()) +
                                               " bytes, more than the " +
                                               std::to_string(kMaxNoteTextBytes) + " allowed"};
  if (text.empty() || text.back() != '\n')
    return core::Error{line_where(where, count_lines(text) + 1),
                       "the text does not end in a newline"};
  return check_characters(text, where);
}

core::Result<Note> parse_note(std::string_view note) {
  constexpr std::size_t kMaxNoteBytes =
      kMaxNoteTextBytes + 1 + kMaxNoteSignatures * (kMaxSignatureLineBytes + 1);
  if (note.size() > kMaxNoteBytes)
    return core::Error{"signed note", std::to_string(note.size()) + " bytes, more than the " +
                                          std::to_string(kMaxNoteBytes) + " allowed"};
  if (auto ok = check_characters(note, "signed note"); !ok)
    return ok.error();

  const auto split = note.rfind("\n\n");
  if (split == std::string_view::npos)
    return core::Error{"signed note", "no empty line between the text and the signatures"};
  const std::string_view text = note.substr(0, split + 1);
  std::string_view signatures = note.substr(split + 2);
  std::size_t line = count_lines(text) + 2;  // of the first signature
  if (signatures.empty())
    return core::Error{line_where("signed note", line), "no signature after the empty line"};
  if (signatures.back() != '\n')
    return core::Error{line_where("signed note", line + count_lines(signatures)),
                       "the last signature line does not end in a newline"};
  if (text.size() > kMaxNoteTextBytes)
    return core::Error{"signed note", "text of " + std::to_string(text.size()) +
                                          " bytes, more than the " +
                                          std::to_string(kMaxNoteTextBytes) + " allowed"};

  Note out;
  out.text = std::string(text);
  while (!signatures.empty()) {
    const auto end = signatures.find('\n');  // found: the block ends in one
    if (out.signatures.size() == kMaxNoteSignatures)
      return core::Error{line_where("signed note", line),
                         "more than " + std::to_string(kMaxNoteSignatures) + " signatures"};
    auto signature = parse_line(signatures.substr(0, end), line_where("signed note", line));
    if (!signature)
      return signature.error();
    out.signatures.push_back(std::move(*signature));
    signatures.remove_prefix(end + 1);
    ++line;
  }
  return out;
}

std::string format_signature_line(const NoteSignature& signature) {
  std::string raw(4, '\0');
  for (int i = 0; i < 4; ++i)
    raw[static_cast<std::size_t>(i)] = static_cast<char>(signature.key_id >> (24 - 8 * i));
  raw += signature.bytes;
  return std::string(kEmDashSpace) + signature.name + " " + core::base64_encode(raw) + "\n";
}

core::Result<NoteSignature> parse_signature_line(std::string_view line) {
  if (auto ok = check_characters(line, "signature line"); !ok)
    return ok.error();
  if (line.find('\n') != std::string_view::npos)
    return core::Error{"signature line", "holds a newline"};
  return parse_line(line, "signature line");
}

std::string format_note(const Note& note) {
  std::string out = note.text;
  out += '\n';
  for (const auto& s : note.signatures)
    out += format_signature_line(s);
  return out;
}

core::Result<std::string> sign_note(std::string_view text, std::span<const NoteSigner> signers) {
  if (auto ok = check_note_text(text); !ok)
    return ok.error();
  if (signers.empty())
    return core::Error{"signed note", "no signer"};
  if (signers.size() > kMaxNoteSignatures)
    return core::Error{"signed note", std::to_string(signers.size()) + " signers, more than " +
                                          std::to_string(kMaxNoteSignatures)};
  Note note;
  note.text = std::string(text);
  for (std::size_t i = 0; i < signers.size(); ++i) {
    const NoteSigner& s = signers[i];
    if (s.type() != KeyType::ed25519)
      return core::Error{"signer " + s.name(),
                         "not an Ed25519 note key (a cosignature/v1 key signs with cosign)"};
    for (std::size_t j = 0; j < i; ++j)
      if (signers[j].name() == s.name() && signers[j].key_id() == s.key_id())
        return core::Error{"signer " + s.name(), "the same key signs twice"};
    std::string signature = s.sign(text);
    if (signature.size() != 64)
      return core::Error{"signer " + s.name(), "OpenSSL could not sign"};
    note.signatures.push_back(NoteSignature{s.name(), s.key_id(), std::move(signature)});
  }
  return format_note(note);
}

core::Result<std::vector<VerifiedSignature>> verify_note(const Note& note,
                                                         std::span<const NoteVerifier> verifiers) {
  std::vector<VerifiedSignature> verified;
  for (const NoteSignature& s : note.signatures) {
    const NoteVerifier* known = nullptr;
    for (const NoteVerifier& v : verifiers) {
      if (v.name() != s.name || v.key_id() != s.key_id)
        continue;
      if (known && !(*known == v))
        return core::Error{"verifiers", "two keys named " + s.name + " with key ID " +
                                            key_id_hex(s.key_id) + " (ambiguous)"};
      known = &v;
    }
    if (!known)
      continue;  // an unknown key: ignored
    std::optional<std::uint64_t> cosigned_at;
    if (known->type() == KeyType::cosignature_v1) {
      auto timestamp = verify_cosignature(note.text, s, *known);
      if (!timestamp)
        return core::Error{"signed note", "signature of " + s.name + " does not verify (" +
                                              timestamp.error().why + ")"};
      cosigned_at = *timestamp;
    } else if (!known->verify(note.text, s.bytes)) {
      return core::Error{"signed note", "signature of " + s.name + " does not verify"};
    }
    bool seen = false;
    for (const auto& v : verified)
      seen = seen || (v.name == s.name && v.key_id == s.key_id);
    if (!seen)
      verified.push_back(VerifiedSignature{s.name, s.key_id, known->type(), cosigned_at});
  }
  if (verified.empty())
    return core::Error{"signed note", "no signature from a known key"};
  return verified;
}

}  // namespace ashyq::tlog
