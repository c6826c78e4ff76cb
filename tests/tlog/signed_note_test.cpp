#include "tlog/signed_note.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "published_vectors.hpp"

namespace ashyq::tlog {
namespace {

using vectors::kEnochVerifierKey;
using vectors::kPeterPrivateKey;
using vectors::kPeterVerifierKey;

// Go's golang.org/x/mod/sumdb/note: the package documentation's example note and note_test.go's
// signatures (TestSign, TestOpen).
const std::string kText =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
const std::string kPeterSig =
    "— PeterNeumann "
    "x08go/ZJkuBS9UG/"
    "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const std::string kEnochSig =
    "— EnochRoot "
    "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/"
    "5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

// The example of c2sp.org/signed-note: a text with an empty line in it.
const std::string kQuasimodoNote =
    "Ognuno sta solo sul cuor della terra\n"
    "trafitto da un raggio di sole:\n"
    "\n"
    "ed è subito sera.\n"
    "\n"
    "— quasimodo.example/salvatore "
    "NnugSzTjtVAewIS+Z/iJhUPeFDkO/"
    "5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n";

NoteVerifier verifier(std::string_view text) {
  return NoteVerifier::parse(text).value();
}

NoteSigner signer(std::string_view text) {
  return NoteSigner::parse(text).value();
}

TEST(SignedNote, SignsGoExampleByteForByte) {
  const NoteSigner peter = signer(kPeterPrivateKey);
  auto note = sign_note(kText, std::span(&peter, 1));
  ASSERT_TRUE(note) << note.error().message();
  EXPECT_EQ(*note, kText + "\n" + kPeterSig);
}

TEST(SignedNote, VerifiesGoExample) {
  auto note = parse_note(kText + "\n" + kPeterSig);
  ASSERT_TRUE(note) << note.error().message();
  EXPECT_EQ(note->text, kText);
  ASSERT_EQ(note->signatures.size(), 1u);
  EXPECT_EQ(note->signatures[0].name, "PeterNeumann");
  EXPECT_EQ(note->signatures[0].key_id, 0xc74f20a3u);
  EXPECT_EQ(note->signatures[0].bytes.size(), 64u);

  const std::vector<NoteVerifier> known = {verifier(kPeterVerifierKey)};
  auto verified = verify_note(*note, known);
  ASSERT_TRUE(verified) << verified.error().message();
  const std::vector<VerifiedSignature> want = {
      {"PeterNeumann", 0xc74f20a3u, KeyType::ed25519, std::nullopt}};
  EXPECT_EQ(*verified, want);
}

// Go's TestOpen: one of two signatures known, both known, none known.
TEST(SignedNote, VerifiesGoDoublySignedNote) {
  auto note = parse_note(kText + "\n" + kPeterSig + kEnochSig);
  ASSERT_TRUE(note) << note.error().message();
  ASSERT_EQ(note->signatures.size(), 2u);
  EXPECT_EQ(note->signatures[1].key_id, 0xaf0cfe78u);

  const std::vector<NoteVerifier> peter = {verifier(kPeterVerifierKey)};
  auto one = verify_note(*note, peter);
  ASSERT_TRUE(one) << one.error().message();
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].name, "PeterNeumann");

  const std::vector<NoteVerifier> both = {verifier(kEnochVerifierKey), verifier(kPeterVerifierKey)};
  auto two = verify_note(*note, both);
  ASSERT_TRUE(two) << two.error().message();
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[0].name, "PeterNeumann");  // in the note's order
  EXPECT_EQ((*two)[1].name, "EnochRoot");
  EXPECT_EQ((*two)[1].key_id, 0xaf0cfe78u);

  auto none = verify_note(*note, {});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().why, "no signature from a known key");

  // Adding our own signature to Go's note, as the documentation's EnochRoot example does.
  auto ours = NoteSigner::generate("ashyq.example/witness-of-peter");
  ASSERT_TRUE(ours);
  auto resigned = sign_note(note->text, std::span(&*ours, 1));
  ASSERT_TRUE(resigned);
  auto ours_parsed = parse_note(*resigned);
  ASSERT_TRUE(ours_parsed);
  note->signatures.push_back(ours_parsed->signatures[0]);
  const std::vector<NoteVerifier> all = {verifier(kPeterVerifierKey), verifier(kEnochVerifierKey),
                                         ours->verifier()};
  auto three = verify_note(*note, all);
  ASSERT_TRUE(three) << three.error().message();
  EXPECT_EQ(three->size(), 3u);
}

