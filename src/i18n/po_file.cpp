// The .po reader, line by line.
#include "i18n/po_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

namespace ashyq::i18n {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

core::Error error_at(std::string_view name, int line, std::string why) {
  return core::Error{fmt::format("{}:{}", name, line), std::move(why)};
}

// `"text"` with C escapes → text; the whole of `s` must be one quoted string.
core::Result<std::string> unquote(std::string_view s, std::string_view name, int line) {
  s = trim(s);
  if (s.size() < 2 || s.front() != '"' || s.back() != '"')
    return error_at(name, line, "expected a string in double quotes");
  s = s.substr(1, s.size() - 2);
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '"')
      return error_at(name, line, "an unescaped \" inside a string");
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i == s.size())
      return error_at(name, line, "a string ends with a lone backslash");
    switch (s[i]) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      default:
        return error_at(name, line, fmt::format("unsupported escape \\{}", s[i]));
    }
  }
  return out;
}

// Which string of the entry continuation lines append to.
enum class Field { none, msgid, msgid_plural, msgstr };

struct Pending {
  PoEntry entry;
  bool has_msgid = false;
  bool has_msgstr = false;
  int msgstr_line = 0;
};

// "Plural-Forms: nplurals=3; plural=…;" → 3; 0 when the header has none.
core::Result<int> header_nplurals(std::string_view header, std::string_view name, int line) {
  const auto at = header.find("Plural-Forms:");
  if (at == std::string_view::npos)
    return 0;
  std::string_view rest = header.substr(at);
  rest = rest.substr(0, rest.find('\n'));
  const auto np = rest.find("nplurals=");
  if (np == std::string_view::npos)
    return error_at(name, line, "Plural-Forms without nplurals=");
  int n = 0;
  std::size_t i = np + 9;
  bool digits = false;
  while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9' && n < 100) {
    n = n * 10 + (rest[i++] - '0');
    digits = true;
  }
  if (!digits)
    return error_at(name, line, "Plural-Forms: nplurals is not a number");
  return n;
}

}  // namespace

core::Result<PoFile> parse_po(std::string_view text, std::string_view name, Language language) {
  PoFile file;
  Pending cur;
  bool next_fuzzy = false;
  bool seen_header = false;
  Field field = Field::none;
  std::size_t msgstr_index = 0;
  int line_no = 0;
  std::map<std::string, int, std::less<>> seen;  // msgid → its line

  const auto finish = [&]() -> core::Result<void> {
    if (!cur.has_msgid) {
      if (cur.has_msgstr)
        return error_at(name, cur.msgstr_line, "msgstr without a msgid");
      return {};
    }
    if (!cur.has_msgstr)
      return error_at(name, cur.entry.line, "msgid without a msgstr");
    PoEntry& e = cur.entry;
    if (e.msgid.empty()) {
      if (seen_header || !file.entries.empty())
        return error_at(name, e.line, "an empty msgid that is not the header (the first entry)");
      seen_header = true;
      auto np = header_nplurals(e.msgstr.empty() ? "" : e.msgstr[0], name, e.line);
      if (!np)
        return np.error();
      file.nplurals = *np;
      if (file.nplurals != 0 && file.nplurals != plural_count(language)) {
        return error_at(name, e.line,
                        fmt::format("Plural-Forms says nplurals={}, but {} has {} plural forms",
                                    file.nplurals, code_of(language), plural_count(language)));
      }
    } else {
      if (!e.msgid_plural.empty()) {
        if (e.msgstr.size() != static_cast<std::size_t>(plural_count(language))) {
          return error_at(name, e.line,
                          fmt::format("msgid \"{}\" has {} plural forms, {} needs {}", e.msgid,
                                      e.msgstr.size(), code_of(language), plural_count(language)));
        }
      } else if (e.msgstr.size() != 1) {
        return error_at(name, e.line,
                        fmt::format("msgid \"{}\" has msgstr[n] but no msgid_plural", e.msgid));
      }
      if (const auto [it, fresh] = seen.emplace(e.msgid, e.line); !fresh) {
        return error_at(
            name, e.line,
            fmt::format("msgid \"{}\" repeats the entry of line {}", e.msgid, it->second));
      }
      file.entries.push_back(std::move(e));
    }
    cur = Pending{};
    field = Field::none;
    return {};
  };

  std::size_t pos = 0;
  while (pos <= text.size()) {
    const auto nl = text.find('\n', pos);
    std::string_view raw =
        text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    const std::string_view line = trim(raw);
    if (line.empty()) {
      field = Field::none;
      continue;
    }
    if (line[0] == '#') {
      if (line.starts_with("#~"))
        continue;  // obsolete
      if (cur.has_msgid) {
        if (auto r = finish(); !r)
          return r.error();
      }
      if (line.starts_with("#,") && line.find("fuzzy") != std::string_view::npos)
        next_fuzzy = true;
      continue;
    }
    if (line[0] == '"') {
      auto s = unquote(line, name, line_no);
      if (!s)
        return s.error();
      switch (field) {
        case Field::msgid:
          cur.entry.msgid += *s;
          break;
        case Field::msgid_plural:
          cur.entry.msgid_plural += *s;
          break;
        case Field::msgstr:
          cur.entry.msgstr[msgstr_index] += *s;
          break;
        case Field::none:
          return error_at(name, line_no, "a string continues no msgid or msgstr");
      }
      continue;
    }
    const auto space = line.find_first_of(" \t");
    const std::string_view keyword = line.substr(0, space);
    const std::string_view rest = space == std::string_view::npos ? "" : line.substr(space);
    if (keyword == "msgctxt")
      return error_at(name, line_no, "msgctxt is not supported: ashyq's messages have no context");
    if (keyword == "msgid") {
      if (cur.has_msgid) {
        if (auto r = finish(); !r)
          return r.error();
      }
      auto s = unquote(rest, name, line_no);
      if (!s)
        return s.error();
      cur.has_msgid = true;
      cur.entry.msgid = std::move(*s);
      cur.entry.line = line_no;
      cur.entry.fuzzy = next_fuzzy;
      next_fuzzy = false;
      field = Field::msgid;
    } else if (keyword == "msgid_plural") {
      if (!cur.has_msgid || cur.has_msgstr || !cur.entry.msgid_plural.empty())
        return error_at(name, line_no, "msgid_plural out of place");
      auto s = unquote(rest, name, line_no);
      if (!s)
        return s.error();
      if (s->empty())
        return error_at(name, line_no, "an empty msgid_plural");
      cur.entry.msgid_plural = std::move(*s);
      field = Field::msgid_plural;
    } else if (keyword.starts_with("msgstr")) {
      // A second plain msgstr belongs to no msgid (the previous entry already has one).
      if (!cur.has_msgid || (keyword == "msgstr" && cur.has_msgstr))
        return error_at(name, line_no, "msgstr without a msgid");
      std::size_t index = 0;
      if (keyword != "msgstr") {
        const std::string_view tail = keyword.substr(6);
        if (tail.size() < 3 || tail.front() != '[' || tail.back() != ']' || tail.size() > 4 ||
            tail[1] < '0' || tail[1] > '9')
          return error_at(name, line_no, fmt::format("unknown keyword {}", keyword));
        index = static_cast<std::size_t>(tail[1] - '0');
        if (cur.entry.msgid_plural.empty())
          return error_at(name, line_no, "msgstr[n] without a msgid_plural");
      } else if (!cur.entry.msgid_plural.empty()) {
        return error_at(name, line_no, "a plural entry needs msgstr[0], msgstr[1], …");
      }
      if (index != cur.entry.msgstr.size())
        return error_at(name, line_no, fmt::format("msgstr[{}] out of order", index));
      auto s = unquote(rest, name, line_no);
      if (!s)
        return s.error();
      cur.entry.msgstr.push_back(std::move(*s));
      if (!cur.has_msgstr)
        cur.msgstr_line = line_no;
      cur.has_msgstr = true;
      msgstr_index = index;
      field = Field::msgstr;
    } else {
      return error_at(name, line_no, fmt::format("unknown keyword {}", keyword));
    }
  }
  if (auto r = finish(); !r)
    return r.error();
  return file;
}

