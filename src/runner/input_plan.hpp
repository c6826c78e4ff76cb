// The inputs a new run measures, in order: the URLs given one by one (--input), then a test
// list's (--list, filtered by --category), or the one null input of an experiment that takes
// none (telegram, tor, …). A list line that cannot be measured is skipped and reported; the
// rest of the list is kept.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/results_store.hpp"

namespace ashyq::runner {

struct InputRequest {
  std::vector<std::string> urls;          // --input
  std::string list;                       // --list: "kz", "global" or a CSV path; "" = none
  std::vector<std::string> categories;    // --category: keep only these codes
  std::string test = "web_connectivity";  // the experiment, for messages
  bool takes_input = true;                // false: one measurement, input null
};

struct InputPlan {
  std::vector<store::PlannedInput> inputs;
  std::string source;                // how the run names its inputs: "--list kz", "--input"…
  std::vector<core::Error> skipped;  // each list line not planned: where "FILE:LINE", and why
};

// An error names the flag: no input at all, inputs for an experiment that takes none, or a list
// that cannot be read.
core::Result<InputPlan> plan_inputs(const InputRequest& request);

// A volunteer's default: the Citizen Lab list of `probe_cc` when one is shipped, then the
// global list, each URL once (the country's line wins), as OONI's probe orders them. The plan's
// source is "--list kz+global" (or "--list global" for a country without a list).
core::Result<InputPlan> plan_default_lists(const std::string& probe_cc,
                                           const std::vector<std::string>& categories,
                                           const std::string& test);

}  // namespace ashyq::runner
