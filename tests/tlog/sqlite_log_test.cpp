#include "tlog/sqlite_log.hpp"

#include <gtest/gtest.h>

#include "log_testing.hpp"
#include "tlog/cosignature.hpp"
#include "tlog/witness.hpp"

namespace ashyq::tlog {
namespace {

using testing::append_samples;
using testing::TempLogDb;

NoteSigner log_key(const std::string& name = "test.example/log") {
  Ed25519Seed seed{};
  seed[0] = 7;
  auto k = NoteSigner::from_seed(name, seed);
  EXPECT_TRUE(k);
  return *k;
}

NoteSigner witness_key(std::uint8_t n) {
  Ed25519Seed seed{};
  seed[0] = n;
  auto k = NoteSigner::from_seed("witness-" + std::to_string(n) + ".example", seed,
                                 KeyType::cosignature_v1);
  EXPECT_TRUE(k);
  return *k;
}

// The same leaves in memory, for the expected roots.
MemoryTree memory_tree(int count) {
  MemoryTree tree;
  for (int i = 0; i < count; ++i)
    tree.append(leaf_hash(*encode_leaf(testing::sample_leaf(i))));
  return tree;
}

TEST(SqliteLog, AppendsAreTheTreeOfTheirLeaves) {
  TempLogDb t("tree");
  LogAppender appender(t.db.get());
  append_samples(t.db.get(), appender, 0, 300);
  auto log = SqliteLog::open(t.path);
  ASSERT_TRUE(log) << log.error().message();
  EXPECT_EQ(*(*log)->size(), 300u);
  auto expected = memory_tree(300);
  for (std::uint64_t n : {1u, 2u, 3u, 255u, 256u, 257u, 300u}) {
    auto root = (*log)->root(n);
    ASSERT_TRUE(root) << root.error().message();
    MemoryTree prefix = memory_tree(static_cast<int>(n));
    EXPECT_EQ(*root, prefix.root()) << n;
  }
  for (std::uint64_t i : {0u, 1u, 128u, 255u, 256u, 299u}) {
    auto proof = (*log)->inclusion_proof(i, 300);
    ASSERT_TRUE(proof);
    auto leaf = (*log)->leaves(i, 1);
    ASSERT_TRUE(leaf);
    EXPECT_TRUE(verify_inclusion(leaf_hash(leaf->front()), i, 300, *proof, expected.root())) << i;
  }
  auto consistency = (*log)->consistency_proof(100, 300);
  ASSERT_TRUE(consistency);
  EXPECT_TRUE(verify_consistency(100, 300, *consistency, memory_tree(100).root(), expected.root()));
  auto index = (*log)->index_of(testing::sample_leaf(42).measurement_uid);
  ASSERT_TRUE(index);
  EXPECT_EQ(index->value_or(0), 42u);
}

TEST(SqliteLog, ARolledBackTransactionLeavesNoLeaf) {
  TempLogDb t("rollback");
  LogAppender appender(t.db.get());
  append_samples(t.db.get(), appender, 0, 5);
  {
    store::WriteTransaction tx(t.db.get());
    auto record = *encode_leaf(testing::sample_leaf(5));
    ASSERT_TRUE(appender.append(record, testing::sample_leaf(5).measurement_uid));
    // no commit: the store's insert failed after the append
  }
  EXPECT_EQ(*stored_tree_size(t.db.get()), 5u);
  append_samples(t.db.get(), appender, 5, 3);  // the next append takes index 5 again
  auto log = SqliteLog::open(t.path);
  ASSERT_TRUE(log);
  EXPECT_EQ(*(*log)->root(8), memory_tree(8).root());
}

TEST(SqliteLog, ServesTilesAndEntryBundlesOfTheStoredTree) {
  TempLogDb t("tiles");
  LogAppender appender(t.db.get());
  append_samples(t.db.get(), appender, 0, 260);
  auto log = std::move(SqliteLog::open(t.path).value());
  auto full = log->tile(TileId{0, 0, 256, false});
  ASSERT_TRUE(full);
  EXPECT_EQ(full->size(), 256u * 32);
  auto partial = log->tile(TileId{0, 1, 4, false});
  ASSERT_TRUE(partial);
  EXPECT_EQ(partial->size(), 4u * 32);
  auto entries = log->tile(TileId{0, 1, 4, true});
  ASSERT_TRUE(entries);
  auto decoded = decode_entry_bundle(*entries);
  ASSERT_TRUE(decoded);
  ASSERT_EQ(decoded->size(), 4u);
  EXPECT_EQ((*decoded)[0], *encode_leaf(testing::sample_leaf(256)));
  EXPECT_FALSE(log->tile(TileId{0, 1, 5, false}));  // beyond the tree
  // A reader over these tiles computes the same tree.
  TileHashReader tiles(260, [&](const TileId& id) { return log->tile(id); });
  EXPECT_EQ(*tree_hash(260, tiles), memory_tree(260).root());
}

TEST(SqliteLog, PublishesACheckpointOnlyWhenTheTreeGrew) {
  TempLogDb t("publish");
  LogAppender appender(t.db.get());
  auto log = std::move(SqliteLog::open(t.path).value());
  auto key = log_key();
  auto empty = log->publish(key, "2026-12-06T05:00:00Z");
  ASSERT_TRUE(empty) << empty.error().message();
  EXPECT_EQ(empty->checkpoint.size, 0u);
  EXPECT_EQ(empty->checkpoint.root, empty_tree_hash());
  append_samples(t.db.get(), appender, 0, 10);
  auto ten = log->publish(key, "2026-12-06T05:00:10Z");
  ASSERT_TRUE(ten);
  EXPECT_EQ(ten->checkpoint.size, 10u);
  EXPECT_EQ(ten->checkpoint.origin, "test.example/log");
  EXPECT_EQ(ten->checkpoint.root, memory_tree(10).root());
  auto verified = verified_checkpoint(ten->note, key.verifier());
  ASSERT_TRUE(verified) << verified.error().message();
  auto again = log->publish(key, "2026-12-06T05:00:20Z");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->note, ten->note);
  EXPECT_EQ(*log->checkpoint_sizes(), (std::vector<std::uint64_t>{10, 0}));
  EXPECT_EQ(*log->verifier_key(), key.verifier_key_text());

