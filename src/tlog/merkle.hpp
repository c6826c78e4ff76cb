// The log's Merkle tree (RFC 9162 §2.1, the same tree as RFC 6962): leaf and node hashes, the root
// of any tree size, inclusion and consistency proofs and their verification.
//
// The tree is kept as the hashes of its complete subtrees (NodeId), which never change once the
// leaves under them are appended. Everything else — the root of a tree size, the hash of a
// right-edge subtree that is not complete yet — is composed from them when asked, so that a proof
// can be made for any tree size up to the stored one (a checkpoint's size is often behind the
// store's). A HashReader is where the stored hashes come from; every operation here gathers the
// nodes it needs and reads them in ONE read_hashes call, since the reader is often a database.
#pragma once

#include <compare>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "tlog/hash.hpp"

namespace ashyq::tlog {

// SHA-256(0x00 || leaf_bytes): the hash of a leaf (RFC 9162 §2.1.1).
Hash leaf_hash(std::string_view leaf_bytes);
// SHA-256(0x01 || left || right): the hash of an interior node.
Hash node_hash(const Hash& left, const Hash& right);
// SHA-256 of nothing: the root of the tree of 0 leaves.
Hash empty_tree_hash();

// A complete subtree: the 2^level leaves [index << level, (index + 1) << level). Level 0 = a leaf
// hash.
struct NodeId {
  int level = 0;
  std::uint64_t index = 0;
  auto operator<=>(const NodeId&) const = default;
};

// "node (level 3, index 17)", for error messages.
std::string to_string(const NodeId& node);

// The complete subtrees that cover the leaves [begin, end), left to right, each the largest one
// that starts where the previous one ended: O(log(end - begin)) nodes. Empty when begin >= end.
// For begin = 0 they are the tree's "peaks", largest first.
std::vector<NodeId> complete_subtrees(std::uint64_t begin, std::uint64_t end);

// Where stored hashes of complete subtrees come from (a SQLite table, fetched tiles, memory).
class HashReader {
 public:
  virtual ~HashReader() = default;
  // The hashes of `nodes`, in the same order; an Error naming the node if one is not stored.
  virtual core::Result<std::vector<Hash>> read_hashes(std::span<const NodeId> nodes) const = 0;
};

// The nodes that become complete when the leaf with hash `leaf` is appended at `index` (the tree
// then has index+1 leaves): level 0 (the leaf itself), then every level whose subtree this leaf
// completes, each with its hash. Reads the left siblings it needs from `stored` in ONE
// read_hashes call (none for an even index).
core::Result<std::vector<std::pair<NodeId, Hash>>> hashes_for_append(std::uint64_t index,
                                                                     const Hash& leaf,
                                                                     const HashReader& stored);

// Root of the tree of the first `size` leaves (empty_tree_hash() for 0).
core::Result<Hash> tree_hash(std::uint64_t size, const HashReader& stored);

// A proof's hashes, in the order of RFC 9162 (from the leaf's level up).
using Proof = std::vector<Hash>;

// RFC 9162 §2.1.3.1 inclusion proof of leaf `index` in the tree of `size` leaves (an Error unless
// index < size).
core::Result<Proof> prove_inclusion(std::uint64_t size, std::uint64_t index,
                                    const HashReader& stored);
// RFC 9162 §2.1.4.1 consistency proof between the trees of `old_size` and `new_size` leaves (an
// Error if old_size > new_size; empty when old_size is 0 or equal to new_size).
core::Result<Proof> prove_consistency(std::uint64_t old_size, std::uint64_t new_size,
                                      const HashReader& stored);

// RFC 9162 §2.1.3.2: that `proof` shows the leaf hash `leaf` at `index` in the tree of `size`
// leaves whose root is `root`. Ok, or an Error that says what failed (the index, the proof's
// length, or the root it leads to).
core::Result<void> verify_inclusion(const Hash& leaf, std::uint64_t index, std::uint64_t size,
                                    const Proof& proof, const Hash& root);
// RFC 9162 §2.1.4.2: that the tree of `new_size` leaves with root `new_root` extends the tree of
// `old_size` leaves with root `old_root`. Equal sizes need an empty proof and equal roots; an old
// size of 0 needs an empty proof and old_root == empty_tree_hash() (nothing to check of new_root).
core::Result<void> verify_consistency(std::uint64_t old_size, std::uint64_t new_size,
                                      const Proof& proof, const Hash& old_root,
                                      const Hash& new_root);

// All stored hashes in memory, level by level: a HashReader that appends (tests, verifiers,
// benches). 64 bytes per leaf.
class MemoryTree final : public HashReader {
 public:
  MemoryTree() = default;
  explicit MemoryTree(std::span<const Hash> leaves);

  // Appends the leaf with hash `leaf` and the hashes of the subtrees it completes.
  void append(const Hash& leaf);
  // The number of leaves.
  std::uint64_t size() const;
  // The root of the whole tree.
  Hash root() const;

  core::Result<std::vector<Hash>> read_hashes(std::span<const NodeId> nodes) const override;

 private:
  std::vector<std::vector<Hash>> levels_;  // levels_[l][i]: the node (l, i)
};

}  // namespace ashyq::tlog
