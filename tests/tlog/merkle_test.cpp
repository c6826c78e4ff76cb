// The Merkle tree: published RFC 6962 vectors, then every proof of small trees (and samples of
// larger ones) against a naive recursive reading of RFC 9162 §2.1, with every corruption of each
// proof refused; appends, reads from a store that holds a larger tree, and the one-read rule.
#include "tlog/merkle.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <map>
#include <string>
#include <vector>

namespace ashyq::tlog {
namespace {

Hash hex(const char* text) {
  auto h = hash_from_hex(text);
  EXPECT_TRUE(h) << text;
  return h.value_or(Hash{});
}

std::string bytes_of_hex(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i + 1 < text.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(std::string(text.substr(i, 2)), nullptr, 16)));
  return out;
}

// ---- A naive reading of RFC 9162 §2.1.1, §2.1.3.1 and §2.1.4.1, recursion as written ---------

std::uint64_t largest_power_of_two_below(std::uint64_t n) {
  std::uint64_t k = 1;
  while (k * 2 < n)
    k *= 2;
  return k;
}

// MTH(D[lo:hi]) over leaf hashes.
Hash naive_mth(const std::vector<Hash>& d, std::uint64_t lo, std::uint64_t hi) {
  const std::uint64_t n = hi - lo;
  if (n == 0)
    return empty_tree_hash();
  if (n == 1)
    return d[lo];
  const std::uint64_t k = largest_power_of_two_below(n);
  return node_hash(naive_mth(d, lo, lo + k), naive_mth(d, lo + k, hi));
}

// PATH(m, D[lo:hi]), m relative to lo.
Proof naive_path(const std::vector<Hash>& d, std::uint64_t m, std::uint64_t lo, std::uint64_t hi) {
  const std::uint64_t n = hi - lo;
  if (n == 1)
    return {};
  const std::uint64_t k = largest_power_of_two_below(n);
  Proof p;
  if (m < k) {
    p = naive_path(d, m, lo, lo + k);
    p.push_back(naive_mth(d, lo + k, hi));
  } else {
    p = naive_path(d, m - k, lo + k, hi);
    p.push_back(naive_mth(d, lo, lo + k));
  }
  return p;
}

// SUBPROOF(m, D[lo:hi], b), m relative to lo.
Proof naive_subproof(const std::vector<Hash>& d, std::uint64_t m, std::uint64_t lo,
                     std::uint64_t hi, bool b) {
  const std::uint64_t n = hi - lo;
  if (m == n)
    return b ? Proof{} : Proof{naive_mth(d, lo, hi)};
  const std::uint64_t k = largest_power_of_two_below(n);
  Proof p;
  if (m <= k) {
    p = naive_subproof(d, m, lo, lo + k, b);
    p.push_back(naive_mth(d, lo + k, hi));
  } else {
    p = naive_subproof(d, m - k, lo + k, hi, false);
    p.push_back(naive_mth(d, lo, lo + k));
  }
  return p;
}

Proof naive_consistency(const std::vector<Hash>& d, std::uint64_t m, std::uint64_t n) {
  if (m == 0 || m == n)
    return {};
  return naive_subproof(d, m, 0, n, true);
}

std::vector<Hash> leaf_hashes(std::uint64_t n) {
  std::vector<Hash> d;
  for (std::uint64_t i = 0; i < n; ++i)
    d.push_back(leaf_hash("leaf " + std::to_string(i)));
  return d;
}

// A HashReader that counts its calls.
class CountingReader final : public HashReader {
 public:
  explicit CountingReader(const HashReader& inner) : inner_(inner) {}
  core::Result<std::vector<Hash>> read_hashes(std::span<const NodeId> nodes) const override {
    ++calls;
    nodes_read += nodes.size();
    return inner_.read_hashes(nodes);
  }
  mutable int calls = 0;
  mutable std::size_t nodes_read = 0;

 private:
  const HashReader& inner_;
};

// Stored hashes in a map, filled by hashes_for_append.
class MapReader final : public HashReader {
 public:
  core::Result<std::vector<Hash>> read_hashes(std::span<const NodeId> nodes) const override {
    std::vector<Hash> out;
    for (const auto& node : nodes) {
      auto it = stored.find(node);
      if (it == stored.end())
        return core::Error{"map", to_string(node) + " is not stored"};
      out.push_back(it->second);
    }
    return out;
  }
  std::map<NodeId, Hash> stored;
};

