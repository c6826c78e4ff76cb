#include "tlog/checkpoint.hpp"

#include <gtest/gtest.h>

#include <string>

#include "published_vectors.hpp"
#include "tlog/signed_note.hpp"

namespace ashyq::tlog {
namespace {

using vectors::kSpecCheckpoint;

Hash counting_hash() {  // 00 01 02 … 1f
  Hash h;
  for (std::size_t i = 0; i < h.size(); ++i)
    h[i] = static_cast<std::uint8_t>(i);
  return h;
}

TEST(Checkpoint, ParsesSpecExample) {
  auto c = parse_checkpoint(kSpecCheckpoint);
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(c->origin, "example.com/behind-the-sofa");
  EXPECT_EQ(c->size, 20852163u);
  EXPECT_EQ(hash_base64(c->root), "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
  EXPECT_TRUE(c->extensions.empty());
  EXPECT_EQ(format_checkpoint(*c), kSpecCheckpoint);
}

// sigsum-go pkg/types/tree_head_test.go (validTreeHeadCheckpoint): a root of bytes 0 to 31.
TEST(Checkpoint, ParsesSigsumVector) {
  const std::string text =
      "sigsum.org/v1/tree/66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925\n"
      "257\n"
      "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n";
  auto c = parse_checkpoint(text);
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(c->size, 257u);
  EXPECT_EQ(c->root, counting_hash());
  EXPECT_EQ(format_checkpoint(*c), text);
}

// transparency-dev/formats note/note_cosigv1_test.go (TestSigCoversExtensionLines).
TEST(Checkpoint, ParsesExtensionLines) {
  const std::string text = "test\n123\nf+7CoKgXKE/tNys9TTXcr/ad6U/K3xvznmzew9y6SP0=\nExtendo\n";
  auto c = parse_checkpoint(text);
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(c->origin, "test");
  EXPECT_EQ(c->size, 123u);
  EXPECT_EQ(c->extensions, std::vector<std::string>{"Extendo"});
  EXPECT_EQ(format_checkpoint(*c), text);
}

TEST(Checkpoint, RoundTrips) {
  const Checkpoint cases[] = {
      {"ashyq.example/log", 0, Hash{}, {}},
      {"ashyq.example/log", 1, counting_hash(), {}},
      {"ашық.kz/log with spaces+plus", UINT64_MAX, counting_hash(), {}},
      {"o", 42, counting_hash(), {"first extension", "второе — second", "x"}},
  };
  for (const auto& c : cases) {
    ASSERT_TRUE(check_checkpoint(c)) << c.origin;
    const std::string text = format_checkpoint(c);
    auto back = parse_checkpoint(text);
    ASSERT_TRUE(back) << back.error().message();
    EXPECT_EQ(*back, c);
    EXPECT_TRUE(check_note_text(text));
  }
  EXPECT_EQ(format_checkpoint(cases[0]),
            "ashyq.example/log\n0\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
  EXPECT_EQ(format_checkpoint(cases[2]).substr(format_checkpoint(cases[2]).find('\n') + 1, 21),
            "18446744073709551615\n");
}

TEST(Checkpoint, RefusesMalformedText) {
  struct Row {
    const char* name;
    std::string text;
    const char* where;
    const char* why;
  };
  const std::string root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
  const Row rows[] = {
      {"leading zero", "o\n020852163\n" + root, "checkpoint line 2", "leading zero"},
      {"zero with leading zero", "o\n00\n" + root, "checkpoint line 2", "leading zero"},
      {"size overflow", "o\n18446744073709551616\n" + root, "checkpoint line 2", "64 bits"},
      {"size far too big", "o\n99999999999999999999999\n" + root, "checkpoint line 2", "64 bits"},
      {"negative size", "o\n-1\n" + root, "checkpoint line 2", "decimal"},
      {"size with plus", "o\n+1\n" + root, "checkpoint line 2", "decimal"},
      {"size with space", "o\n1 \n" + root, "checkpoint line 2", "decimal"},
      {"hex size", "o\n0x10\n" + root, "checkpoint line 2", "decimal"},
      {"empty size", "o\n\n" + root, "checkpoint line 2", "empty"},
      {"root not base64", "o\n1\nnot base64!\n", "checkpoint line 3", "base64"},
      {"root without padding", "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n",
       "checkpoint line 3", "base64"},
      {"root non-canonical", "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n",
       "checkpoint line 3", "base64"},
      {"root hex", "o\n1\n0ac5186a91863e8e1d90c808014aa89bf5da8e3ee1d9f07630f0378f68f1ab62\n",
       "checkpoint line 3", "48 bytes"},
      {"root 31 bytes", "o\n1\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==\n", "checkpoint line 3",
       "31 bytes"},
      {"root 33 bytes", "o\n1\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g\n", "checkpoint line 3",
       "33 bytes"},
      {"empty origin", "\n1\n" + root, "checkpoint line 1", "empty origin"},
      {"missing final newline", "o\n1\n" + root.substr(0, root.size() - 1), "checkpoint line 3",
       "newline"},
      {"two lines", "o\n1\n", "checkpoint", "3"},
      {"empty", "", "checkpoint", "newline"},
      {"empty extension line", "o\n1\n" + root + "\next\n", "checkpoint line 4", "empty line"},
      {"trailing empty line", "o\n1\n" + root + "\n", "checkpoint line 4", "empty line"},
      {"control character", "o\x01\n1\n" + root, "checkpoint line 1", "U+0001"},
      {"CRLF", "o\r\n1\r\n" + root, "checkpoint line 1", "U+000D"},
      {"invalid UTF-8", "o\n1\n" + root + "\xc0\x80\n", "checkpoint line 4", "UTF-8"},
  };
  for (const auto& row : rows) {
    auto c = parse_checkpoint(row.text);
    ASSERT_FALSE(c) << row.name;
    EXPECT_EQ(c.error().where.rfind(row.where, 0), 0u) << row.name << ": " << c.error().message();
    EXPECT_NE(c.error().why.find(row.why), std::string::npos)
        << row.name << ": " << c.error().message();
  }
}

TEST(Checkpoint, CheckRefusesWhatCouldNotBeRead) {
  EXPECT_FALSE(check_checkpoint({"", 1, Hash{}, {}}));
  EXPECT_FALSE(check_checkpoint({"a\nb", 1, Hash{}, {}}));
  EXPECT_FALSE(check_checkpoint({"a\tb", 1, Hash{}, {}}));
  EXPECT_FALSE(check_checkpoint({"o", 1, Hash{}, {""}}));
  EXPECT_FALSE(check_checkpoint({"o", 1, Hash{}, {"a\nb"}}));
  auto bad = check_checkpoint({"o", 1, Hash{}, {"ok", ""}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().where, "checkpoint line 5");
}

// A checkpoint signed as a note by a log key named after its origin, read back.
TEST(Checkpoint, SignedByTheLog) {
  auto log = NoteSigner::generate("ashyq.example/log");
  ASSERT_TRUE(log);
  const Checkpoint c{"ashyq.example/log", 1234, counting_hash(), {}};
  auto signed_note = sign_note(format_checkpoint(c), std::span(&*log, 1));
  ASSERT_TRUE(signed_note) << signed_note.error().message();
  auto note = parse_note(*signed_note);
  ASSERT_TRUE(note) << note.error().message();
  const std::vector<NoteVerifier> known = {log->verifier()};
  ASSERT_TRUE(verify_note(*note, known));
  auto back = parse_checkpoint(note->text);
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(*back, c);
}

}  // namespace
}  // namespace ashyq::tlog
