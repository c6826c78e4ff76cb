#include "tlog/cosignature.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "published_vectors.hpp"
#include "tlog/checkpoint.hpp"

namespace ashyq::tlog {
namespace {

using vectors::kSpecCheckpoint;

// The examples of c2sp.org/tlog-checkpoint and c2sp.org/tlog-cosignature: a checkpoint, its
// cosigned message at time 1679315147, and the witness line of the example note (its key is not
// published: only its layout can be checked).
const std::string kSpecCosignedMessage =
    "cosignature/v1\n"
    "time 1679315147\n"
    "example.com/behind-the-sofa\n"
    "20852163\n"
    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
const std::string kSpecCosignedNote =
    kSpecCheckpoint + "\n" +
    "— example.com/behind-the-sofa "
    "Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
    "— witness.example.com/w1 "
    "jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/"
    "zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIf"
    "Z+qnA==\n";

// A witness with RFC 8032 §7.1 TEST 1's seed and its cosignature of the spec's checkpoint at the
// spec's time, computed independently with Python's `cryptography` package (a cross-check of the
// byte layout and the message, not a published vector).
constexpr std::string_view kWitnessPrivateKey =
    "PRIVATE+KEY+witness.example/w1+eb762cc2+BJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g";
constexpr std::string_view kWitnessVerifierKey =
    "witness.example/w1+eb762cc2+BNdamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea";
const std::string kWitnessLine =
    "— witness.example/w1 "
    "63YswgAAAABkGFDL+TPmh4BYuAjsYRoqMJCWb/gWJaeRF/kmm5tlCr9sJ57DLErur7K0yDXc2ArN+TIuotuB/"
    "HbuL3AJsp3bv/"
    "aNCQ==\n";

NoteSigner new_witness(const char* name = "witness.example/w2") {
  return NoteSigner::generate(name, KeyType::cosignature_v1).value();
}

TEST(Cosignature, MessageMatchesSpecExample) {
  EXPECT_EQ(cosignature_message(kSpecCheckpoint, 1679315147), kSpecCosignedMessage);
  EXPECT_EQ(cosignature_message("o\n0\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", 0),
            "cosignature/v1\ntime 0\no\n0\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
}

// sigsum-go pkg/types/tree_head_test.go: TestTreeHeadToCosignedData.
TEST(Cosignature, MessageMatchesSigsumVector) {
  const std::string checkpoint =
      "sigsum.org/v1/tree/66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925\n"
      "257\n"
      "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n";
  EXPECT_EQ(cosignature_message(checkpoint, 72623859790382856u),
            "cosignature/v1\n"
            "time 72623859790382856\n"
            "sigsum.org/v1/tree/66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925\n"
            "257\n"
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n");
}

TEST(Cosignature, ReadsSpecExampleLayout) {
  auto note = parse_note(kSpecCosignedNote);
  ASSERT_TRUE(note) << note.error().message();
  EXPECT_EQ(note->text, kSpecCheckpoint);
  ASSERT_EQ(note->signatures.size(), 2u);
  const NoteSignature& w = note->signatures[1];
  EXPECT_EQ(w.name, "witness.example.com/w1");
  EXPECT_EQ(w.key_id, 0x8d66cf3fu);
  EXPECT_EQ(w.bytes.size(), kCosignatureBytes);
  auto t = cosignature_timestamp(w);
  ASSERT_TRUE(t) << t.error().message();
  EXPECT_EQ(*t, 1679315147u);  // the time of the spec's example message
  EXPECT_FALSE(cosignature_timestamp(note->signatures[0]));  // 64 bytes: not a cosignature
}

TEST(Cosignature, MatchesIndependentCrossCheck) {
  auto witness = NoteSigner::parse(kWitnessPrivateKey);
  ASSERT_TRUE(witness) << witness.error().message();
  EXPECT_EQ(witness->type(), KeyType::cosignature_v1);
  EXPECT_EQ(witness->verifier_key_text(), kWitnessVerifierKey);
  auto s = cosign(kSpecCheckpoint, *witness, 1679315147);
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_EQ(format_signature_line(*s), kWitnessLine);

  auto verifier = NoteVerifier::parse(kWitnessVerifierKey);
  ASSERT_TRUE(verifier) << verifier.error().message();
  auto line = parse_signature_line(kWitnessLine.substr(0, kWitnessLine.size() - 1));
  ASSERT_TRUE(line) << line.error().message();
  auto t = verify_cosignature(kSpecCheckpoint, *line, *verifier);
  ASSERT_TRUE(t) << t.error().message();
  EXPECT_EQ(*t, 1679315147u);
}

TEST(Cosignature, SignsAndVerifies) {
  const NoteSigner witness = new_witness();
  const Checkpoint c{"ashyq.example/log", 99, Hash{1, 2, 3}, {}};
  const std::string text = format_checkpoint(c);
  for (std::uint64_t t : {std::uint64_t{0}, std::uint64_t{1700000000}, kMaxCosignatureTimestamp}) {
    auto s = cosign(text, witness, t);
    ASSERT_TRUE(s) << s.error().message();
    EXPECT_EQ(s->name, witness.name());
    EXPECT_EQ(s->key_id, witness.key_id());
    EXPECT_EQ(s->bytes.size(), 72u);
    auto verified = verify_cosignature(text, *s, witness.verifier());
    ASSERT_TRUE(verified) << verified.error().message();
    EXPECT_EQ(*verified, t);
    EXPECT_EQ(*cosignature_timestamp(*s), t);
  }
}

TEST(Cosignature, RefusesWhatIsNotTheWitnessStatement) {
  const NoteSigner witness = new_witness();
  const NoteVerifier verifier = witness.verifier();
  const std::string text = format_checkpoint({"ashyq.example/log", 99, Hash{1, 2, 3}, {}});
  const NoteSignature good = cosign(text, witness, 1700000000).value();

  // Another timestamp in the bytes than the one signed.
  NoteSignature later = good;
  later.bytes[7] = static_cast<char>(later.bytes[7] + 1);
  auto bad_time = verify_cosignature(text, later, verifier);
  ASSERT_FALSE(bad_time);
  EXPECT_NE(bad_time.error().why.find("does not verify"), std::string::npos);

  // Another checkpoint.
  const std::string other = format_checkpoint({"ashyq.example/log", 100, Hash{1, 2, 3}, {}});
  EXPECT_FALSE(verify_cosignature(other, good, verifier));
  // The extension lines are covered.
  const std::string extended = format_checkpoint({"ashyq.example/log", 99, Hash{1, 2, 3}, {"x"}});
  EXPECT_FALSE(verify_cosignature(extended, good, verifier));

  // Another witness.
  const NoteSigner stranger = new_witness();
  auto wrong_key = verify_cosignature(text, good, stranger.verifier());
  ASSERT_FALSE(wrong_key);
  EXPECT_NE(wrong_key.error().why.find("not by"), std::string::npos);

  // A flipped signature bit; a short signature.
  NoteSignature bent = good;
  bent.bytes[20] = static_cast<char>(bent.bytes[20] ^ 4);
  EXPECT_FALSE(verify_cosignature(text, bent, verifier));
  NoteSignature shorter = good;
  shorter.bytes.pop_back();
  auto short_error = verify_cosignature(text, shorter, verifier);
  ASSERT_FALSE(short_error);
  EXPECT_NE(short_error.error().why.find("71 bytes"), std::string::npos);

  // A timestamp above 2^63 - 1.
  EXPECT_FALSE(cosign(text, witness, kMaxCosignatureTimestamp + 1));
  NoteSignature huge = good;
  huge.bytes[0] = static_cast<char>(0x80);
  auto huge_error = verify_cosignature(text, huge, verifier);
  ASSERT_FALSE(huge_error);
  EXPECT_NE(huge_error.error().why.find("2^63"), std::string::npos);
}

TEST(Cosignature, RefusesPlainEd25519KeysWhereCosignatureKeysAreExpected) {
  const std::string text = format_checkpoint({"ashyq.example/log", 7, Hash{}, {}});
  // Type 0x01 signer: no cosignature.
  auto plain = NoteSigner::generate("witness.example/w3", KeyType::ed25519);
  ASSERT_TRUE(plain);
  auto refused = cosign(text, *plain, 1700000000);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().why.find("0x04"), std::string::npos);

  // Type 0x01 verifier given to verify_cosignature: refused, even with a matching name and ID.
  const NoteSigner witness = new_witness("witness.example/w3");
  const NoteSignature s = cosign(text, witness, 1700000000).value();
  auto as_plain =
      NoteVerifier::from_public_key(witness.name(), witness.public_key(), KeyType::ed25519);
  ASSERT_TRUE(as_plain);
  EXPECT_NE(as_plain->key_id(), witness.key_id());
  auto wrong_type = verify_cosignature(text, s, *as_plain);
  ASSERT_FALSE(wrong_type);
  EXPECT_NE(wrong_type.error().why.find("not a cosignature/v1"), std::string::npos);

  // The witness key used for a plain note signature (type 0x01 ID): unknown to a 0x04 verifier.
  auto same_seed_plain =
      NoteSigner::parse(std::string(kWitnessPrivateKey)
                            .replace(std::string(kWitnessPrivateKey).rfind('+') + 1, 2, "AZ"));
  ASSERT_FALSE(same_seed_plain);  // the key ID is the 0x04 one: refused as a 0x01 key
}

// A log's checkpoint note with witness cosignatures, verified as a whole.
TEST(Cosignature, VerifiesCosignedNote) {
  auto log = NoteSigner::generate("ashyq.example/log");
  ASSERT_TRUE(log);
  const NoteSigner w1 = new_witness("witness.example/w1");
  const NoteSigner w2 = new_witness("witness.example/w2");
  const std::string text = format_checkpoint({"ashyq.example/log", 5, Hash{9}, {}});
  auto signed_note = sign_note(text, std::span(&*log, 1));
  ASSERT_TRUE(signed_note);
  auto note = parse_note(*signed_note);
  ASSERT_TRUE(note);
  note->signatures.push_back(cosign(text, w1, 1700000001).value());
  note->signatures.push_back(cosign(text, w2, 1700000002).value());

  auto reparsed = parse_note(format_note(*note));
  ASSERT_TRUE(reparsed) << reparsed.error().message();
  EXPECT_EQ(*reparsed, *note);

  const std::vector<NoteVerifier> known = {log->verifier(), w1.verifier(), w2.verifier()};
  auto verified = verify_note(*reparsed, known);
  ASSERT_TRUE(verified) << verified.error().message();
  const std::vector<VerifiedSignature> want = {
      {log->name(), log->key_id(), KeyType::ed25519, std::nullopt},
      {w1.name(), w1.key_id(), KeyType::cosignature_v1, 1700000001},
      {w2.name(), w2.key_id(), KeyType::cosignature_v1, 1700000002},
  };
  EXPECT_EQ(*verified, want);

  // Only the witnesses known: still verified (by them).
  const std::vector<NoteVerifier> witnesses = {w2.verifier()};
  auto cosigned_only = verify_note(*reparsed, witnesses);
  ASSERT_TRUE(cosigned_only);
  ASSERT_EQ(cosigned_only->size(), 1u);
  EXPECT_EQ((*cosigned_only)[0].cosigned_at, 1700000002u);

  // A tampered cosignature fails naming the witness.
  Note tampered = *reparsed;
  tampered.signatures[2].bytes[30] = static_cast<char>(tampered.signatures[2].bytes[30] ^ 1);
  auto bad = verify_note(tampered, known);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().why.rfind("signature of witness.example/w2 does not verify", 0), 0u)
      << bad.error().message();

  // The witness's line checked against the log's plain Ed25519 rules would fail: the types are
  // not interchangeable.
  EXPECT_FALSE(w1.verifier().verify(text, reparsed->signatures[1].bytes));
}

}  // namespace
}  // namespace ashyq::tlog