TEST(SignedNote, ParsesSpecExampleWithEmptyLineInText) {
  auto note = parse_note(kQuasimodoNote);
  ASSERT_TRUE(note) << note.error().message();
  EXPECT_EQ(note->text,
            "Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito "
            "sera.\n");
  ASSERT_EQ(note->signatures.size(), 1u);
  EXPECT_EQ(note->signatures[0].name, "quasimodo.example/salvatore");
  EXPECT_EQ(note->signatures[0].bytes.size(), 64u);
  EXPECT_EQ(format_note(*note), kQuasimodoNote);
}

// The text ends at the last empty line: what looks like a signature before it is text.
TEST(SignedNote, LastEmptyLineSeparatesTheSignatures) {
  auto note = parse_note(kText + "\n" + kPeterSig + "\n" + kEnochSig);
  ASSERT_TRUE(note) << note.error().message();
  EXPECT_EQ(note->text, kText + "\n" + kPeterSig);
  ASSERT_EQ(note->signatures.size(), 1u);
  EXPECT_EQ(note->signatures[0].name, "EnochRoot");
  const std::vector<NoteVerifier> known = {verifier(kPeterVerifierKey),
                                           verifier(kEnochVerifierKey)};
  auto verified = verify_note(*note, known);
  ASSERT_FALSE(verified);  // Enoch did not sign that text
  EXPECT_EQ(verified.error().why, "signature of EnochRoot does not verify");
}

TEST(SignedNote, ParseFormatRoundTrip) {
  auto a = NoteSigner::generate("a.example/log");
  auto b = NoteSigner::generate("b.example/log");
  ASSERT_TRUE(a && b);
  const std::vector<NoteSigner> signers = {*a, *b};
  for (std::string text : {std::string("one line\n"), std::string("\n"), std::string("a\n\nb\n"),
                           std::string("ends in an empty line\n\n"),
                           std::string("ünïcödé — ok\n\x7f is not a control character\n")}) {
    auto signed_text = sign_note(text, signers);
    ASSERT_TRUE(signed_text) << signed_text.error().message();
    auto note = parse_note(*signed_text);
    ASSERT_TRUE(note) << note.error().message();
    EXPECT_EQ(note->text, text);
    ASSERT_EQ(note->signatures.size(), 2u);
    EXPECT_EQ(format_note(*note), *signed_text);
    const std::vector<NoteVerifier> known = {b->verifier()};
    auto verified = verify_note(*note, known);
    ASSERT_TRUE(verified) << verified.error().message();
    ASSERT_EQ(verified->size(), 1u);
    EXPECT_EQ((*verified)[0].name, "b.example/log");
  }
}

TEST(SignedNote, SignatureLines) {
  NoteSignature s{"example.com/w", 0x01020304u, std::string("\xff\x00\x10", 3)};
  const std::string line = format_signature_line(s);
  EXPECT_EQ(line, "— example.com/w AQIDBP8AEA==\n");
  auto back = parse_signature_line(line.substr(0, line.size() - 1));
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(*back, s);
  EXPECT_FALSE(parse_signature_line(line));                    // with its newline
  EXPECT_FALSE(parse_signature_line("— example.com/w AQID"));  // 3 bytes
}

