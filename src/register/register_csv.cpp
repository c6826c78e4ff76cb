#include "register/register_csv.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <map>
#include <set>

#include "core/csv_reader.hpp"
#include "core/csv_writer.hpp"
#include "core/utf8.hpp"

namespace ashyq::legal {
namespace json = boost::json;
namespace {

constexpr std::string_view kEntryColumn = "entry";
constexpr std::size_t kMaxIndex = 9999;

struct KindArray {
  std::string_view entry;  // the `entry` cell
  std::string_view array;  // the register JSON's list
};
constexpr KindArray kKinds[] = {{"authority", "authorities"},
                                {"order", "orders"},
                                {"outlet", "outlets"},
                                {"person", "people"},
                                {"case", "cases"}};

bool is_index(std::string_view s) {
  return !s.empty() && s.size() <= 4 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::size_t index_of(std::string_view s) {
  std::size_t n = 0;
  std::from_chars(s.data(), s.data() + s.size(), n);
  return n;
}

// A field's name: a-z first, then a-z, 0-9 and _ ("archive_sha256").
bool is_name(std::string_view s) {
  return !s.empty() && s.front() >= 'a' && s.front() <= 'z' &&
         std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
         });
}

std::vector<std::string> split_path(std::string_view column) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    auto dot = column.find('.', start);
    out.emplace_back(column.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos)
      return out;
    start = dot + 1;
  }
}

// "targets.0.kind" under "orders[2]" → "orders[2].targets[0].kind" (the reader's way of naming).
std::string reader_path(const std::string& entry_path, const std::vector<std::string>& segments,
                        std::size_t count) {
  std::string out = entry_path;
  for (std::size_t i = 0; i < count; ++i)
    out += is_index(segments[i]) ? "[" + segments[i] + "]" : "." + segments[i];
  return out;
}

struct Column {
  std::size_t index;  // in the header
  std::string name;
  std::vector<std::string> segments;
};

// Paths segment by segment: list items by number, where the paths first differ in a field name
// by `name_before`, a prefix before what it prefixes.
template <class NameBefore>
bool path_before(const std::vector<std::string>& a, const std::vector<std::string>& b,
                 NameBefore name_before) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] == b[i])
      continue;
    if (is_index(a[i]) && is_index(b[i]))
      return index_of(a[i]) < index_of(b[i]);
    return name_before(a[i], b[i]);
  }
  return a.size() < b.size();
}

// Columns in the order their values are set: a list's items by number, so items are appended in
// order whatever the order of the columns.
bool set_before(const Column& a, const Column& b) {
  return path_before(a.segments, b.segments,
                     [&](const std::string&, const std::string&) { return a.index < b.index; });
}

bool is_flag(const std::vector<std::string>& segments) {
  return segments.size() == 1 && (segments[0] == "national" || segments[0] == "pseudonym");
}

// Sets `value` at `segments` in `entry`; an Error's why says what is wrong with the column.
core::Result<void> set_at(json::object& entry, const std::vector<std::string>& segments,
                          json::value value) {
  json::value* at = nullptr;
  json::object* object = &entry;
  json::array* array = nullptr;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const bool last = i + 1 == segments.size();
    const bool next_is_index = !last && is_index(segments[i + 1]);
    json::value fresh =
        last ? std::move(value) : (next_is_index ? json::value(json::array()) : json::object());
    if (is_index(segments[i])) {
      const std::size_t n = index_of(segments[i]);
      if (!array)
        return core::Error{"", "a number where a field name is expected"};
      if (n > array->size())
        return core::Error{"", "item " + segments[i] + " comes before item " +
                                   std::to_string(array->size()) + " has a value"};
      if (n == array->size())
        array->push_back(std::move(fresh));
      else if (last)
        return core::Error{"", "set twice"};
      at = &(*array)[n];
    } else {
      if (!object)
        return core::Error{"", "a field name where an item number is expected"};
      auto it = object->find(segments[i]);
      if (it == object->end())
        it = object->emplace(segments[i], std::move(fresh)).first;
      else if (last)
        return core::Error{"", "set twice"};
      at = &it->value();
    }
    object = at->if_object();
    array = at->if_array();
    if (!last && !(next_is_index ? array != nullptr : object != nullptr))
      return core::Error{"", "is both a value and a list or table of values"};
  }
  return {};
}

// An exported cell: the formula guard, and valid UTF-8.
std::string cell(std::string_view value) {
  std::string v = core::to_valid_utf8(value);
  if (!v.empty() && std::string_view("=+-@'\t\r").find(v.front()) != std::string_view::npos)
    v.insert(v.begin(), '\'');
  return core::csv_quote(v);
}

void flatten(const json::value& v, const std::string& path,
             std::vector<std::pair<std::string, std::string>>& out) {
  if (const auto* o = v.if_object()) {
    for (const auto& [key, child] : *o)
      flatten(child, path.empty() ? std::string(key) : path + "." + std::string(key), out);
  } else if (const auto* a = v.if_array()) {
    for (std::size_t i = 0; i < a->size(); ++i)
      flatten((*a)[i], path + "." + std::to_string(i), out);
  } else if (const auto* s = v.if_string()) {
    out.emplace_back(path, std::string(*s));
  } else if (v.is_bool()) {
    out.emplace_back(path, v.as_bool() ? "true" : "false");
  } else if (!v.is_null()) {
    out.emplace_back(path, json::serialize(v));
  }
}

}  // namespace

