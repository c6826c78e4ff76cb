// Tiles (C2SP tlog-tiles): paths as the spec writes them and the ones it forbids, which tiles a
// tree has, tile contents, a reader over fetched tiles that gives the same roots and proofs as
// the store the tiles came from, hostile tiles, and entry bundles.
#include "tlog/tile.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace ashyq::tlog {
namespace {

std::vector<Hash> leaf_hashes(std::uint64_t n) {
  std::vector<Hash> d;
  d.reserve(n);
  for (std::uint64_t i = 0; i < n; ++i)
    d.push_back(leaf_hash("entry " + std::to_string(i)));
  return d;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// ---- Paths ------------------------------------------------------------------------------------

TEST(TilePath, SpecExamples) {
  struct Row {
    TileId tile;
    const char* path;
  };
  const Row rows[] = {
      // "index 1234067 will be encoded as x001/x234/067" (c2sp.org/tlog-tiles).
      {{0, 1234067}, "tile/0/x001/x234/067"},
      {{1, 0, 7}, "tile/1/000.p/7"},
      {{0, 1234, 12, true}, "tile/entries/x001/234.p/12"},
      {{0, 0}, "tile/0/000"},
      {{2, 0, 1}, "tile/2/000.p/1"},
      {{0, 999}, "tile/0/999"},
      {{0, 1000}, "tile/0/x001/000"},
      {{63, 1000000, 255}, "tile/63/x001/x000/000.p/255"},
      {{0, 273, 112, true}, "tile/entries/273.p/112"},
      {{5, 42, kTileWidth, true}, "tile/entries/042"},  // an entry bundle has no level
      {{0, ~std::uint64_t{0}}, "tile/0/x018/x446/x744/x073/x709/x551/615"},
  };
  for (const auto& row : rows) {
    EXPECT_EQ(tile_path(row.tile), row.path);
    auto parsed = parse_tile_path(row.path);
    ASSERT_TRUE(parsed) << row.path << ": " << parsed.error().message();
    TileId want = row.tile;
    if (want.entries)
      want.level = 0;
    EXPECT_EQ(*parsed, want) << row.path;
  }
}

TEST(TilePath, RoundTrips) {
  for (int level : {0, 1, 7, 10, 63}) {
    for (std::uint64_t index :
         {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{999}, std::uint64_t{1000},
          std::uint64_t{1001}, std::uint64_t{999999}, std::uint64_t{1000000},
          std::uint64_t{123456789012345}, ~std::uint64_t{0} - 1, ~std::uint64_t{0}}) {
      for (std::uint64_t width :
           {std::uint64_t{1}, std::uint64_t{9}, std::uint64_t{10}, std::uint64_t{99},
            std::uint64_t{100}, std::uint64_t{255}, kTileWidth}) {
        for (bool entries : {false, true}) {
          TileId t{entries ? 0 : level, index, width, entries};
          auto parsed = parse_tile_path(tile_path(t));
          ASSERT_TRUE(parsed) << tile_path(t) << ": " << parsed.error().message();
          EXPECT_EQ(*parsed, t) << tile_path(t);
        }
      }
    }
  }
}

TEST(TilePath, RejectsNonCanonicalPaths) {
  const char* const rejected[] = {
      "",
      "tile",
      "tile/",
      "tile/0",
      "tile/0/",
      "/tile/0/000",
      "Tile/0/000",
      "tiles/0/000",
      "tile/00/000",   // leading zero in the level
      "tile/01/000",   // leading zero in the level
      "tile/64/000",   // level beyond 63
      "tile/100/000",  // level beyond 63
      "tile/-1/000",
      "tile/+1/000",
      "tile/ 1/000",
      "tile/a/000",
      "tile/data/000",
      "tile/entries",
      "tile/entries/",
      "tile/entries/0/000",  // entry bundles have no level
      "tile/0/0",
      "tile/0/00",
      "tile/0/0000",
      "tile/0/1234067",
      "tile/0/x000/067",       // leading zeros: 67 is 067
      "tile/0/x000/x001/067",  // leading zeros
      "tile/0/x1/000",         // an element is three digits
      "tile/0/x0001/000",
      "tile/0/X001/000",
      "tile/0/001/002",  // only the last element lacks the x
      "tile/0/x001",     // the last element has no x
      "tile/0/x001/",
      "tile/0/x001//002",
      "tile/0/000/",
      "tile/0/000x",
      "tile/0/00a",
      "tile/0/000.p",
      "tile/0/000.p/",
      "tile/0/000.p/0",    // width 0
      "tile/0/000.p/256",  // a full tile has no .p
      "tile/0/000.p/1000",
      "tile/0/000.p/007",  // leading zeros in the width
      "tile/0/000.p/-1",
      "tile/0/000.p/1/",
      "tile/0/000.p/12x",
      "tile/0/000.p/1.p/2",
      "tile/0/000.P/1",
      "tile/0/000.q/1",
      "tile/0/x001.p/3/000",
      "tile/entries/000.p/256",
      "tile/0/x018/x446/x744/x073/x709/x551/616",       // 2^64
      "tile/0/x001/x018/x446/x744/x073/x709/x551/615",  // beyond 64 bits
      "tile/0/x999/x999/x999/x999/x999/x999/x999/999",
  };
  for (const char* path : rejected) {
    auto parsed = parse_tile_path(path);
    EXPECT_FALSE(parsed) << "\"" << path << "\" parsed as " << tile_path(*parsed);
  }
  auto error = parse_tile_path("tile/0/x000/067");
  ASSERT_FALSE(error);
  EXPECT_EQ(error.error().message(),
            "tile path \"tile/0/x000/067\": the index has a leading x000 element");
  // Paths with NUL bytes or of great length are refused without echoing them whole.
  EXPECT_FALSE(parse_tile_path(std::string("tile/0/000\0", 11)));
  auto long_path = parse_tile_path("tile/0/" + std::string(10000, 'x'));
  ASSERT_FALSE(long_path);
  EXPECT_LT(long_path.error().message().size(), 200u);
}

// ---- Which tiles a tree has ------------------------------------------------------------------

TEST(TileFor, SpecExampleTreeOf70000) {
  // "a tree of size 70,000 will be represented by 273 full level 0 tiles, one partial level 0
  // tile of width 112, one full level 1 tile, one partial level 1 tile of width 17, and one
  // partial level 2 tile of width 1" (c2sp.org/tlog-tiles).
  constexpr std::uint64_t kSize = 70000;
  EXPECT_EQ(tile_for(0, 0, kSize), (TileId{0, 0, 256}));
  EXPECT_EQ(tile_for(0, 273 * 256 - 1, kSize), (TileId{0, 272, 256}));
  EXPECT_EQ(tile_for(0, 273 * 256, kSize), (TileId{0, 273, 112}));
  EXPECT_EQ(tile_for(0, kSize - 1, kSize), (TileId{0, 273, 112}));
  EXPECT_EQ(tile_for(0, kSize, kSize), std::nullopt);
  EXPECT_EQ(tile_for(1, 255, kSize), (TileId{1, 0, 256}));
  EXPECT_EQ(tile_for(1, 256, kSize), (TileId{1, 1, 17}));
  EXPECT_EQ(tile_for(1, 272, kSize), (TileId{1, 1, 17}));
  EXPECT_EQ(tile_for(1, 273, kSize), std::nullopt);
  EXPECT_EQ(tile_for(2, 0, kSize), (TileId{2, 0, 1}));
  EXPECT_EQ(tile_for(2, 1, kSize), std::nullopt);
  EXPECT_EQ(tile_for(3, 0, kSize), std::nullopt);
  EXPECT_EQ(entry_bundle_for(kSize - 1, kSize), (TileId{0, 273, 112, true}));
  EXPECT_EQ(entry_bundle_for(kSize, kSize), std::nullopt);
}

TEST(TileFor, EdgesOfFullTiles) {
  // "a tree of size 256 will be represented by a full level 0 tile and a partial level 1 tile of
  // width 1".
  EXPECT_EQ(tile_for(0, 255, 256), (TileId{0, 0, 256}));
  EXPECT_EQ(tile_for(1, 0, 256), (TileId{1, 0, 1}));
  EXPECT_EQ(tile_for(0, 254, 255), (TileId{0, 0, 255}));
  EXPECT_EQ(tile_for(1, 0, 255), std::nullopt);
  EXPECT_EQ(tile_for(0, 256, 257), (TileId{0, 1, 1}));
  EXPECT_EQ(tile_for(0, 0, 0), std::nullopt);
  EXPECT_EQ(tile_for(-1, 0, 1000), std::nullopt);
  EXPECT_EQ(tile_for(64, 0, ~std::uint64_t{0}), std::nullopt);
  EXPECT_EQ(tile_for(7, 0, ~std::uint64_t{0}), (TileId{7, 0, 255}));
  EXPECT_EQ(tile_for(8, 0, ~std::uint64_t{0}), std::nullopt);
  EXPECT_EQ(nodes_at_level(0, 5), 5u);
  EXPECT_EQ(nodes_at_level(64, ~std::uint64_t{0}), 0u);
}

// ---- Tile contents and reading through tiles ----------------------------------------------------

const MemoryTree& big_tree() {
  static const MemoryTree tree(leaf_hashes(65536 + 3));
  return tree;
}

TEST(TileHashReader, ReadTileHoldsTheHashesOfItsLevel) {
  const MemoryTree& tree = big_tree();
  auto level0 = read_tile(TileId{0, 1, 256}, tree);
  ASSERT_TRUE(level0) << level0.error().message();
  ASSERT_EQ(level0->size(), 256 * 32u);
  EXPECT_EQ(level0->substr(0, 32), hash_bytes(leaf_hash("entry 256")));
  // A level-1 hash is the MTH of a full level-0 tile's 256 leaves.
  auto level1 = read_tile(TileId{1, 0, 256}, tree);
  ASSERT_TRUE(level1) << level1.error().message();
  const auto first_leaves = leaf_hashes(256);
  MemoryTree first_256(first_leaves);
  EXPECT_EQ(level1->substr(0, 32), hash_bytes(first_256.root()));
  auto level2 = read_tile(TileId{2, 0, 1}, tree);
  ASSERT_TRUE(level2);
  EXPECT_EQ(*level2, hash_bytes(tree_hash(65536, tree).value()));
  auto partial = read_tile(TileId{0, 256, 3}, tree);
  ASSERT_TRUE(partial);
  EXPECT_EQ(partial->substr(64, 32), hash_bytes(leaf_hash("entry 65538")));

  EXPECT_FALSE(read_tile(TileId{0, 256, 4}, tree));  // beyond the store
  EXPECT_FALSE(read_tile(TileId{0, 0, 0}, tree));
  EXPECT_FALSE(read_tile(TileId{0, 0, 257}, tree));
  EXPECT_FALSE(read_tile(TileId{8, 0, 1}, tree));
  EXPECT_FALSE(read_tile(TileId{0, ~std::uint64_t{0}, 1}, tree));
  auto bundle = read_tile(TileId{0, 0, 256, true}, tree);
  ASSERT_FALSE(bundle);
  EXPECT_EQ(bundle.error().where, "tile/entries/000");
}

TEST(TileHashReader, RootsAndProofsEqualThoseOfTheStoreAroundTileEdges) {
  const MemoryTree& tree = big_tree();
  for (std::uint64_t size :
       {1u, 2u, 7u, 255u, 256u, 257u, 511u, 512u, 513u, 65535u, 65536u, 65537u, 65539u}) {
    SCOPED_TRACE("size " + std::to_string(size));
    std::set<std::pair<int, std::uint64_t>> fetched;
    TileHashReader tiles(size, [&](const TileId& t) -> core::Result<std::string> {
      // Only tiles of this tree, at their width in it, each once.
      EXPECT_FALSE(t.entries);
      EXPECT_EQ(tile_for(t.level, t.index * kTileWidth, size), t) << tile_path(t);
      EXPECT_TRUE(fetched.emplace(t.level, t.index).second) << tile_path(t) << " twice";
      return read_tile(t, tree);
    });
    auto root = tree_hash(size, tiles);
    ASSERT_TRUE(root) << root.error().message();
    ASSERT_EQ(*root, tree_hash(size, tree).value());

    std::vector<std::uint64_t> samples = {0, size / 2, size - 1};
    for (std::uint64_t i = 1; i < size; i += 997)
      samples.push_back(i);
    for (std::uint64_t index : samples) {
      auto proof = prove_inclusion(size, index, tiles);
      ASSERT_TRUE(proof) << proof.error().message();
      ASSERT_EQ(*proof, prove_inclusion(size, index, tree).value()) << "leaf " << index;
      EXPECT_TRUE(verify_inclusion(leaf_hash("entry " + std::to_string(index)), index, size, *proof,
                                   *root));
      auto consistency = prove_consistency(index + 1, size, tiles);
      ASSERT_TRUE(consistency) << consistency.error().message();
      ASSERT_EQ(*consistency, prove_consistency(index + 1, size, tree).value())
          << "old size " << index + 1;
    }
    // Nodes of any level, not only multiples of 8.
    for (int level = 0; level < 64; ++level) {
      for (std::uint64_t index : {std::uint64_t{0}, (size >> level) / 2, (size >> level) - 1}) {
        if (index >= (size >> level))
          continue;
        const NodeId node{level, index};
        auto got = tiles.read_hashes({&node, 1});
        ASSERT_TRUE(got) << got.error().message();
        EXPECT_EQ(got->front(), tree.read_hashes({&node, 1}).value().front()) << to_string(node);
      }
    }
    EXPECT_EQ(tiles.fetched(), fetched.size());
  }
}

TEST(TileHashReader, NodesOutsideTheTreeAreErrors) {
  const MemoryTree& tree = big_tree();
  int fetches = 0;
  TileHashReader tiles(300, [&](const TileId& t) {
    ++fetches;
    return read_tile(t, tree);
  });
  for (NodeId node : {NodeId{0, 300}, NodeId{2, 75}, NodeId{9, 0}, NodeId{64, 0}, NodeId{-1, 0}}) {
    auto got = tiles.read_hashes({&node, 1});
    ASSERT_FALSE(got) << to_string(node);
    EXPECT_EQ(got.error().message(), "tiles of the tree of 300 leaves: " + to_string(node) +
                                         " is not a complete subtree of it");
  }
  EXPECT_EQ(fetches, 0);
  EXPECT_FALSE(tree_hash(301, tiles));
  EXPECT_FALSE(prove_inclusion(400, 0, tiles));
}

TEST(TileHashReader, HostileTilesAreErrorsNotCrashes) {
  const MemoryTree& tree = big_tree();
  const std::uint64_t kSize = 1000;  // level-0 tiles 0..2 full, 3 of width 232; level 1 of width 3
  struct Row {
    const char* name;
    std::function<std::string(const TileId&, std::string)> mangle;
  };
  const Row rows[] = {
      {"empty", [](const TileId&, std::string) { return std::string(); }},
      {"one byte short", [](const TileId&, std::string b) { return b.substr(0, b.size() - 1); }},
      {"one byte long", [](const TileId&, std::string b) { return b + "x"; }},
      {"a hash short", [](const TileId&, std::string b) { return b.substr(32); }},
      {"a full tile for a partial one",
       [](const TileId& t, std::string b) {
         return t.width < kTileWidth ? b + std::string((kTileWidth - t.width) * 32, 'z') : b;
       }},
      {"huge", [](const TileId&, std::string) { return std::string(1 << 20, '\xff'); }},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    TileHashReader tiles(kSize, [&](const TileId& t) -> core::Result<std::string> {
      auto bytes = read_tile(t, tree);
      if (!bytes)
        return bytes.error();
      return row.mangle(t, *bytes);
    });
    auto root = tree_hash(kSize, tiles);
    ASSERT_FALSE(root);
    EXPECT_TRUE(contains(root.error().message(), "bytes, expected")) << root.error().message();
    EXPECT_FALSE(prove_inclusion(kSize, 999, tiles));
    EXPECT_FALSE(prove_consistency(10, kSize, tiles));
  }

  // The right length of garbage is answered (tiles are not checked here) but proves nothing.
  TileHashReader garbage(kSize, [&](const TileId& t) -> core::Result<std::string> {
    return std::string(t.width * 32, '\x5a');
  });
  auto proof = prove_inclusion(kSize, 5, garbage);
  ASSERT_TRUE(proof) << proof.error().message();
  EXPECT_FALSE(
      verify_inclusion(leaf_hash("entry 5"), 5, kSize, *proof, tree_hash(kSize, tree).value()));

  // A fetch that fails is an Error naming the tile.
  TileHashReader offline(kSize, [](const TileId&) -> core::Result<std::string> {
    return core::Error{"https://log.example", "connection refused"};
  });
  auto failed = tree_hash(kSize, offline);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message(),
            "tree hash: tile/1/000.p/3: https://log.example: connection refused")
      << failed.error().message();
}

TEST(TileHashReader, FetchesEachTileOnce) {
  const MemoryTree& tree = big_tree();
  int fetches = 0;
  TileHashReader tiles(65539, [&](const TileId& t) {
    ++fetches;
    return read_tile(t, tree);
  });
  ASSERT_TRUE(tree_hash(65539, tiles));
  const int after_root = fetches;
  ASSERT_TRUE(tree_hash(65539, tiles));
  ASSERT_TRUE(tree_hash(65538, tiles));  // its nodes are in the same tiles
  EXPECT_EQ(fetches, after_root);
  EXPECT_EQ(tiles.fetched(), static_cast<std::size_t>(fetches));
}

// ---- Entry bundles ----------------------------------------------------------------------------

TEST(EntryBundle, RoundTrip) {
  const std::vector<std::vector<std::string>> cases = {
      {},
      {""},
      {"a", ""},
      {std::string(255, 'b'), std::string(256, 'c'), std::string("\0\x01\xff", 3)},
      {std::string(65535, 'd'), "e"},
  };
  for (const auto& entries : cases) {
    auto bundle = encode_entry_bundle(entries);
    ASSERT_TRUE(bundle) << bundle.error().message();
    auto decoded = decode_entry_bundle(*bundle);
    ASSERT_TRUE(decoded) << decoded.error().message();
    EXPECT_EQ(*decoded, entries);
  }
  const std::vector<std::string> two = {"a", std::string(258, 'z')};
  EXPECT_EQ(encode_entry_bundle(two).value(), std::string("\x00\x01"
                                                          "a"
                                                          "\x01\x02",
                                                          5) +
                                                  std::string(258, 'z'));
}

TEST(EntryBundle, TooLongEntryIsAnError) {
  const std::vector<std::string> entries = {"ok", std::string(65536, 'x')};
  auto bundle = encode_entry_bundle(entries);
  ASSERT_FALSE(bundle);
  EXPECT_EQ(bundle.error().message(), "entry bundle: entry 1 is 65536 bytes, longer than 65535");
}

TEST(EntryBundle, TruncationsNameTheOffset) {
  struct Row {
    std::string bundle;
    const char* message;
  };
  const Row rows[] = {
      {std::string("\x00", 1), "truncated at offset 0: entry 0 has 1 of the 2 bytes of its length"},
      {std::string("\x00\x05"
                   "abc",
                   5),
       "truncated at offset 2: entry 0 has 3 of its 5 bytes"},
      {std::string("\x00\x01"
                   "a"
                   "\x01",
                   4),
       "truncated at offset 3: entry 1 has 1 of the 2 bytes of its length"},
      {std::string("\x00\x00\xff\xff", 4),
       "truncated at offset 4: entry 1 has 0 of its 65535 bytes"},
  };
  for (const auto& row : rows) {
    auto decoded = decode_entry_bundle(row.bundle);
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().message(), std::string("entry bundle: ") + row.message);
  }
  // Every truncation of a valid bundle but at an entry boundary is refused.
  const std::vector<std::string> entries = {"one", "", "three", std::string(300, 'x')};
  const std::string bundle = encode_entry_bundle(entries).value();
  const std::set<std::size_t> boundaries = {0, 5, 7, 14, bundle.size()};
  for (std::size_t n = 0; n <= bundle.size(); ++n)
    EXPECT_EQ(decode_entry_bundle(bundle.substr(0, n)).ok(), boundaries.count(n) == 1) << n;
}

}  // namespace
}  // namespace ashyq::tlog