  // Another key's name is refused: the log's origin is fixed by its first checkpoint.
  auto other = log->publish(log_key("other.example/log"), "2026-12-06T05:00:30Z");
  ASSERT_FALSE(other);
  EXPECT_NE(other.error().message().find("test.example/log"), std::string::npos);
}

TEST(SqliteLog, KeepsCosignaturesFromKnownWitnessesOnly) {
  TempLogDb t("cosign");
  LogAppender appender(t.db.get());
  append_samples(t.db.get(), appender, 0, 3);
  auto log = std::move(SqliteLog::open(t.path).value());
  auto key = log_key();
  auto c = log->publish(key, "2026-12-06T05:00:00Z");
  ASSERT_TRUE(c);
  const auto text = format_checkpoint(c->checkpoint);
  auto w1 = witness_key(1), w2 = witness_key(2);
  std::vector<NoteVerifier> known{w1.verifier()};

  CosignatureRefusal refusal = CosignatureRefusal::store;
  auto unknown =
      log->add_cosignatures(*cosigned_note(text, w2, 1765000000), known, "now", &refusal);
  EXPECT_FALSE(unknown);
  EXPECT_EQ(refusal, CosignatureRefusal::unknown_witness);
  auto kept = log->add_cosignatures(*cosigned_note(text, w1, 1765000000), known, "now");
  ASSERT_TRUE(kept) << kept.error().message();
  EXPECT_EQ(*kept, std::vector<std::string>{w1.name()});

  // A checkpoint the log never signed is refused, even from a known witness.
  Checkpoint forged = c->checkpoint;
  forged.root[0] ^= 1;
  EXPECT_FALSE(log->add_cosignatures(*cosigned_note(format_checkpoint(forged), w1, 1765000000),
                                     known, "now", &refusal));
  EXPECT_EQ(refusal, CosignatureRefusal::not_this_logs);
  // A tampered cosignature is refused.
  auto note = parse_note(*cosigned_note(text, w1, 1765000001));
  note->signatures[0].bytes[10] ^= 1;
  EXPECT_FALSE(log->add_cosignatures(format_note(*note), known, "now", &refusal));
  EXPECT_EQ(refusal, CosignatureRefusal::invalid);
  EXPECT_FALSE(log->add_cosignatures("not a note", known, "now", &refusal));
  EXPECT_EQ(refusal, CosignatureRefusal::malformed);

  auto latest = log->latest_checkpoint();
  ASSERT_TRUE(latest && *latest);
  EXPECT_EQ((*latest)->cosignatures, 1u);
  auto served = parse_note((*latest)->note);
  ASSERT_TRUE(served);
  auto signers = verify_note(*served, std::vector<NoteVerifier>{key.verifier(), w1.verifier()});
  ASSERT_TRUE(signers) << signers.error().message();
  EXPECT_EQ(signers->size(), 2u);
  EXPECT_EQ(*log->cosigners(3), std::vector<std::string>{w1.verifier_key_text()});
}

}  // namespace
}  // namespace ashyq::tlog