TEST(SignedNote, RefusesMalformedNotes) {
  struct Row {
    const char* name;
    std::string note;
    const char* where;  // the start of Error::where
    const char* why;    // a piece of Error::why
  };
  const std::string body = kText + "\n";
  const Row rows[] = {
      // Go's TestOpen badMsgs.
      {"text only", kText, "signed note", "no empty line"},
      {"no signature", kText + "\n", "signed note line 4", "no signature"},
      {"last line without newline", body + kPeterSig.substr(0, kPeterSig.size() - 1),
       "signed note line 4", "newline"},
      {"control character", "\x01" + body + kPeterSig, "signed note line 1", "U+0001"},
      {"invalid UTF-8", "\xff" + body + kPeterSig, "signed note line 1", "UTF-8"},
      {"bad name",
       body + "— Bad Name "
              "x08go/ZJkuBS9UG/"
              "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJ"
              "nAM=\n",
       "signed note line 4", "base64"},
      {"line after signatures", body + kPeterSig + "Unexpected line.\n", "signed note line 5",
       "em dash"},
      // More.
      {"text without final newline", "no newline" + ("\n" + kPeterSig), "signed note",
       "no empty line"},
      {"hyphen for em dash", body + "- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQ==\n",
       "signed note line 4", "em dash"},
      {"en dash for em dash", body + "\xE2\x80\x93 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQ==\n",
       "signed note line 4", "em dash"},
      {"em dash without space", body + "—PeterNeumann x08go/ZJkuBS9UG/SffcvIAQ==\n",
       "signed note line 4", "em dash"},
      {"no signature after the name", body + "— PeterNeumann\n", "signed note line 4", "space"},
      {"empty signature", body + "— PeterNeumann \n", "signed note line 4", "bytes"},
      {"bad base64", body + "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQ!=\n", "signed note line 4",
       "base64"},
      {"base64 without padding",
       body + "— PeterNeumann "
              "x08go/ZJkuBS9UG/"
              "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJ"
              "nAM\n",
       "signed note line 4", "base64"},
      // Go's signature with its unused low bits set ('M' to 'N'): same bytes, other text.
      {"non-canonical base64",
       body + "— PeterNeumann "
              "x08go/ZJkuBS9UG/"
              "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJ"
              "nAN=\n",
       "signed note line 4", "base64"},
      {"two spaces", body + "— PeterNeumann  x08go/ZJkuBS9UG/SffcvIAQ==\n", "signed note line 4",
       "base64"},
      {"short signature", body + "— PeterNeumann AAAA\n", "signed note line 4", "at least 5"},
      {"name with +", body + "— Peter+Neumann x08go/ZJkuBS9UG/SffcvIAQ==\n", "signed note line 4",
       "key name"},
      {"tab in text", "If you think\tcryptography\n\n" + kPeterSig, "signed note line 1", "U+0009"},
      {"CRLF", "line one\r\nline two\r\n\r\n" + kPeterSig, "signed note line 1", "U+000D"},
      {"NUL on line 2", "one\ntw" + std::string(1, '\0') + "o\n\n" + kPeterSig,
       "signed note line 2", "U+0000"},
      {"empty note", "", "signed note", "no empty line"},
  };
  for (const auto& row : rows) {
    auto note = parse_note(row.note);
    ASSERT_FALSE(note) << row.name;
    EXPECT_EQ(note.error().where.rfind(row.where, 0), 0u)
        << row.name << ": " << note.error().message();
    EXPECT_NE(note.error().why.find(row.why), std::string::npos)
        << row.name << ": " << note.error().message();
  }
}

// Go refuses more than 100 signatures (TestOpen); we take the same limit.
TEST(SignedNote, AtMostOneHundredSignatures) {
  std::string hundred = kText + "\n";
  for (int i = 0; i < 100; ++i)
    hundred += kPeterSig;
  auto note = parse_note(hundred);
  ASSERT_TRUE(note) << note.error().message();
  EXPECT_EQ(note->signatures.size(), 100u);
  EXPECT_EQ(format_note(*note), hundred);
  const std::vector<NoteVerifier> known = {verifier(kPeterVerifierKey)};
  auto verified = verify_note(*note, known);
  ASSERT_TRUE(verified) << verified.error().message();
  EXPECT_EQ(verified->size(), 1u);  // one key, named once

  auto too_many = parse_note(hundred + kPeterSig);
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().where, "signed note line 104");
  EXPECT_NE(too_many.error().why.find("more than 100"), std::string::npos);
}

TEST(SignedNote, TextSizeLimit) {
  const std::string big(kMaxNoteTextBytes, 'x');
  std::string text = big.substr(1) + "\n";  // exactly the limit
  const NoteSigner peter = signer(kPeterPrivateKey);
  auto ok = sign_note(text, std::span(&peter, 1));
  ASSERT_TRUE(ok) << ok.error().message();
  EXPECT_TRUE(parse_note(*ok));
  text = big + "\n";
  EXPECT_FALSE(sign_note(text, std::span(&peter, 1)));
  EXPECT_FALSE(parse_note(text + "\n" + kPeterSig));
  EXPECT_FALSE(parse_note(std::string(3 * kMaxNoteTextBytes, 'x')));
}