// Sizes near `size` (within 9 either way), its half and its double: the wrong sizes a proof is
// tried with, among the `count` sizes whose roots a test knows.
std::vector<std::uint64_t> sizes_near(std::uint64_t size, std::uint64_t count) {
  std::vector<std::uint64_t> sizes;
  for (std::uint64_t other = size > 9 ? size - 9 : 0; other <= size + 9 && other < count; ++other)
    sizes.push_back(other);
  for (std::uint64_t other : {size / 2, 2 * size})
    if (other < count && (other + 9 < size || other > size + 9))
      sizes.push_back(other);
  return sizes;
}

Hash flip_bit(Hash h, int bit) {
  h[bit / 8 % h.size()] ^= static_cast<std::uint8_t>(1u << (bit % 8));
  return h;
}

// ---- Published vectors -----------------------------------------------------------------------

// RFC 6962 hash vectors from transparency-dev/merkle, rfc6962/rfc6962_test.go
// (TestRFC6962Hasher): SHA-256 of nothing, the hash of an empty leaf, of the leaf "L123456".
TEST(MerkleHash, PublishedLeafAndEmptyHashes) {
  EXPECT_EQ(hash_hex(empty_tree_hash()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hash_hex(leaf_hash("")),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  EXPECT_EQ(hash_hex(leaf_hash("L123456")),
            "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56");
  // node_hash is SHA-256(0x01 || left || right).
  Hash a = leaf_hash("a");
  Hash b = leaf_hash("b");
  EXPECT_EQ(node_hash(a, b), sha256("\x01" + hash_bytes(a) + hash_bytes(b)));
  EXPECT_NE(node_hash(a, b), node_hash(b, a));
  EXPECT_NE(node_hash(a, b), leaf_hash(hash_bytes(a) + hash_bytes(b)));
}

// The 8-leaf reference tree of the Certificate Transparency implementations (the C++ log's
// merkle_tree_test.cc), as published in transparency-dev/merkle, proof/verify_test.go: its leaves,
// the roots of its sizes 1..8, and inclusion and consistency proofs. (The Go file numbers the
// inclusion leaves from 1; here they are 0-based indices.)
const char* const kReferenceLeaves[] = {"",
                                        "00",
                                        "10",
                                        "2021",
                                        "3031",
                                        "40414243",
                                        "5051525354555657",
                                        "606162636465666768696a6b6c6d6e6f"};
const char* const kReferenceRoots[] = {
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

struct InclusionVector {
  std::uint64_t index;
  std::uint64_t size;
  std::vector<const char*> proof;
};
const InclusionVector kReferenceInclusion[] = {
    {0, 1, {}},
    {0,
     8,
     {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
    {5,
     8,
     {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
    {2, 3, {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
    {1,
     5,
     {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
};

struct ConsistencyVector {
  std::uint64_t old_size;
  std::uint64_t new_size;
  std::vector<const char*> proof;
};
const ConsistencyVector kReferenceConsistency[] = {
    {1, 1, {}},
    {1,
     8,
     {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
    {6,
     8,
     {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
    {2,
     5,
     {"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
    {6,
     7,
     {"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
};

MemoryTree reference_tree() {
  MemoryTree tree;
  for (const char* leaf : kReferenceLeaves)
    tree.append(leaf_hash(bytes_of_hex(leaf)));
  return tree;
}

Proof proof_of(const std::vector<const char*>& hexes) {
  Proof p;
  for (const char* h : hexes)
    p.push_back(hex(h));
  return p;
}

TEST(MerkleVectors, ReferenceTreeRoots) {
  MemoryTree tree = reference_tree();
  for (std::uint64_t size = 1; size <= 8; ++size) {
    auto root = tree_hash(size, tree);
    ASSERT_TRUE(root) << root.error().message();
    EXPECT_EQ(hash_hex(*root), kReferenceRoots[size - 1]) << "size " << size;
  }
  EXPECT_EQ(hash_hex(tree.root()), kReferenceRoots[7]);
  // The root of 2 leaves is the node hash of the two leaf hashes.
  EXPECT_EQ(node_hash(leaf_hash(""), leaf_hash(bytes_of_hex("00"))), hex(kReferenceRoots[1]));
}

TEST(MerkleVectors, ReferenceInclusionProofs) {
  MemoryTree tree = reference_tree();
  for (const auto& v : kReferenceInclusion) {
    SCOPED_TRACE("leaf " + std::to_string(v.index) + " of " + std::to_string(v.size));
    Proof want = proof_of(v.proof);
    auto got = prove_inclusion(v.size, v.index, tree);
    ASSERT_TRUE(got) << got.error().message();
    EXPECT_EQ(*got, want);
    Hash leaf = leaf_hash(bytes_of_hex(kReferenceLeaves[v.index]));
    auto ok = verify_inclusion(leaf, v.index, v.size, want, hex(kReferenceRoots[v.size - 1]));
    EXPECT_TRUE(ok) << ok.error().message();
  }
}

TEST(MerkleVectors, ReferenceConsistencyProofs) {
  MemoryTree tree = reference_tree();
  for (const auto& v : kReferenceConsistency) {
    SCOPED_TRACE(std::to_string(v.old_size) + " to " + std::to_string(v.new_size));
    Proof want = proof_of(v.proof);
    auto got = prove_consistency(v.old_size, v.new_size, tree);
    ASSERT_TRUE(got) << got.error().message();
    EXPECT_EQ(*got, want);
    auto ok = verify_consistency(v.old_size, v.new_size, want, hex(kReferenceRoots[v.old_size - 1]),
                                 hex(kReferenceRoots[v.new_size - 1]));
    EXPECT_TRUE(ok) << ok.error().message();
  }
}

// ---- Against the naive definitions ------------------------------------------------------------

// Every corruption of a valid inclusion proof is refused.
void expect_inclusion_corruptions_fail(const std::vector<Hash>& d, const std::vector<Hash>& roots,
                                       std::uint64_t index, std::uint64_t size,
                                       const Proof& proof) {
  const Hash& leaf = d[index];
  const Hash& root = roots[size];
  for (std::size_t i = 0; i < proof.size(); ++i) {
    Proof bad = proof;
    bad[i] = flip_bit(bad[i], static_cast<int>(37 * i + index) % 256);
    EXPECT_FALSE(verify_inclusion(leaf, index, size, bad, root)) << "flipped hash " << i;
  }
  EXPECT_FALSE(verify_inclusion(flip_bit(leaf, 3), index, size, proof, root));
  EXPECT_FALSE(verify_inclusion(leaf, index, size, proof, flip_bit(root, 200)));
  for (std::uint64_t other = 0; other < size + 2; ++other) {
    if (other != index) {
      EXPECT_FALSE(verify_inclusion(leaf, other, size, proof, root)) << "index " << other;
    }
  }
  // A wrong size, with the root a checkpoint of that size would carry.
  for (std::uint64_t other : sizes_near(size, roots.size())) {
    if (other != size) {
      EXPECT_FALSE(verify_inclusion(leaf, index, other, proof, roots[other])) << "size " << other;
    }
  }
  EXPECT_FALSE(verify_inclusion(leaf, index, 2 * size, proof, root));
  if (!proof.empty()) {
    EXPECT_FALSE(verify_inclusion(leaf, index, size, Proof(proof.begin(), proof.end() - 1), root));
    EXPECT_FALSE(verify_inclusion(leaf, index, size, Proof(proof.begin() + 1, proof.end()), root));
  }
  Proof longer = proof;
  longer.push_back(root);
  EXPECT_FALSE(verify_inclusion(leaf, index, size, longer, root));
  longer = proof;
  longer.insert(longer.begin(), leaf);
  EXPECT_FALSE(verify_inclusion(leaf, index, size, longer, root));
}

void expect_consistency_corruptions_fail(const std::vector<Hash>& roots, std::uint64_t old_size,
                                         std::uint64_t new_size, const Proof& proof) {
  const Hash& old_root = roots[old_size];
  const Hash& new_root = roots[new_size];
  for (std::size_t i = 0; i < proof.size(); ++i) {
    Proof bad = proof;
    bad[i] = flip_bit(bad[i], static_cast<int>(37 * i + old_size) % 256);
    EXPECT_FALSE(verify_consistency(old_size, new_size, bad, old_root, new_root))
        << "flipped hash " << i;
  }
  EXPECT_FALSE(verify_consistency(old_size, new_size, proof, flip_bit(old_root, 9), new_root));
  EXPECT_FALSE(verify_consistency(old_size, new_size, proof, old_root, flip_bit(new_root, 9)));
  if (old_root != new_root) {
    EXPECT_FALSE(verify_consistency(old_size, new_size, proof, new_root, old_root));
  }
  // Wrong sizes, with the roots of those sizes.
  for (std::uint64_t other : sizes_near(old_size, roots.size())) {
    if (other != old_size) {
      EXPECT_FALSE(verify_consistency(other, new_size, proof, roots[other], new_root))
          << "old size " << other;
    }
  }
  for (std::uint64_t other : sizes_near(new_size, roots.size())) {
    if (other != new_size) {
      EXPECT_FALSE(verify_consistency(old_size, other, proof, old_root, roots[other]))
          << "new size " << other;
    }
  }
  if (!proof.empty()) {
    EXPECT_FALSE(verify_consistency(old_size, new_size, Proof(proof.begin(), proof.end() - 1),
                                    old_root, new_root));
    EXPECT_FALSE(verify_consistency(old_size, new_size, Proof(proof.begin() + 1, proof.end()),
                                    old_root, new_root));
  }
  for (const Hash& extra : {old_root, new_root, empty_tree_hash()}) {
    Proof longer = proof;
    longer.push_back(extra);
    EXPECT_FALSE(verify_consistency(old_size, new_size, longer, old_root, new_root));
    longer = proof;
    longer.insert(longer.begin(), extra);
    EXPECT_FALSE(verify_consistency(old_size, new_size, longer, old_root, new_root));
  }
}

TEST(MerkleProofs, EveryProofOfSmallTreesMatchesTheRfcDefinition) {
  constexpr std::uint64_t kMax = 70;
  const auto d = leaf_hashes(kMax);
  // One store of 70 leaves answers every smaller tree too.
  MemoryTree tree(d);
  std::vector<Hash> roots;  // roots[n]: MTH of the first n leaves
  for (std::uint64_t n = 0; n <= kMax; ++n)
    roots.push_back(naive_mth(d, 0, n));

  for (std::uint64_t size = 0; size <= kMax; ++size) {
    SCOPED_TRACE("size " + std::to_string(size));
    auto root = tree_hash(size, tree);
    ASSERT_TRUE(root) << root.error().message();
    ASSERT_EQ(*root, roots[size]);

    for (std::uint64_t index = 0; index < size; ++index) {
      SCOPED_TRACE("leaf " + std::to_string(index));
      auto proof = prove_inclusion(size, index, tree);
      ASSERT_TRUE(proof) << proof.error().message();
      ASSERT_EQ(*proof, naive_path(d, index, 0, size));
      auto ok = verify_inclusion(d[index], index, size, *proof, roots[size]);
      ASSERT_TRUE(ok) << ok.error().message();
      expect_inclusion_corruptions_fail(d, roots, index, size, *proof);
    }

    for (std::uint64_t old_size = 0; old_size <= size; ++old_size) {
      SCOPED_TRACE("old size " + std::to_string(old_size));
      auto proof = prove_consistency(old_size, size, tree);
      ASSERT_TRUE(proof) << proof.error().message();
      ASSERT_EQ(*proof, naive_consistency(d, old_size, size));
      auto ok = verify_consistency(old_size, size, *proof, roots[old_size], roots[size]);
      ASSERT_TRUE(ok) << ok.error().message();
      if (old_size != 0 && old_size != size)
        expect_consistency_corruptions_fail(roots, old_size, size, *proof);
    }
  }
}

TEST(MerkleProofs, SamplesOfLargerTreesMatchTheRfcDefinition) {
  const auto d = leaf_hashes(4097);
  MemoryTree tree(d);
  for (std::uint64_t size : {1000u, 1024u, 1025u, 4095u, 4096u, 4097u}) {
    SCOPED_TRACE("size " + std::to_string(size));
    const Hash root = naive_mth(d, 0, size);
    ASSERT_EQ(tree_hash(size, tree).value(), root);
    std::vector<std::uint64_t> samples = {0, 1, size / 2, size - 2, size - 1};
    for (std::uint64_t i = 3; i < size; i += 211)
      samples.push_back(i);
    for (std::uint64_t index : samples) {
      auto proof = prove_inclusion(size, index, tree);
      ASSERT_TRUE(proof) << proof.error().message();
      ASSERT_EQ(*proof, naive_path(d, index, 0, size)) << "leaf " << index;
      EXPECT_TRUE(verify_inclusion(d[index], index, size, *proof, root));
      EXPECT_FALSE(verify_inclusion(d[index], index ^ 1, size, *proof, root));
      Proof bad = *proof;
      bad.back() = flip_bit(bad.back(), 1);
      EXPECT_FALSE(verify_inclusion(d[index], index, size, bad, root));

      const std::uint64_t old_size = index + 1;
      auto consistency = prove_consistency(old_size, size, tree);
      ASSERT_TRUE(consistency) << consistency.error().message();
      ASSERT_EQ(*consistency, naive_consistency(d, old_size, size)) << "old size " << old_size;
      const Hash old_root = naive_mth(d, 0, old_size);
      EXPECT_TRUE(verify_consistency(old_size, size, *consistency, old_root, root));
      if (!consistency->empty()) {
        Proof truncated(consistency->begin(), consistency->end() - 1);
        EXPECT_FALSE(verify_consistency(old_size, size, truncated, old_root, root));
        bad = *consistency;
        bad.front() = flip_bit(bad.front(), 100);
        EXPECT_FALSE(verify_consistency(old_size, size, bad, old_root, root));
      }
    }
  }
}

// ---- Edges and errors -------------------------------------------------------------------------

TEST(MerkleProofs, EmptyAndEqualSizes) {
  MemoryTree tree(leaf_hashes(5));
  EXPECT_EQ(tree_hash(0, tree).value(), empty_tree_hash());
  EXPECT_TRUE(prove_consistency(0, 5, tree).value().empty());
  EXPECT_TRUE(prove_consistency(5, 5, tree).value().empty());
  EXPECT_TRUE(prove_consistency(0, 0, tree).value().empty());
  const Hash root = tree.root();
  EXPECT_TRUE(verify_consistency(0, 5, {}, empty_tree_hash(), root));
  EXPECT_TRUE(verify_consistency(0, 0, {}, empty_tree_hash(), empty_tree_hash()));
  EXPECT_TRUE(verify_consistency(5, 5, {}, root, root));
  // The empty tree has one root; equal sizes, one root; no hashes where none are needed.
  EXPECT_FALSE(verify_consistency(0, 5, {}, root, root));
  EXPECT_FALSE(verify_consistency(5, 5, {}, root, empty_tree_hash()));
  EXPECT_FALSE(verify_consistency(5, 5, {root}, root, root));
  EXPECT_FALSE(verify_consistency(0, 5, {root}, empty_tree_hash(), root));
  // Non-trivial sizes always need a proof.
  EXPECT_FALSE(verify_consistency(1, 2, {}, root, root));
}

TEST(MerkleProofs, ErrorsSayWhatFailed) {
  MemoryTree tree(leaf_hashes(8));
  const Hash root = tree.root();
  auto proof = prove_inclusion(8, 3, tree).value();

  auto out_of_tree = prove_inclusion(8, 8, tree);
  ASSERT_FALSE(out_of_tree);
  EXPECT_EQ(out_of_tree.error().message(),
            "inclusion proof: leaf index 8 is not in a tree of 8 leaves");
  auto backwards = prove_consistency(5, 4, tree);
  ASSERT_FALSE(backwards);
  EXPECT_EQ(backwards.error().message(), "consistency proof: old size 5 is larger than new size 4");

  auto short_proof =
      verify_inclusion(leaf_hashes(4)[3], 3, 8, Proof(proof.begin(), proof.end() - 1), root);
  ASSERT_FALSE(short_proof);
  EXPECT_EQ(short_proof.error().message(), "inclusion proof: 2 hashes, expected 3 for leaf 3 of 8");
  auto wrong_root = verify_inclusion(leaf_hashes(4)[3], 3, 8, proof, empty_tree_hash());
  ASSERT_FALSE(wrong_root);
  EXPECT_NE(wrong_root.error().message().find("not the given root " + hash_hex(empty_tree_hash())),
            std::string::npos)
      << wrong_root.error().message();
  auto index = verify_inclusion(root, 9, 8, proof, root);
  ASSERT_FALSE(index);
  EXPECT_EQ(index.error().message(), "inclusion proof: leaf index 9 is not in a tree of 8 leaves");

  auto consistency = prove_consistency(3, 8, tree).value();
  auto short_consistency = verify_consistency(
      3, 8, Proof(consistency.begin() + 1, consistency.end()), tree_hash(3, tree).value(), root);
  ASSERT_FALSE(short_consistency);
  EXPECT_EQ(short_consistency.error().message(),
            "consistency proof: 3 hashes, expected 4 from size 3 to 8");
  auto old_root = verify_consistency(3, 8, consistency, root, root);
  ASSERT_FALSE(old_root);
  EXPECT_NE(old_root.error().message().find("old root"), std::string::npos);
}

TEST(MerkleProofs, TreesLargerThanTheStoreAreAnErrorNamingTheNode) {
  MemoryTree tree(leaf_hashes(6));
  auto root = tree_hash(7, tree);
  ASSERT_FALSE(root);
  EXPECT_EQ(
      root.error().message(),
      "tree hash: memory tree: node (level 0, index 6) is not stored (the tree has 6 leaves)");
  auto proof = prove_inclusion(9, 0, tree);
  ASSERT_FALSE(proof);
  EXPECT_NE(proof.error().message().find("node (level 2, index 1) is not stored"),
            std::string::npos)
      << proof.error().message();
  EXPECT_FALSE(prove_consistency(2, 7, tree));
}

TEST(MerkleTree, CompleteSubtreesCoverARange) {
  using V = std::vector<NodeId>;
  EXPECT_EQ(complete_subtrees(0, 0), V{});
  EXPECT_EQ(complete_subtrees(5, 5), V{});
  EXPECT_EQ(complete_subtrees(0, 1), (V{{0, 0}}));
  EXPECT_EQ(complete_subtrees(0, 7), (V{{2, 0}, {1, 2}, {0, 6}}));
  EXPECT_EQ(complete_subtrees(3, 13), (V{{0, 3}, {2, 1}, {2, 2}, {0, 12}}));
  EXPECT_EQ(complete_subtrees(0, 1u << 20), (V{{20, 0}}));
  const std::uint64_t max = ~std::uint64_t{0};
  auto all = complete_subtrees(0, max);
  ASSERT_EQ(all.size(), 64u);
  EXPECT_EQ(all.front(), (NodeId{63, 0}));
  EXPECT_EQ(all.back(), (NodeId{0, max - 1}));
  // Every range of small bounds: contiguous, complete, aligned, and at most 2 per level.
  for (std::uint64_t lo = 0; lo < 70; ++lo) {
    for (std::uint64_t hi = lo; hi < 140; ++hi) {
      std::uint64_t at = lo;
      std::map<int, int> per_level;
      for (const NodeId& n : complete_subtrees(lo, hi)) {
        ASSERT_EQ(n.index << n.level, at);
        at += std::uint64_t{1} << n.level;
        ++per_level[n.level];
      }
      ASSERT_EQ(at, hi);
      for (auto [level, count] : per_level)
        ASSERT_LE(count, 2) << lo << ".." << hi;
    }
  }
}

TEST(MerkleTree, HashesForAppendBuildTheSameTreeAsTheRfc) {
  constexpr std::uint64_t kLeaves = 300;
  const auto d = leaf_hashes(kLeaves);
  MapReader store;
  MemoryTree tree;
  for (std::uint64_t i = 0; i < kLeaves; ++i) {
    CountingReader counting(store);
    auto nodes = hashes_for_append(i, d[i], counting);
    ASSERT_TRUE(nodes) << nodes.error().message();
    EXPECT_EQ(counting.calls, i % 2 == 1 ? 1 : 0) << "leaf " << i;
    ASSERT_EQ(nodes->size(), static_cast<std::size_t>(std::countr_one(i)) + 1);
    ASSERT_EQ(nodes->front(), std::make_pair(NodeId{0, i}, d[i]));
    for (const auto& [node, hash] : *nodes) {
      ASSERT_TRUE(store.stored.emplace(node, hash).second) << to_string(node) << " twice";
      // Each is the MTH of the leaves under it.
      const std::uint64_t first = node.index << node.level;
      ASSERT_EQ(hash, naive_mth(d, first, first + (std::uint64_t{1} << node.level)));
    }
    tree.append(d[i]);
    ASSERT_EQ(tree.size(), i + 1);
    auto root = tree_hash(i + 1, store);
    ASSERT_TRUE(root) << root.error().message();
    ASSERT_EQ(*root, naive_mth(d, 0, i + 1));
    ASSERT_EQ(tree.root(), *root);
  }
  // The MemoryTree holds exactly the nodes hashes_for_append produced.
  std::vector<NodeId> all;
  std::vector<Hash> want;
  for (const auto& [node, hash] : store.stored) {
    all.push_back(node);
    want.push_back(hash);
  }
  EXPECT_EQ(tree.read_hashes(all).value(), want);
  EXPECT_FALSE(tree.read_hashes(std::vector<NodeId>{{9, 0}}));
  EXPECT_FALSE(tree.read_hashes(std::vector<NodeId>{{0, kLeaves}}));
  EXPECT_FALSE(tree.read_hashes(std::vector<NodeId>{{-1, 0}}));
}

TEST(MerkleTree, AppendWithoutItsLeftSiblingsIsAnError) {
  MapReader empty;
  auto nodes = hashes_for_append(3, leaf_hash("x"), empty);
  ASSERT_FALSE(nodes);
  EXPECT_EQ(nodes.error().message(),
            "append of leaf 3: map: node (level 0, index 2) is not stored");
  EXPECT_TRUE(hashes_for_append(4, leaf_hash("x"), empty));  // an even index reads nothing
  EXPECT_FALSE(hashes_for_append(~std::uint64_t{0}, leaf_hash("x"), empty));
}

// ---- One read per operation, and the shape of a proof in a large tree -------------------------

// Made-up hashes for any node of a tree of any size: what a fast store would answer.
class SyntheticReader final : public HashReader {
 public:
  core::Result<std::vector<Hash>> read_hashes(std::span<const NodeId> nodes) const override {
    std::vector<Hash> out;
    out.reserve(nodes.size());
    for (const auto& node : nodes) {
      Hash h{};
      h[0] = static_cast<std::uint8_t>(node.level);
      for (int i = 0; i < 8; ++i)
        h[1 + i] = static_cast<std::uint8_t>(node.index >> (8 * i));
      out.push_back(h);
    }
    return out;
  }
};

TEST(MerkleProofs, EveryOperationReadsTheStoreOnce) {
  MemoryTree tree(leaf_hashes(1000));
  for (std::uint64_t size : {1u, 2u, 3u, 255u, 256u, 257u, 999u, 1000u}) {
    CountingReader counting(tree);
    ASSERT_TRUE(tree_hash(size, counting));
    EXPECT_EQ(counting.calls, 1) << "tree hash " << size;
    for (std::uint64_t index : {std::uint64_t{0}, size / 3, size - 1}) {
      counting.calls = 0;
      ASSERT_TRUE(prove_inclusion(size, index, counting));
      EXPECT_EQ(counting.calls, size > 1 ? 1 : 0) << "inclusion " << index << " of " << size;
      counting.calls = 0;
      ASSERT_TRUE(prove_consistency(index + 1, size, counting));
      EXPECT_EQ(counting.calls, index + 1 < size ? 1 : 0) << "consistency " << index + 1;
    }
  }
}

// The speed of a proof at 10 million leaves is measured in bench/tlog_bench.cpp (bench/RESULTS.md);
// here only its shape: one read of fewer than 64 nodes, at most 24 hashes.
TEST(MerkleProofs, InclusionProofAtTenMillionLeavesReadsOnceAndIsShort) {
  SyntheticReader fast;
  constexpr std::uint64_t kSize = 10'000'000;
  CountingReader counting(fast);
  auto proof = prove_inclusion(kSize, kSize - 2, counting);
  ASSERT_TRUE(proof) << proof.error().message();
  EXPECT_LE(proof->size(), 24u);  // 10^7 < 2^24
  EXPECT_EQ(counting.calls, 1);
  EXPECT_LT(counting.nodes_read, 64u);
}

}  // namespace
}  // namespace ashyq::tlog