core::Result<json::value> register_json_from_csv(std::string_view text, const std::string& name,
                                                 core::JsonLines& lines) {
  if (text.starts_with("\xEF\xBB\xBF"))
    text.remove_prefix(3);
  auto rows = core::parse_csv_rows(text);
  if (!rows)
    return core::Error{name + ": " + rows.error().where, "not valid CSV: " + rows.error().why};
  if (rows->empty())
    return core::Error{name, "has no header row (the first column is `entry`)"};
  const core::CsvRow& header = rows->front();
  const std::string at_header = name + ":" + std::to_string(header.line);
  if (header.fields.empty() || header.fields[0] != kEntryColumn)
    return core::Error{at_header,
                       "the first column must be `entry` (authority, order, outlet, "
                       "person or case)"};
  std::vector<Column> columns;
  std::set<std::string> seen;
  for (std::size_t i = 1; i < header.fields.size(); ++i) {
    const std::string& column = header.fields[i];
    if (!seen.insert(column).second)
      return core::Error{at_header, "column `" + column + "` appears twice"};
    Column c{i, column, split_path(column)};
    if (!is_name(c.segments[0]) ||
        std::any_of(c.segments.begin(), c.segments.end(),
                    [](const std::string& s) { return !is_name(s) && !is_index(s); }))
      return core::Error{at_header, "column `" + column +
                                        "` is not a field path (names of a-z, 0-9 and _, list "
                                        "items numbered: targets.0.value)"};
    columns.push_back(std::move(c));
  }
  std::stable_sort(columns.begin(), columns.end(), set_before);

  json::object reg;
  for (const auto& k : kKinds)
    reg[k.array] = json::array();
  for (std::size_t r = 1; r < rows->size(); ++r) {
    const core::CsvRow& row = (*rows)[r];
    const std::string at = name + ":" + std::to_string(row.line);
    if (row.fields.size() != header.fields.size())
      return core::Error{at, "has " + std::to_string(row.fields.size()) +
                                 " fields; the header has " + std::to_string(header.fields.size())};
    const KindArray* kind = nullptr;
    for (const auto& k : kKinds)
      if (row.fields[0] == k.entry)
        kind = &k;
    if (!kind)
      return core::Error{at, "entry: '" + row.fields[0] +
                                 "' is not one of: authority, order, outlet, person, case"};
    json::array& list = reg[kind->array].as_array();
    const std::string entry_path =
        std::string(kind->array) + "[" + std::to_string(list.size()) + "]";
    lines.set(entry_path, static_cast<int>(row.line));
    json::object entry;
    for (const Column& c : columns) {
      std::string_view value = row.fields[c.index];
      if (value.empty())
        continue;
      if (value.front() == '\'')
        value.remove_prefix(1);
      json::value v = json::string(value);
      if (is_flag(c.segments) && (value == "true" || value == "false"))
        v = value == "true";
      if (auto set = set_at(entry, c.segments, std::move(v)); !set)
        return core::Error{at, "column `" + c.name + "`: " + set.error().why};
      for (std::size_t n = 1; n <= c.segments.size(); ++n)
        lines.set(reader_path(entry_path, c.segments, n), static_cast<int>(row.line));
    }
    list.push_back(std::move(entry));
  }
  return json::value(std::move(reg));
}

std::string register_to_csv(const Register& reg, Audience audience) {
  const json::value all = register_to_json(reg, audience);
  std::vector<std::pair<std::string_view, std::vector<std::pair<std::string, std::string>>>> rows;
  std::map<std::string, std::size_t> rank;  // a segment's first appearance
  std::set<std::string> paths;
  for (const auto& k : kKinds)
    for (const auto& entry : all.at(k.array).as_array()) {
      std::vector<std::pair<std::string, std::string>> cells;
      flatten(entry, "", cells);
      for (const auto& [path, value] : cells) {
        paths.insert(path);
        for (const auto& segment : split_path(path))
          rank.emplace(segment, rank.size());
      }
      rows.emplace_back(k.entry, std::move(cells));
    }
  std::vector<Column> columns;
  for (const auto& path : paths)
    columns.push_back({0, path, split_path(path)});
  // Fields in the order they first appear, list items by number.
  std::sort(columns.begin(), columns.end(), [&](const Column& a, const Column& b) {
    return path_before(a.segments, b.segments, [&](const std::string& x, const std::string& y) {
      return rank.at(x) < rank.at(y);
    });
  });
  std::map<std::string, std::size_t> position;
  std::string out(kEntryColumn);
  for (std::size_t i = 0; i < columns.size(); ++i) {
    position[columns[i].name] = i;
    out += "," + cell(columns[i].name);
  }
  out += "\r\n";
  for (const auto& [entry, cells] : rows) {
    std::vector<std::string> line(columns.size());
    for (const auto& [path, value] : cells)
      line[position.at(path)] = cell(value);
    out += std::string(entry);
    for (const auto& c : line)
      out += "," + c;
    out += "\r\n";
  }
  return out;
}

}  // namespace ashyq::legal
