// Tiles of the log's Merkle tree, as C2SP tlog-tiles serves them (https://c2sp.org/tlog-tiles): a
// tile is up to 256 consecutive hashes of one tree level that is a multiple of 8 (tile level l
// holds tree level 8*l), fetched as tile/<L>/<N>[.p/<W>]; the leaves' data is served the same way
// in entry bundles, tile/entries/<N>[.p/<W>]. A tile holds every hash of the height-8 subtree
// above it, so any complete subtree's hash is a tile hash or a few hashes up inside one tile.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "tlog/hash.hpp"
#include "tlog/merkle.hpp"

namespace ashyq::tlog {

inline constexpr int kTileHeight = 8;  // 256 hashes per full tile
inline constexpr std::uint64_t kTileWidth = 256;
inline constexpr int kMaxTileLevel = 63;  // the spec's bound on <L>

// A tile, or an entry bundle (entries: the leaves' data, tile/entries/...; level is then 0).
// width: how many hashes (entries) it holds, kTileWidth for a full tile, 1..255 for a partial one.
struct TileId {
  int level = 0;
  std::uint64_t index = 0;
  std::uint64_t width = kTileWidth;
  bool entries = false;
  bool operator==(const TileId&) const = default;
};

// "tile/0/x001/x234/067", "tile/1/000.p/7", "tile/entries/x001/234.p/12" (no leading slash).
// Precondition: 1 <= width <= 256 (".p/<width>" is written for any width but 256).
std::string tile_path(const TileId& t);

// The inverse of tile_path, strict: a level of 0..63 without leading zeros, the index in 3-digit
// elements all but the last prefixed with x and no leading x000 element, a partial width of 1..255
// without leading zeros, an index that fits in 64 bits, and nothing else.
core::Result<TileId> parse_tile_path(std::string_view path);

// The number of complete subtrees at tree level `node_level` in a tree of `tree_size` leaves
// (tree_size >> node_level; 0 from level 64 on).
std::uint64_t nodes_at_level(int node_level, std::uint64_t tree_size);

// The tile (with its width in that tree) holding node `index` of tree level 8*level, of a tree
// of `tree_size` leaves; nullopt when that node is not complete in the tree (or level is not in
// 0..63). The tiles a tree has at a level are the full ones, then one partial one if the number
// of nodes is not a multiple of 256.
std::optional<TileId> tile_for(int level, std::uint64_t index, std::uint64_t tree_size);
// The entry bundle (with its width in that tree) holding leaf `index`; nullopt when
// index >= tree_size.
std::optional<TileId> entry_bundle_for(std::uint64_t index, std::uint64_t tree_size);

// Tile content: concatenated 32-byte hashes of the nodes at tree level 8*t.level, indices
// [t.index*256, t.index*256 + t.width), read from `stored` in one call. An Error for an entry
// bundle or an impossible tile (width not 1..256, level beyond the tree).
core::Result<std::string> read_tile(const TileId& t, const HashReader& stored);

// A HashReader over tiles fetched from a log (witnesses, offline verifiers): answers any
// complete-subtree node inside a tree of `tree_size` leaves by fetching the tile that holds it
// (via `fetch`, which returns the tile's bytes or an Error) and hashing up inside the tile when
// the node's level is not a multiple of 8. Each tile needed by a read_hashes call is fetched once
// and kept for the reader's lifetime. It does not check what it fetched against anything (the
// caller checks the root or proof it computes against a signed checkpoint), but a tile of the
// wrong length is an Error. Not thread-safe.
class TileHashReader final : public HashReader {
 public:
  using Fetch = std::function<core::Result<std::string>(const TileId&)>;
  TileHashReader(std::uint64_t tree_size, Fetch fetch);

  core::Result<std::vector<Hash>> read_hashes(std::span<const NodeId> nodes) const override;

  std::uint64_t tree_size() const { return tree_size_; }
  // How many tiles were fetched so far.
  std::size_t fetched() const { return tiles_.size(); }

 private:
  core::Result<const std::string*> tile(const TileId& t) const;

  std::uint64_t tree_size_;
  Fetch fetch_;
  mutable std::map<std::pair<int, std::uint64_t>, std::string> tiles_;  // (level, index) → bytes
};

// The longest entry a bundle can hold (its length is a big-endian uint16).
inline constexpr std::size_t kMaxBundleEntryBytes = 65535;

// Entry bundles: each entry a big-endian uint16 length, then that many bytes. An Error if an entry
// is longer than 65535 bytes.
core::Result<std::string> encode_entry_bundle(std::span<const std::string> entries);
// The entries of `bundle`; an Error naming the offset where it is truncated.
core::Result<std::vector<std::string>> decode_entry_bundle(std::string_view bundle);

}  // namespace ashyq::tlog
