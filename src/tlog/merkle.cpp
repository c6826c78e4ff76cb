#include "tlog/merkle.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>

namespace ashyq::tlog {

namespace {

// The leaves [begin, end) of a range whose hash RFC 9162's MTH defines: `begin` is a multiple of
// a power of two at least end - begin, which holds for the tree itself and every range its
// recursive definition splits it into.
struct LeafRange {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
};

// The largest power of two strictly less than n, for n >= 2: where MTH splits D[0:n].
std::uint64_t split_point(std::uint64_t n) {
  return std::uint64_t{1} << (std::bit_width(n - 1) - 1);
}

// The hashes of `ranges`, each composed from its complete subtrees, whose hashes are read from
// `stored` in one call. MTH of such a range is its complete subtrees folded from the right: the
// first is the left half, the rest the right.
core::Result<std::vector<Hash>> range_hashes(std::span<const LeafRange> ranges,
                                             const HashReader& stored, const char* what) {
  std::vector<NodeId> nodes;
  std::vector<std::size_t> ends;  // ends[i]: one past range i's last node in `nodes`
  ends.reserve(ranges.size());
  for (const auto& range : ranges) {
    auto covering = complete_subtrees(range.begin, range.end);
    nodes.insert(nodes.end(), covering.begin(), covering.end());
    ends.push_back(nodes.size());
  }
  std::vector<Hash> hashes;
  if (!nodes.empty()) {
    auto read = stored.read_hashes(nodes);
    if (!read)
      return core::Error{what, read.error().message()};
    if (read->size() != nodes.size())
      return core::Error{what, fmt::format("the hash store answered {} hashes for {} nodes",
                                           read->size(), nodes.size())};
    hashes = std::move(read).value();
  }
  std::vector<Hash> out;
  out.reserve(ranges.size());
  std::size_t first = 0;
  for (std::size_t end : ends) {
    Hash h = hashes[end - 1];
    for (std::size_t j = end - 1; j > first; --j)
      h = node_hash(hashes[j - 1], h);
    out.push_back(h);
    first = end;
  }
  return out;
}

// RFC 9162's verification loops (§2.1.3.2 step 4, §2.1.4.2 step 6) walk the indices (fn, sn) up
// the tree, one proof hash per step, until sn is 0. Each step combines the running hash with the
// proof hash on its left (returns true: fn is a right child, or the last node of its level, in
// which case the levels where it has no sibling are skipped) or on its right (returns false).
bool step_up(std::uint64_t& fn, std::uint64_t& sn) {
  bool sibling_on_left = (fn & 1) != 0 || fn == sn;
  if (sibling_on_left && (fn & 1) == 0) {
    while ((fn & 1) == 0 && fn != 0) {
      fn >>= 1;
      sn >>= 1;
    }
  }
  fn >>= 1;
  sn >>= 1;
  return sibling_on_left;
}

// The number of proof hashes the loop consumes from (fn, sn).
std::size_t steps_to_root(std::uint64_t fn, std::uint64_t sn) {
  std::size_t steps = 0;
  while (sn != 0) {
    step_up(fn, sn);
    ++steps;
  }
  return steps;
}

core::Error mismatch(const char* what, const char* which, const Hash& computed, const Hash& given) {
  return core::Error{what, fmt::format("the proof leads to {} {}, not the given {} {}", which,
                                       hash_hex(computed), which, hash_hex(given))};
}

}  // namespace

Hash leaf_hash(std::string_view leaf_bytes) {
  std::string prefixed;
  prefixed.reserve(1 + leaf_bytes.size());
  prefixed.push_back('\0');
  prefixed.append(leaf_bytes);
  return sha256(prefixed);
}

Hash node_hash(const Hash& left, const Hash& right) {
  char buffer[1 + 2 * sizeof(Hash)];
  buffer[0] = 1;
  std::memcpy(buffer + 1, left.data(), left.size());
  std::memcpy(buffer + 1 + left.size(), right.data(), right.size());
  return sha256(std::string_view(buffer, sizeof buffer));
}

Hash empty_tree_hash() {
  return sha256({});
}

std::string to_string(const NodeId& node) {
  return fmt::format("node (level {}, index {})", node.level, node.index);
}

std::vector<NodeId> complete_subtrees(std::uint64_t begin, std::uint64_t end) {
  std::vector<NodeId> nodes;
  while (begin < end) {
    // The largest subtree aligned at `begin` that does not go past `end`.
    int aligned = begin == 0 ? 64 : std::countr_zero(begin);
    int fits = std::bit_width(end - begin) - 1;
    int level = std::min(aligned, fits);
    nodes.push_back(NodeId{level, begin >> level});
    begin += std::uint64_t{1} << level;
  }
  return nodes;
}

core::Result<std::vector<std::pair<NodeId, Hash>>> hashes_for_append(std::uint64_t index,
                                                                     const Hash& leaf,
                                                                     const HashReader& stored) {
  if (index == std::numeric_limits<std::uint64_t>::max())
    return core::Error{"append", "the tree is full (2^64 - 1 leaves)"};
  // The leaf completes the subtree at level k when the k low bits of its index are all ones; its
  // left sibling at level k - 1 is then complete already.
  const int completed = std::countr_one(index);
  std::vector<NodeId> siblings;
  siblings.reserve(completed);
  for (int level = 0; level < completed; ++level)
    siblings.push_back(NodeId{level, (index >> level) - 1});
  std::vector<Hash> left;
  if (!siblings.empty()) {
    auto read = stored.read_hashes(siblings);
    if (!read)
      return core::Error{fmt::format("append of leaf {}", index), read.error().message()};
    if (read->size() != siblings.size())
      return core::Error{fmt::format("append of leaf {}", index),
                         fmt::format("the hash store answered {} hashes for {} nodes", read->size(),
                                     siblings.size())};
    left = std::move(read).value();
  }
  std::vector<std::pair<NodeId, Hash>> nodes;
  nodes.reserve(completed + 1);
  nodes.emplace_back(NodeId{0, index}, leaf);
  Hash h = leaf;
  for (int level = 1; level <= completed; ++level) {
    h = node_hash(left[level - 1], h);
    nodes.emplace_back(NodeId{level, index >> level}, h);
  }
  return nodes;
}

core::Result<Hash> tree_hash(std::uint64_t size, const HashReader& stored) {
  if (size == 0)
    return empty_tree_hash();
  const LeafRange whole{0, size};
  auto hashes = range_hashes({&whole, 1}, stored, "tree hash");
  if (!hashes)
    return hashes.error();
  return hashes->front();
}

core::Result<Proof> prove_inclusion(std::uint64_t size, std::uint64_t index,
                                    const HashReader& stored) {
  if (index >= size)
    return core::Error{"inclusion proof",
                       fmt::format("leaf index {} is not in a tree of {} leaves", index, size)};
  // PATH(m, D[lo:hi]) descends into the half holding the leaf; the other half's MTH is the proof
  // hash of that level. Collected top-down, the proof lists them bottom-up.
  std::vector<LeafRange> siblings;
  std::uint64_t lo = 0;
  std::uint64_t hi = size;
  while (hi - lo > 1) {
    std::uint64_t k = split_point(hi - lo);
    if (index - lo < k) {
      siblings.push_back({lo + k, hi});
      hi = lo + k;
    } else {
      siblings.push_back({lo, lo + k});
      lo += k;
    }
  }
  std::reverse(siblings.begin(), siblings.end());
  return range_hashes(siblings, stored, "inclusion proof");
}

core::Result<Proof> prove_consistency(std::uint64_t old_size, std::uint64_t new_size,
                                      const HashReader& stored) {
  if (old_size > new_size)
    return core::Error{"consistency proof",
                       fmt::format("old size {} is larger than new size {}", old_size, new_size)};
  if (old_size == 0 || old_size == new_size)
    return Proof{};
  // SUBPROOF(m, D[lo:hi], b), with m kept as the absolute old size: it descends left while the
  // old tree fits in the left half, else right (and the old tree's root is no longer a root of
  // this walk: b becomes false). It ends on the subtree equal to the old tree's part in it, whose
  // hash comes first unless that is the whole old tree (b still true).
  std::vector<LeafRange> ranges;
  std::uint64_t lo = 0;
  std::uint64_t hi = new_size;
  bool old_tree_is_whole = true;
  while (old_size != hi) {
    std::uint64_t k = split_point(hi - lo);
    if (old_size - lo <= k) {
      ranges.push_back({lo + k, hi});
      hi = lo + k;
    } else {
      ranges.push_back({lo, lo + k});
      lo += k;
      old_tree_is_whole = false;
    }
  }
  if (!old_tree_is_whole)
    ranges.push_back({lo, hi});
  std::reverse(ranges.begin(), ranges.end());
  return range_hashes(ranges, stored, "consistency proof");
}

core::Result<void> verify_inclusion(const Hash& leaf, std::uint64_t index, std::uint64_t size,
                                    const Proof& proof, const Hash& root) {
  constexpr const char* kWhat = "inclusion proof";
  if (index >= size)
    return core::Error{kWhat,
                       fmt::format("leaf index {} is not in a tree of {} leaves", index, size)};
  const std::size_t expected = steps_to_root(index, size - 1);
  if (proof.size() != expected)
    return core::Error{kWhat, fmt::format("{} hashes, expected {} for leaf {} of {}", proof.size(),
                                          expected, index, size)};
  std::uint64_t fn = index;
  std::uint64_t sn = size - 1;
  Hash r = leaf;
  for (const Hash& p : proof)
    r = step_up(fn, sn) ? node_hash(p, r) : node_hash(r, p);
  if (r != root)
    return mismatch(kWhat, "root", r, root);
  return {};
}

core::Result<void> verify_consistency(std::uint64_t old_size, std::uint64_t new_size,
                                      const Proof& proof, const Hash& old_root,
                                      const Hash& new_root) {
  constexpr const char* kWhat = "consistency proof";
  if (old_size > new_size)
    return core::Error{kWhat,
                       fmt::format("old size {} is larger than new size {}", old_size, new_size)};
  if (old_size == 0 || old_size == new_size) {
    if (!proof.empty())
      return core::Error{kWhat, fmt::format("{} hashes, expected 0 from size {} to {}",
                                            proof.size(), old_size, new_size)};
    if (old_size == 0 && old_root != empty_tree_hash())
      return core::Error{
          kWhat, "the old root " + hash_hex(old_root) + " is not the root of the empty tree"};
    if (old_size == new_size && old_root != new_root)
      return core::Error{kWhat, fmt::format("two different roots for the tree of {} leaves: {} "
                                            "and {}",
                                            old_size, hash_hex(old_root), hash_hex(new_root))};
    return {};
  }
  // Step 2: when the old tree is a complete subtree, its root is the proof's implicit first hash.
  const bool old_is_complete = std::has_single_bit(old_size);
  // Steps 3 and 4.
  std::uint64_t fn = old_size - 1;
  std::uint64_t sn = new_size - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  const std::size_t expected = (old_is_complete ? 0 : 1) + steps_to_root(fn, sn);
  if (proof.size() != expected)
    return core::Error{kWhat, fmt::format("{} hashes, expected {} from size {} to {}", proof.size(),
                                          expected, old_size, new_size)};
  // Step 5.
  std::size_t next = 0;
  Hash fr = old_is_complete ? old_root : proof[next++];
  Hash sr = fr;
  // Step 6.
  for (; next < proof.size(); ++next) {
    const Hash& c = proof[next];
    if (step_up(fn, sn)) {
      fr = node_hash(c, fr);
      sr = node_hash(c, sr);
    } else {
      sr = node_hash(sr, c);
    }
  }
  // Step 7.
  if (fr != old_root)
    return mismatch(kWhat, "old root", fr, old_root);
  if (sr != new_root)
    return mismatch(kWhat, "new root", sr, new_root);
  return {};
}

MemoryTree::MemoryTree(std::span<const Hash> leaves) {
  for (const Hash& leaf : leaves)
    append(leaf);
}

void MemoryTree::append(const Hash& leaf) {
  // The subtrees it completes are hashed here directly (hashes_for_append does the same through a
  // HashReader; the tests check that the two agree).
  Hash h = leaf;
  for (std::size_t level = 0;; ++level) {
    if (level == levels_.size())
      levels_.emplace_back();
    auto& nodes = levels_[level];
    nodes.push_back(h);
    if (nodes.size() % 2 != 0)
      break;
    h = node_hash(nodes[nodes.size() - 2], nodes.back());
  }
}

std::uint64_t MemoryTree::size() const {
  return levels_.empty() ? 0 : levels_[0].size();
}

Hash MemoryTree::root() const {
  auto root = tree_hash(size(), *this);
  // Every complete subtree of the tree is stored, so the read cannot fail.
  return root ? *root : Hash{};
}

core::Result<std::vector<Hash>> MemoryTree::read_hashes(std::span<const NodeId> nodes) const {
  std::vector<Hash> hashes;
  hashes.reserve(nodes.size());
  for (const NodeId& node : nodes) {
    if (node.level < 0 || static_cast<std::size_t>(node.level) >= levels_.size() ||
        node.index >= levels_[node.level].size())
      return core::Error{"memory tree", fmt::format("{} is not stored (the tree has {} leaves)",
                                                    to_string(node), size())};
    hashes.push_back(levels_[node.level][node.index]);
  }
  return hashes;
}

}  // namespace ashyq::tlog
