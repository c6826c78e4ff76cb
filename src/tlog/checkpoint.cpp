#include "tlog/checkpoint.hpp"

#include "tlog/note_key.hpp"
#include "tlog/signed_note.hpp"

namespace ashyq::tlog {

namespace {

std::string line_where(std::size_t line) {
  return "checkpoint line " + std::to_string(line);
}

// Decimal digits without a leading zero (unless "0"), and the value fits 64 bits.
core::Result<std::uint64_t> parse_size(std::string_view s) {
  if (s.empty())
    return core::Error{line_where(2), "empty tree size"};
  for (char c : s)
    if (c < '0' || c > '9')
      return core::Error{line_where(2), "the tree size is not a decimal number"};
  if (s.size() > 1 && s[0] == '0')
    return core::Error{line_where(2), "the tree size has a leading zero"};
  std::uint64_t v = 0;
  for (char c : s) {
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10)
      return core::Error{line_where(2), "the tree size does not fit in 64 bits"};
    v = v * 10 + d;
  }
  return v;
}

}  // namespace

core::Result<void> check_checkpoint(const Checkpoint& c) {
  if (c.origin.empty())
    return core::Error{line_where(1), "empty origin"};
  if (c.origin.find('\n') != std::string::npos)
    return core::Error{line_where(1), "the origin holds a newline"};
  for (std::size_t i = 0; i < c.extensions.size(); ++i) {
    if (c.extensions[i].empty())
      return core::Error{line_where(4 + i), "empty extension line"};
    if (c.extensions[i].find('\n') != std::string::npos)
      return core::Error{line_where(4 + i), "the extension line holds a newline"};
  }
  return check_note_text(format_checkpoint(c), "checkpoint");
}

std::string format_checkpoint(const Checkpoint& c) {
  std::string out = c.origin + "\n" + std::to_string(c.size) + "\n" + hash_base64(c.root) + "\n";
  for (const auto& e : c.extensions)
    out += e + "\n";
  return out;
}

core::Result<Checkpoint> parse_checkpoint(std::string_view text) {
  if (auto ok = check_note_text(text, "checkpoint"); !ok)
    return ok.error();
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start < text.size();) {
    const auto end = text.find('\n', start);  // found: the text ends in one
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (lines[i].empty())
      return core::Error{line_where(i + 1), i == 0 ? "empty origin" : "empty line"};
  if (lines.size() < 3)
    return core::Error{"checkpoint", std::to_string(lines.size()) +
                                         " lines; an origin, a tree size and a root hash take 3"};
  Checkpoint c;
  c.origin = std::string(lines[0]);
  auto size = parse_size(lines[1]);
  if (!size)
    return size.error();
  c.size = *size;
  auto root = decode_canonical_base64(lines[2]);
  if (!root)
    return core::Error{line_where(3), "the root hash is not canonical base64"};
  auto hash = hash_from_bytes(*root);
  if (!hash)
    return core::Error{line_where(3),
                       "the root hash is " + std::to_string(root->size()) + " bytes, not 32"};
  c.root = *hash;
  for (std::size_t i = 3; i < lines.size(); ++i)
    c.extensions.emplace_back(lines[i]);
  return c;
}

}  // namespace ashyq::tlog