namespace {

std::vector<std::string> placeholders(std::string_view s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '{')
      continue;
    std::size_t j = i + 1;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9')
      ++j;
    if (j > i + 1 && j < s.size() && s[j] == '}')
      out.emplace_back(s.substr(i, j - i + 1));
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// "<strong>", "</strong>", "<br>", "<code class=…>" → "strong", "/strong", "br", "code".
std::vector<std::string> tags(std::string_view s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '<')
      continue;
    std::size_t j = i + 1;
    std::string tag;
    if (j < s.size() && s[j] == '/') {
      tag += '/';
      ++j;
    }
    const std::size_t start = j;
    while (j < s.size() && is_alnum(s[j]))
      tag += static_cast<char>(s[j] >= 'A' && s[j] <= 'Z' ? s[j] - 'A' + 'a' : s[j]), ++j;
    if (j > start)
      out.push_back(tag);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string joined(const std::vector<std::string>& v) {
  if (v.empty())
    return "none";
  std::string out;
  for (const auto& s : v)
    out += (out.empty() ? "" : " ") + s;
  return out;
}

}  // namespace

core::Result<void> check_translation(std::string_view msgid, std::string_view msgstr) {
  const auto want_p = placeholders(msgid), got_p = placeholders(msgstr);
  if (want_p != got_p) {
    return core::Error{"", fmt::format("placeholders differ: the msgid has {}, the msgstr {}",
                                       joined(want_p), joined(got_p))};
  }
  const auto want_t = tags(msgid), got_t = tags(msgstr);
  if (want_t != got_t) {
    return core::Error{"", fmt::format("HTML tags differ: the msgid has {}, the msgstr {}",
                                       joined(want_t), joined(got_t))};
  }
  return {};
}

core::Result<Catalogue> catalogue_from_po(std::string_view text, std::string_view name,
                                          Language language) {
  auto file = parse_po(text, name, language);
  if (!file)
    return file.error();
  Catalogue::Messages messages;
  for (auto& e : file->entries) {
    if (e.fuzzy)
      continue;
    const bool translated = std::all_of(e.msgstr.begin(), e.msgstr.end(),
                                        [](const std::string& s) { return !s.empty(); });
    if (!translated)
      continue;
    const std::string_view reference = e.msgid_plural.empty() ? e.msgid : e.msgid_plural;
    for (const auto& form : e.msgstr) {
      if (auto r = check_translation(reference, form); !r) {
        return error_at(name, e.line, fmt::format("msgid \"{}\": {}", e.msgid, r.error().why));
      }
    }
    messages.emplace(std::move(e.msgid), Translation{std::move(e.msgstr)});
  }
  return Catalogue(language, std::move(messages));
}

core::Result<Catalogue> read_po_file(const std::string& path, Language language) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return core::Error{path, "cannot open the file"};
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size < 0)
    return core::Error{path, "cannot read the file"};
  if (static_cast<std::size_t>(size) > kMaxPoFileBytes)
    return core::Error{path, fmt::format("larger than {} bytes", kMaxPoFileBytes)};
  in.seekg(0);
  std::string text(static_cast<std::size_t>(size), '\0');
  if (!in.read(text.data(), size))
    return core::Error{path, "cannot read the file"};
  return catalogue_from_po(text, path, language);
}

}  // namespace ashyq::i18n
