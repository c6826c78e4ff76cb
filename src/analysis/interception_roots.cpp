#include "analysis/interception_roots.hpp"

#include <openssl/sha.h>

#include <algorithm>
#include <map>

#include "core/ascii.hpp"
#include "core/csv_reader.hpp"

namespace ashyq::analysis {

namespace {

// "C=KZ, O=ISCA, CN=X" → {"C=KZ", "O=ISCA", "CN=X"} with types and ASCII letters upper-cased.
// A separator escaped as "\," stays inside its value.
std::vector<std::string> attributes(std::string_view dn) {
  std::vector<std::string> out;
  std::string current;
  for (std::size_t i = 0; i < dn.size(); ++i) {
    if (dn[i] == '\\' && i + 1 < dn.size()) {
      current += dn[i];
      current += dn[++i];
    } else if (dn[i] == ',' || dn[i] == '+') {
      out.push_back(core::ascii_upper(core::ascii_trim(current)));
      current.clear();
    } else {
      current += dn[i];
    }
  }
  if (!core::ascii_trim(current).empty())
    out.push_back(core::ascii_upper(core::ascii_trim(current)));
  // "CN = X" and "CN=X" are the same attribute.
  for (auto& a : out) {
    auto eq = a.find('=');
    if (eq != std::string::npos)
      a = std::string(core::ascii_trim(std::string_view(a).substr(0, eq))) + "=" +
          std::string(core::ascii_trim(std::string_view(a).substr(eq + 1)));
  }
  return out;
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    auto semi = text.find(';');
    auto item = core::ascii_trim(text.substr(0, semi));
    if (!item.empty())
      out.emplace_back(item);
    if (semi == std::string_view::npos)
      break;
    text.remove_prefix(semi + 1);
  }
  return out;
}

bool is_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
  });
}

}  // namespace

std::string sha256_hex(std::string_view der) {
  if (der.empty())
    return {};
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(der.data()), der.size(), digest);
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char b : digest) {
    out += kHex[b >> 4];
    out += kHex[b & 0xf];
  }
  return out;
}

bool dn_matches(std::string_view dn, std::string_view pattern) {
  const auto have = attributes(dn);
  const auto want = attributes(pattern);
  if (want.empty())
    return false;
  return std::all_of(want.begin(), want.end(), [&](const std::string& a) {
    return std::find(have.begin(), have.end(), a) != have.end();
  });
}

core::Result<InterceptionRoots> InterceptionRoots::from_csv(std::string_view text) {
  auto records = core::parse_csv(text);
  if (!records)
    return records.error();
  if (records->empty())
    return core::Error{"line 1", "no header row"};
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < records->front().size(); ++i)
    column[std::string(core::ascii_trim(records->front()[i]))] = i;
  for (const char* required : {"name", "subject_patterns", "sha256"}) {
    if (!column.contains(required))
      return core::Error{"line 1", std::string("no column '") + required + "'"};
  }
  auto field = [&](const core::CsvRecord& r, const char* name) -> std::string {
    auto it = column.find(name);
    return it != column.end() && it->second < r.size() ? r[it->second] : std::string();
  };
  InterceptionRoots roots;
  for (std::size_t i = 1; i < records->size(); ++i) {
    const auto& r = (*records)[i];
    const std::string where = "row " + std::to_string(i + 1);
    InterceptionRoot row;
    row.name = core::ascii_trim(field(r, "name"));
    if (row.name.empty())
      return core::Error{where, "empty name"};
    row.subject_patterns = split_list(field(r, "subject_patterns"));
    for (auto& fp : split_list(field(r, "sha256"))) {
      std::string hex;
      for (char c : fp) {
        if (c != ':')
          hex += core::ascii_upper(c);
      }
      if (hex.size() != 64 || !is_hex(hex))
        return core::Error{where, "sha256 '" + fp + "' is not 64 hex digits"};
      row.sha256.push_back(std::move(hex));
    }
    if (row.subject_patterns.empty() && row.sha256.empty())
      return core::Error{where, "neither subject_patterns nor sha256"};
    row.source = field(r, "source");
    row.notes = field(r, "notes");
    roots.rows_.push_back(std::move(row));
  }
  return roots;
}

std::optional<InterceptionRootMatch> InterceptionRoots::match(
    const std::vector<std::string>& der_chain) const {
  const auto chain = summarize_chain(der_chain);
  std::vector<std::string> fingerprints;
  for (const auto& der : der_chain)
    fingerprints.push_back(sha256_hex(der));
  for (const auto& row : rows_) {
    for (std::size_t i = 0; i < fingerprints.size(); ++i) {
      if (std::find(row.sha256.begin(), row.sha256.end(), fingerprints[i]) != row.sha256.end()) {
        std::string dn = chain.size() == der_chain.size() ? chain[i].subject : std::string();
        return InterceptionRootMatch{row.name, dn,
                                     "SHA-256 of certificate " + std::to_string(i + 1)};
      }
    }
    for (const auto& pattern : row.subject_patterns) {
      // From the top of the chain down: the root's own name is the best evidence.
      for (std::size_t i = chain.size(); i-- > 0;) {
        if (i > 0 && dn_matches(chain[i].subject, pattern)) {
          return InterceptionRootMatch{row.name, chain[i].subject,
                                       "subject of certificate " + std::to_string(i + 1)};
        }
        if (dn_matches(chain[i].issuer, pattern)) {
          return InterceptionRootMatch{row.name, chain[i].issuer,
                                       "issuer of certificate " + std::to_string(i + 1)};
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace ashyq::analysis
