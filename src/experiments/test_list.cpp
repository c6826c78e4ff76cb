#include "experiments/test_list.hpp"

#include <algorithm>

#include "core/csv_reader.hpp"
#include "core/data_dir.hpp"
#include "net/url.hpp"

namespace ashyq::experiments {

TestList parse_test_list(std::string_view csv, const std::vector<std::string>& categories) {
  TestList out;
  auto rows = core::parse_csv_rows(csv);
  if (!rows) {
    out.problems.push_back({0, rows.error().message()});
    return out;
  }
  const auto& table = rows.value();
  if (table.empty())
    return out;
  // The header names the columns; url and category_code are the ones we need.
  const auto& header = table.front().fields;
  auto column = [&](std::string_view name) -> std::ptrdiff_t {
    auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : it - header.begin();
  };
  auto url_col = column("url");
  auto cat_col = column("category_code");
  if (url_col < 0) {
    out.problems.push_back({table.front().line, "no 'url' column in the header"});
    return out;
  }
  for (std::size_t i = 1; i < table.size(); ++i) {
    const auto& row = table[i].fields;
    const std::size_t line = table[i].line;  // blank lines and multi-line fields counted
    if (row.size() <= static_cast<std::size_t>(url_col)) {
      out.problems.push_back({line, "missing url column"});
      continue;
    }
    TestListEntry e;
    e.url = row[url_col];
    e.category_code =
        cat_col >= 0 && row.size() > static_cast<std::size_t>(cat_col) ? row[cat_col] : "";
    e.line = line;
    auto parsed = net::parse_url(e.url);
    if (!parsed.ok()) {
      out.problems.push_back({line, "'" + e.url + "': " + parsed.error().why});
      continue;
    }
    if (!categories.empty() &&
        std::find(categories.begin(), categories.end(), e.category_code) == categories.end()) {
      continue;
    }
    out.entries.push_back(std::move(e));
  }
  return out;
}

std::string test_list_path(const std::string& name_or_path) {
  if (name_or_path.find('/') != std::string::npos || name_or_path.ends_with(".csv"))
    return name_or_path;
  return core::data_path("test-lists/" + name_or_path + ".csv");
}

}  // namespace ashyq::experiments
