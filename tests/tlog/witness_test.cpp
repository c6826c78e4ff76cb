#include "tlog/witness.hpp"

#include <gtest/gtest.h>

#include "log_testing.hpp"

namespace ashyq::tlog {
namespace {

MemoryTree tree_of(int count, int salt = 0) {
  MemoryTree tree;
  for (int i = 0; i < count; ++i)
    tree.append(sha256("leaf " + std::to_string(i) + (i >= 5 ? std::to_string(salt) : "")));
  return tree;
}

Checkpoint checkpoint_of(const MemoryTree& t) {
  return Checkpoint{"test.example/log", t.size(), t.root(), {}};
}

TEST(Witness, AcceptsAGrowingLogAndRefusesARewrittenOne) {
  auto first = tree_of(5);
  auto grown = tree_of(9);
  EXPECT_TRUE(check_extends(std::nullopt, checkpoint_of(first), first));
  EXPECT_TRUE(check_extends(checkpoint_of(first), checkpoint_of(grown), grown));
  EXPECT_TRUE(check_extends(checkpoint_of(grown), checkpoint_of(grown), grown));

  // Leaves 5.. rewritten: the tree of 9 is not an extension of the one cosigned at 7.
  auto seen = tree_of(7);
  auto rewritten = tree_of(9, 1);
  auto refused = check_extends(checkpoint_of(seen), checkpoint_of(rewritten), rewritten);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message().find("rewritten history"), std::string::npos);

  auto shrunk = check_extends(checkpoint_of(grown), checkpoint_of(first), first);
  ASSERT_FALSE(shrunk);
  EXPECT_NE(shrunk.error().message().find("shrank"), std::string::npos);

  auto same_size = tree_of(9, 2);
  auto split = check_extends(checkpoint_of(grown), checkpoint_of(same_size), same_size);
  ASSERT_FALSE(split);
  EXPECT_NE(split.error().message().find("split view"), std::string::npos);

  // On first sight the tiles must hold the signed tree.
  auto lying = check_extends(std::nullopt, checkpoint_of(grown), rewritten);
  EXPECT_FALSE(lying);
}

TEST(Witness, ChecksTheLogSignatureAndOrigin) {
  Ed25519Seed seed{};
  seed[3] = 9;
  auto key = *NoteSigner::from_seed("test.example/log", seed);
  auto other = *NoteSigner::from_seed("test.example/other", seed);
  auto c = checkpoint_of(tree_of(4));
  auto note = *sign_note(format_checkpoint(c), std::span<const NoteSigner>(&key, 1));
  auto ok = verified_checkpoint(note, key.verifier());
  ASSERT_TRUE(ok) << ok.error().message();
  EXPECT_EQ(*ok, c);
  EXPECT_FALSE(verified_checkpoint(note, other.verifier()));
  Checkpoint elsewhere = c;
  elsewhere.origin = "test.example/other";
  auto wrong_origin =
      *sign_note(format_checkpoint(elsewhere), std::span<const NoteSigner>(&key, 1));
  EXPECT_FALSE(verified_checkpoint(wrong_origin, key.verifier()));
  std::string tampered = note;
  tampered[tampered.find('\n') + 1] = '5';  // the size line
  EXPECT_FALSE(verified_checkpoint(tampered, key.verifier()));
}

}  // namespace
}  // namespace ashyq::tlog
