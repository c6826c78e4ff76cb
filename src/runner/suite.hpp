// A suite: several experiments run one after the other by `ashyq run --suite NAME`, each as its
// own stored run. Suites are data (data/suites/NAME.toml), so a country's suite can be updated
// without a rebuild:
//
//   name = "kz"
//   description = "..."
//   [[step]]
//   test = "web_connectivity"     # an experiment of `ashyq run -t`
//   list = "kz"                   # OPTIONAL: a test list (kz, global or a path)
//   inputs = ["https://..."]      # OPTIONAL: inputs (URLs or domains)
//   options = ["control=https://..."]   # OPTIONAL: the step's -O KEY=VALUE options
//
// A step of an experiment that takes input needs a list or inputs; one that takes none must
// have neither.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ashyq::runner {

struct SuiteStep {
  std::string test;
  std::string list;
  std::vector<std::string> inputs;
  std::vector<std::string> options;  // KEY=VALUE
  int line = 0;                      // where the step starts in the file
};

struct Suite {
  std::string name;
  std::string description;
  std::vector<SuiteStep> steps;
};

// The suite, or an error at "FILE:LINE" saying what is wrong (an unknown experiment or key, a
// malformed option, a step without input for an experiment that needs one, ...).
core::Result<Suite> parse_suite(std::string_view toml_text, const std::string& file_name);

// The suite's steps, each with the command line's -O KEY=VALUE options its experiment knows
// added to its own (e.g. a lab's endpoints); an option no step's experiment takes is an error.
core::Result<std::vector<SuiteStep>> with_command_line_options(
    const Suite& suite, const std::vector<std::string>& options);

// A suite's runs are stored with sources ending in one tag, "[suite kz 2026-11-28 16:40:03]",
// so that `ashyq report` can show them together.
inline constexpr std::string_view kSuiteTagPrefix = "[suite ";
// "[suite NAME YYYY-MM-DD hh:mm:ss]" (UTC): the tag of the suite's runs started at `when`.
std::string suite_tag(const std::string& suite_name, std::chrono::system_clock::time_point when);
// The tag a stored run's source ends with, or "" for a run outside a suite.
std::string suite_tag_of(std::string_view source);

// "kz" → DATA_DIR/suites/kz.toml; anything with a '/' or ending in .toml is a path.
std::string suite_path(const std::string& name_or_path, const std::string& data_dir);

}  // namespace ashyq::runner