TEST(SignedNote, UnknownKeysAreIgnored) {
  auto log = NoteSigner::generate("example.com/log");
  auto other = NoteSigner::generate("example.com/other");
  // Same name as the log, another key (a rotated key): unknown, as its ID differs.
  auto rotated = NoteSigner::generate("example.com/log");
  ASSERT_TRUE(log && other && rotated);
  const std::vector<NoteSigner> signers = {*other, *rotated, *log};
  auto text = sign_note("tree\n", signers);
  ASSERT_TRUE(text) << text.error().message();
  auto note = parse_note(*text);
  ASSERT_TRUE(note);

  const std::vector<NoteVerifier> known = {log->verifier()};
  auto verified = verify_note(*note, known);
  ASSERT_TRUE(verified) << verified.error().message();
  ASSERT_EQ(verified->size(), 1u);
  EXPECT_EQ((*verified)[0].key_id, log->key_id());

  // An unknown key's bad signature does not matter.
  note->signatures[0].bytes[5] ^= 1;
  EXPECT_TRUE(verify_note(*note, known));

  // Only unknown keys: refused.
  auto unknown = NoteSigner::generate("example.com/log");
  ASSERT_TRUE(unknown);
  const std::vector<NoteVerifier> stranger = {unknown->verifier()};
  auto none = verify_note(*note, stranger);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().why, "no signature from a known key");

  // The same verifier twice is no ambiguity.
  const std::vector<NoteVerifier> twice = {log->verifier(), log->verifier()};
  EXPECT_TRUE(verify_note(*note, twice));
}

TEST(SignedNote, TamperedTextOrSignatureFailsNamingTheKey) {
  const std::vector<NoteVerifier> known = {verifier(kPeterVerifierKey),
                                           verifier(kEnochVerifierKey)};
  auto note = parse_note(kText + "\n" + kPeterSig + kEnochSig);
  ASSERT_TRUE(note);

  Note text = *note;
  text.text[0] = 'i';
  auto bad_text = verify_note(text, known);
  ASSERT_FALSE(bad_text);
  EXPECT_EQ(bad_text.error().why, "signature of PeterNeumann does not verify");

  Note sig = *note;
  sig.signatures[1].bytes[10] ^= 0x40;
  auto bad_sig = verify_note(sig, known);
  ASSERT_FALSE(bad_sig);
  EXPECT_EQ(bad_sig.error().why, "signature of EnochRoot does not verify");

  // Go's TestOpen "invalid signature": four more base64 characters in Peter's signature.
  auto longer = parse_note(kText + "\n" + kPeterSig.substr(0, 60) + "ABCD" + kPeterSig.substr(60));
  ASSERT_TRUE(longer) << longer.error().message();
  auto bad_length = verify_note(*longer, known);
  ASSERT_FALSE(bad_length);
  EXPECT_EQ(bad_length.error().why, "signature of PeterNeumann does not verify");

  // A valid signature followed by a bad one from the same key: refused.
  Note repeated = *note;
  repeated.signatures.push_back(sig.signatures[1]);
  EXPECT_FALSE(verify_note(repeated, known));
}

TEST(SignedNote, SignRefusals) {
  const NoteSigner peter = signer(kPeterPrivateKey);
  auto no_newline = sign_note("abc", std::span(&peter, 1));
  ASSERT_FALSE(no_newline);
  EXPECT_NE(no_newline.error().why.find("newline"), std::string::npos);
  EXPECT_FALSE(sign_note("", std::span(&peter, 1)));
  EXPECT_FALSE(sign_note("a\tb\n", std::span(&peter, 1)));
  EXPECT_FALSE(sign_note("\xc3\x28\n", std::span(&peter, 1)));
  EXPECT_FALSE(sign_note("text\n", {}));

  const std::vector<NoteSigner> twice = {peter, peter};
  EXPECT_FALSE(sign_note("text\n", twice));

  auto witness = NoteSigner::generate("witness.example", KeyType::cosignature_v1);
  ASSERT_TRUE(witness);
  auto cosigner = sign_note("text\n", std::span(&*witness, 1));
  ASSERT_FALSE(cosigner);
  EXPECT_NE(cosigner.error().why.find("cosign"), std::string::npos);
}

}  // namespace
}  // namespace ashyq::tlog
