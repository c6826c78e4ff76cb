// Citizen Lab test lists (CSV: url,category_code,category_description,date_added,source,notes).
// A malformed row is reported with its line number and skipped; the rest is kept.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ashyq::experiments {

struct TestListEntry {
  std::string url;
  std::string category_code;
  std::size_t line = 0;  // in the file, for messages
};

struct TestListProblem {
  std::size_t line;
  std::string why;
};

struct TestList {
  std::vector<TestListEntry> entries;
  std::vector<TestListProblem> problems;
};

// `origin` names the file in nothing but the caller's messages; `categories` (codes, e.g.
// "NEWS", "HUMR") keeps only those when not empty.
TestList parse_test_list(std::string_view csv, const std::vector<std::string>& categories = {});

// The file a list is named by (--list): a shipped name ("kz", "global":
// data/test-lists/NAME.csv, see core/data_dir.hpp) or a path (anything with a '/' or ending in
// .csv).
std::string test_list_path(const std::string& name_or_path);

}  // namespace ashyq::experiments
