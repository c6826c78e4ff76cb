#include "tlog/tile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <limits>

namespace ashyq::tlog {

namespace {

constexpr std::uint64_t kMaxIndex = std::numeric_limits<std::uint64_t>::max();

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The decimal number at the start of `text` (up to `max_digits` digits, no leading zero unless it
// is "0"), removed from `text`; nullopt if there is none or it has a leading zero.
std::optional<std::uint64_t> take_decimal(std::string_view& text, std::size_t max_digits) {
  std::size_t n = 0;
  while (n < text.size() && is_digit(text[n]))
    ++n;
  if (n == 0 || n > max_digits || (n > 1 && text[0] == '0'))
    return std::nullopt;
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < n; ++i)
    value = value * 10 + static_cast<std::uint64_t>(text[i] - '0');
  text.remove_prefix(n);
  return value;
}

// The three digits at the start of `text`, removed from it.
std::optional<std::uint64_t> take_three_digits(std::string_view& text) {
  if (text.size() < 3 || !is_digit(text[0]) || !is_digit(text[1]) || !is_digit(text[2]))
    return std::nullopt;
  std::uint64_t value =
      static_cast<std::uint64_t>((text[0] - '0') * 100 + (text[1] - '0') * 10 + (text[2] - '0'));
  text.remove_prefix(3);
  return value;
}

core::Error path_error(std::string_view path, std::string why) {
  constexpr std::size_t kShown = 80;  // a hostile path is not echoed whole
  std::string shown(path.substr(0, kShown));
  if (path.size() > kShown)
    shown += "…";
  return core::Error{"tile path \"" + shown + "\"", std::move(why)};
}

}  // namespace

std::string tile_path(const TileId& t) {
  std::vector<unsigned> groups;  // the index in base 1000, least significant first
  std::uint64_t n = t.index;
  do {
    groups.push_back(static_cast<unsigned>(n % 1000));
    n /= 1000;
  } while (n != 0);
  std::string path = t.entries ? "tile/entries/" : fmt::format("tile/{}/", t.level);
  for (std::size_t i = groups.size(); i-- > 1;)
    path += fmt::format("x{:03}/", groups[i]);
  path += fmt::format("{:03}", groups[0]);
  if (t.width != kTileWidth)
    path += fmt::format(".p/{}", t.width);
  return path;
}

core::Result<TileId> parse_tile_path(std::string_view path) {
  std::string_view rest = path;
  if (!rest.starts_with("tile/"))
    return path_error(path, "does not start with tile/");
  rest.remove_prefix(5);

  TileId t;
  if (rest.starts_with("entries/")) {
    t.entries = true;
    rest.remove_prefix(8);
  } else {
    auto level = take_decimal(rest, 2);
    if (!level || *level > kMaxTileLevel)
      return path_error(path, "the level is not a number of 0..63 without leading zeros");
    if (!rest.starts_with('/'))
      return path_error(path, "no / after the level");
    rest.remove_prefix(1);
    t.level = static_cast<int>(*level);
  }

  // <N>: xDDD/ elements, then a last DDD.
  std::uint64_t index = 0;
  for (int element = 0;; ++element) {
    const bool more = rest.starts_with('x');
    if (more)
      rest.remove_prefix(1);
    auto digits = take_three_digits(rest);
    if (!digits)
      return path_error(path, fmt::format("index element {} is not three digits", element + 1));
    if (more && element == 0 && *digits == 0)
      return path_error(path, "the index has a leading x000 element");
    if (index > (kMaxIndex - *digits) / 1000)
      return path_error(path, "the index does not fit in 64 bits");
    index = index * 1000 + *digits;
    if (!more)
      break;
    if (!rest.starts_with('/'))
      return path_error(path, fmt::format("no / after index element {}", element + 1));
    rest.remove_prefix(1);
  }
  t.index = index;

  if (rest.empty())
    return t;
  if (!rest.starts_with(".p/"))
    return path_error(path, "unexpected text after the index");
  rest.remove_prefix(3);
  auto width = take_decimal(rest, 3);
  if (!width || *width == 0 || *width >= kTileWidth)
    return path_error(path, "the partial width is not a number of 1..255 without leading zeros");
  if (!rest.empty())
    return path_error(path, "unexpected text after the width");
  t.width = *width;
  return t;
}

std::uint64_t nodes_at_level(int node_level, std::uint64_t tree_size) {
  if (node_level < 0 || node_level >= 64)
    return 0;
  return tree_size >> node_level;
}

std::optional<TileId> tile_for(int level, std::uint64_t index, std::uint64_t tree_size) {
  if (level < 0 || level > kMaxTileLevel)
    return std::nullopt;
  const std::uint64_t count = nodes_at_level(kTileHeight * level, tree_size);
  if (index >= count)
    return std::nullopt;
  const std::uint64_t tile = index / kTileWidth;
  return TileId{level, tile, std::min(kTileWidth, count - tile * kTileWidth), false};
}

std::optional<TileId> entry_bundle_for(std::uint64_t index, std::uint64_t tree_size) {
  auto tile = tile_for(0, index, tree_size);
  if (tile)
    tile->entries = true;
  return tile;
}

core::Result<std::string> read_tile(const TileId& t, const HashReader& stored) {
  const std::string where = tile_path(t);
  if (t.entries)
    return core::Error{where, "an entry bundle holds leaf data, not hashes"};
  if (t.width == 0 || t.width > kTileWidth)
    return core::Error{where, fmt::format("width {} is not in 1..256", t.width)};
  if (t.level < 0 || kTileHeight * t.level >= 64 || t.index > (kMaxIndex >> kTileHeight))
    return core::Error{where, "beyond any tree of 64-bit size"};
  const int node_level = kTileHeight * t.level;
  std::vector<NodeId> nodes;
  nodes.reserve(t.width);
  for (std::uint64_t i = 0; i < t.width; ++i)
    nodes.push_back(NodeId{node_level, t.index * kTileWidth + i});
  auto hashes = stored.read_hashes(nodes);
  if (!hashes)
    return core::Error{where, hashes.error().message()};
  if (hashes->size() != nodes.size())
    return core::Error{where, fmt::format("the hash store answered {} hashes for {} nodes",
                                          hashes->size(), nodes.size())};
  std::string bytes;
  bytes.reserve(t.width * sizeof(Hash));
  for (const Hash& h : *hashes)
    bytes.append(reinterpret_cast<const char*>(h.data()), h.size());
  return bytes;
}

TileHashReader::TileHashReader(std::uint64_t tree_size, Fetch fetch)
    : tree_size_(tree_size), fetch_(std::move(fetch)) {}

core::Result<const std::string*> TileHashReader::tile(const TileId& t) const {
  const auto key = std::make_pair(t.level, t.index);
  if (auto cached = tiles_.find(key); cached != tiles_.end())
    return &cached->second;
  auto fetched = fetch_(t);
  if (!fetched)
    return core::Error{tile_path(t), fetched.error().message()};
  const std::uint64_t expected = t.width * sizeof(Hash);
  if (fetched->size() != expected)
    return core::Error{tile_path(t), fmt::format("{} bytes, expected {} ({} hashes)",
                                                 fetched->size(), expected, t.width)};
  return &tiles_.emplace(key, std::move(fetched).value()).first->second;
}

core::Result<std::vector<Hash>> TileHashReader::read_hashes(std::span<const NodeId> nodes) const {
  std::vector<Hash> hashes;
  hashes.reserve(nodes.size());
  for (const NodeId& node : nodes) {
    if (node.index >= nodes_at_level(node.level, tree_size_))
      return core::Error{fmt::format("tiles of the tree of {} leaves", tree_size_),
                         to_string(node) + " is not a complete subtree of it"};
    // The node is the root of 2^up hashes of the tile level below it, which lie in one tile
    // (2^up divides 256 and the node is complete, so they are all in the tree).
    const int tile_level = node.level / kTileHeight;
    const int up = node.level % kTileHeight;
    const std::uint64_t first = node.index << up;
    auto t = tile_for(tile_level, first, tree_size_);
    if (!t)  // unreachable for a complete node; kept so that no arithmetic below is trusted blindly
      return core::Error{to_string(node), "no tile holds it"};
    auto bytes = tile(*t);
    if (!bytes)
      return bytes.error();
    const std::uint64_t offset = first - t->index * kTileWidth;
    const std::uint64_t count = std::uint64_t{1} << up;
    if (offset + count > t->width)
      return core::Error{to_string(node), fmt::format("not inside {}", tile_path(*t))};
    std::array<Hash, kTileWidth / 2> row;
    for (std::uint64_t i = 0; i < count; ++i)
      std::copy_n((*bytes)->data() + (offset + i) * sizeof(Hash), sizeof(Hash), row[i].begin());
    for (std::uint64_t width = count; width > 1; width /= 2)
      for (std::uint64_t i = 0; i < width / 2; ++i)
        row[i] = node_hash(row[2 * i], row[2 * i + 1]);
    hashes.push_back(row[0]);
  }
  return hashes;
}

core::Result<std::string> encode_entry_bundle(std::span<const std::string> entries) {
  std::size_t total = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].size() > kMaxBundleEntryBytes)
      return core::Error{"entry bundle", fmt::format("entry {} is {} bytes, longer than 65535", i,
                                                     entries[i].size())};
    total += 2 + entries[i].size();
  }
  std::string bundle;
  bundle.reserve(total);
  for (const std::string& entry : entries) {
    bundle.push_back(static_cast<char>(entry.size() >> 8));
    bundle.push_back(static_cast<char>(entry.size() & 0xff));
    bundle += entry;
  }
  return bundle;
}

core::Result<std::vector<std::string>> decode_entry_bundle(std::string_view bundle) {
  std::vector<std::string> entries;
  std::size_t offset = 0;
  while (offset < bundle.size()) {
    if (bundle.size() - offset < 2)
      return core::Error{"entry bundle", fmt::format("truncated at offset {}: entry {} has 1 of "
                                                     "the 2 bytes of its length",
                                                     offset, entries.size())};
    const std::size_t length = static_cast<std::size_t>(static_cast<unsigned char>(bundle[offset]))
                                   << 8 |
                               static_cast<unsigned char>(bundle[offset + 1]);
    offset += 2;
    if (bundle.size() - offset < length)
      return core::Error{"entry bundle",
                         fmt::format("truncated at offset {}: entry {} has {} of its {} bytes",
                                     offset, entries.size(), bundle.size() - offset, length)};
    entries.emplace_back(bundle.substr(offset, length));
    offset += length;
  }
  return entries;
}

}  // namespace ashyq::tlog
