#include "tlog/note_key.hpp"

#include <gtest/gtest.h>

#include <string>

#include "published_vectors.hpp"

namespace ashyq::tlog {
namespace {

using vectors::kEnochVerifierKey;
using vectors::kPeterPrivateKey;
using vectors::kPeterVerifierKey;

std::string from_hex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  return out;
}

Ed25519Seed seed_from_hex(std::string_view hex) {
  Ed25519Seed seed{};
  std::string bytes = from_hex(hex);
  for (std::size_t i = 0; i < seed.size(); ++i)
    seed[i] = static_cast<std::uint8_t>(bytes[i]);
  return seed;
}

TEST(NoteKey, ParsesGoVerifierKey) {
  auto v = NoteVerifier::parse(kPeterVerifierKey);
  ASSERT_TRUE(v) << v.error().message();
  EXPECT_EQ(v->name(), "PeterNeumann");
  EXPECT_EQ(v->key_id(), 0xc74f20a3u);
  EXPECT_EQ(v->type(), KeyType::ed25519);
  EXPECT_EQ(v->text(), kPeterVerifierKey);

  auto enoch = NoteVerifier::parse(kEnochVerifierKey);
  ASSERT_TRUE(enoch) << enoch.error().message();
  EXPECT_EQ(enoch->key_id(), 0xaf0cfe78u);
  EXPECT_EQ(enoch->text(), kEnochVerifierKey);
}

TEST(NoteKey, ParsesGoPrivateKeyAndDerivesItsVerifierKey) {
  auto s = NoteSigner::parse(kPeterPrivateKey);
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_EQ(s->name(), "PeterNeumann");
  EXPECT_EQ(s->key_id(), 0xc74f20a3u);
  EXPECT_EQ(s->type(), KeyType::ed25519);
  EXPECT_EQ(s->verifier_key_text(), kPeterVerifierKey);
  EXPECT_EQ(s->private_key_text(), kPeterPrivateKey);
  EXPECT_EQ(s->verifier(), *NoteVerifier::parse(kPeterVerifierKey));
}

// RFC 8032 §7.1, TEST 1: the Ed25519 primitive under the keys.
TEST(NoteKey, SignsRfc8032TestOne) {
  auto s = NoteSigner::from_seed(
      "rfc8032", seed_from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  ASSERT_TRUE(s) << s.error().message();
  const std::string pub(reinterpret_cast<const char*>(s->public_key().data()), 32);
  EXPECT_EQ(pub, from_hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
  const std::string want = from_hex(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9"
      "b46bd25bf5f0595bbe24655141438e7a100b");
  EXPECT_EQ(s->sign(""), want);
  EXPECT_TRUE(s->verifier().verify("", want));
  EXPECT_FALSE(s->verifier().verify("x", want));
}

TEST(NoteKey, GeneratedKeysRoundTripForBothTypes) {
  for (KeyType type : {KeyType::ed25519, KeyType::cosignature_v1}) {
    auto s = NoteSigner::generate("ashyq.example/log", type);
    ASSERT_TRUE(s) << s.error().message();
    EXPECT_EQ(s->type(), type);
    EXPECT_EQ(s->key_id(), note_key_id(s->name(), type, s->public_key()));

    auto again = NoteSigner::parse(s->private_key_text());
    ASSERT_TRUE(again) << again.error().message();
    EXPECT_EQ(again->private_key_text(), s->private_key_text());
    EXPECT_EQ(again->verifier_key_text(), s->verifier_key_text());
    EXPECT_EQ(again->type(), type);

    auto v = NoteVerifier::parse(s->verifier_key_text());
    ASSERT_TRUE(v) << v.error().message();
    EXPECT_EQ(*v, s->verifier());
    EXPECT_EQ(v->text(), s->verifier_key_text());
    EXPECT_EQ(v->type(), type);

    const std::string signature = again->sign("hi");
    ASSERT_EQ(signature.size(), 64u);
    EXPECT_EQ(signature, s->sign("hi"));  // Ed25519 is deterministic
    EXPECT_TRUE(v->verify("hi", signature));
    EXPECT_FALSE(v->verify("hj", signature));
    std::string bent = signature;
    bent[0] = static_cast<char>(bent[0] ^ 1);
    EXPECT_FALSE(v->verify("hi", bent));
    EXPECT_FALSE(v->verify("hi", signature.substr(0, 63)));
  }
}

TEST(NoteKey, TypeTakesPartInTheKeyId) {
  const auto seed =
      seed_from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  auto plain = NoteSigner::from_seed("witness.example/w1", seed, KeyType::ed25519);
  auto cosigner = NoteSigner::from_seed("witness.example/w1", seed, KeyType::cosignature_v1);
  ASSERT_TRUE(plain && cosigner);
  EXPECT_NE(plain->key_id(), cosigner->key_id());
  // Computed independently with Python's `cryptography` package and hashlib (a cross-check, not
  // a published vector).
  EXPECT_EQ(cosigner->verifier_key_text(),
            "witness.example/w1+eb762cc2+BNdamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea");
  EXPECT_EQ(cosigner->private_key_text(),
            "PRIVATE+KEY+witness.example/w1+eb762cc2+BJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g");
}

TEST(NoteKey, KeyNames) {
  EXPECT_TRUE(is_valid_key_name("example.com/log42"));
  EXPECT_TRUE(is_valid_key_name("ашық.kz/лог"));
  EXPECT_FALSE(is_valid_key_name(""));
  EXPECT_FALSE(is_valid_key_name("a+b"));
  EXPECT_FALSE(is_valid_key_name("a b"));
  EXPECT_FALSE(is_valid_key_name("a\tb"));
  EXPECT_FALSE(is_valid_key_name("a\nb"));
  EXPECT_FALSE(is_valid_key_name("a\u00A0b"));  // NO-BREAK SPACE
  EXPECT_FALSE(is_valid_key_name("a\u2009b"));  // THIN SPACE
  EXPECT_FALSE(is_valid_key_name("a\u3000b"));  // IDEOGRAPHIC SPACE
  EXPECT_TRUE(is_valid_key_name("a\u200Bb"));   // ZERO WIDTH SPACE is not White_Space
  EXPECT_FALSE(is_valid_key_name("a\xFF"));
  EXPECT_FALSE(NoteSigner::generate("bad name"));
  EXPECT_FALSE(NoteSigner::generate("bad+name"));
  EXPECT_FALSE(NoteSigner::generate(""));
}

TEST(NoteKey, CanonicalBase64Only) {
  EXPECT_EQ(decode_canonical_base64("AA=="), std::string(1, '\0'));
  EXPECT_EQ(decode_canonical_base64(""), std::string());
  EXPECT_FALSE(decode_canonical_base64("AB=="));  // unused bits set
  EXPECT_FALSE(decode_canonical_base64("AA"));    // no padding
  EXPECT_FALSE(decode_canonical_base64(" AA="));
  EXPECT_FALSE(decode_canonical_base64("AA=A"));
  EXPECT_FALSE(decode_canonical_base64("A-_A"));  // the URL alphabet
}

TEST(NoteKey, RefusesMalformedVerifierKeys) {
  struct Row {
    const char* name;
    std::string key;
    const char* why;  // a piece of the message
  };
  const Row rows[] = {
      {"name with +", "Peter+Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
       "key ID"},
      {"name with space", "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
       "key name"},
      {"empty name", "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "key name"},
      {"wrong id", "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
       "is not the one"},
      {"upper-case id", "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
       "hex"},
      {"short id", "PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "hex"},
      // Go's note_test.go: "unknown algorithm, with adjusted key hash".
      {"wrong type byte", "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
       "unknown signature type 0x65"},
      // Go's note_test.go: "wrong length key, with adjusted key hash" (its last group has unused
      // bits set, so it is refused as base64 before its length).
      {"long key (Go)",
       "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==", "base64"},
      {"long key", "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWAAAA",
       "35 bytes, not 32"},
      {"short key", "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy", "not 32"},
      {"empty key", "PeterNeumann+c74f20a3+", "empty"},
      {"non-canonical base64", "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T ",
       "base64"},
      {"no key", "PeterNeumann+c74f20a3", "form"},
      {"a private key", std::string(kPeterPrivateKey), "key ID"},
  };
  for (const auto& row : rows) {
    auto v = NoteVerifier::parse(row.key);
    ASSERT_FALSE(v) << row.name;
    EXPECT_NE(v.error().message().find(row.why), std::string::npos)
        << row.name << ": " << v.error().message();
    EXPECT_EQ(v.error().where.rfind("verifier key", 0), 0u) << row.name;
  }
}

// As Go's TestNewVerifier: every proper substring and every one-byte change is refused.
TEST(NoteKey, RefusesEveryManglingOfGoVerifierKey) {
  const std::string key(kPeterVerifierKey);
  for (std::size_t i = 0; i <= key.size(); ++i) {
    for (std::size_t j = i + 1; j <= key.size(); ++j) {
      if (i != 0 || j != key.size()) {
        EXPECT_FALSE(NoteVerifier::parse(key.substr(i, j - i))) << key.substr(i, j - i);
      }
    }
  }
  for (std::size_t i = 0; i < key.size(); ++i) {
    std::string bent = key;
    ++bent[i];
    EXPECT_FALSE(NoteVerifier::parse(bent)) << bent;
  }
}

TEST(NoteKey, RefusesMalformedPrivateKeys) {
  struct Row {
    const char* name;
    std::string key;
    const char* why;
  };
  const Row rows[] = {
      {"no PRIVATE+KEY prefix",
       "PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", "PRIVATE+KEY+"},
      {"lower-case prefix",
       "private+key+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
       "PRIVATE+KEY+"},
      {"wrong id", "PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
       "is not the one"},
      {"name with space",
       "PRIVATE+KEY+Peter Neumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
       "key name"},
      {"wrong type byte",
       "PRIVATE+KEY+PeterNeumann+c74f20a3+AoEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
       "unknown signature type 0x02"},
      {"short seed", "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXH",
       "not 32"},
      {"non-canonical base64",
       "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDF ", "base64"},
      {"a verifier key's bytes",
       "PRIVATE+KEY+PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
       "is not the one"},
  };
  for (const auto& row : rows) {
    auto s = NoteSigner::parse(row.key);
    ASSERT_FALSE(s) << row.name;
    EXPECT_NE(s.error().message().find(row.why), std::string::npos)
        << row.name << ": " << s.error().message();
    // The secret is never repeated in the message.
    EXPECT_EQ(s.error().message().find("AYEKFALVFGyNhPJE"), std::string::npos) << row.name;
  }
}

// As Go's TestNewSigner: every proper substring and every one-byte change is refused.
TEST(NoteKey, RefusesEveryManglingOfGoPrivateKey) {
  const std::string key(kPeterPrivateKey);
  for (std::size_t i = 0; i <= key.size(); ++i) {
    for (std::size_t j = i + 1; j <= key.size(); ++j) {
      if (i != 0 || j != key.size()) {
        EXPECT_FALSE(NoteSigner::parse(key.substr(i, j - i))) << key.substr(i, j - i);
      }
    }
  }
  for (std::size_t i = 0; i < key.size(); ++i) {
    std::string bent = key;
    ++bent[i];
    EXPECT_FALSE(NoteSigner::parse(bent)) << bent;
  }
}

TEST(NoteKey, KeyIdHex) {
  EXPECT_EQ(key_id_hex(0xc74f20a3u), "c74f20a3");
  EXPECT_EQ(key_id_hex(0x0000000fu), "0000000f");
}

}  // namespace
}  // namespace ashyq::tlog
