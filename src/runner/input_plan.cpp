#include "runner/input_plan.hpp"

#include <filesystem>
#include <set>

#include "analysis/read_file.hpp"
#include "core/ascii.hpp"
#include "core/data_dir.hpp"
#include "experiments/test_list.hpp"

namespace ashyq::runner {

core::Result<InputPlan> plan_inputs(const InputRequest& request) {
  InputPlan plan;
  for (const auto& url : request.urls)
    plan.inputs.push_back({url, ""});
  if (!request.urls.empty())
    plan.source = "--input";
  if (!request.list.empty()) {
    const auto path = experiments::test_list_path(request.list);
    auto text = analysis::read_file(path);
    if (!text)
      return core::Error{"--list " + text.error().where, text.error().why};
    auto list = experiments::parse_test_list(*text, request.categories);
    for (const auto& p : list.problems)
      plan.skipped.push_back({path + ":" + std::to_string(p.line), p.why});
    for (auto& e : list.entries)
      plan.inputs.push_back({std::move(e.url), std::move(e.category_code)});
    plan.source = "--list " + request.list;
  }
  if (!request.takes_input) {
    if (!plan.inputs.empty())
      return core::Error{"", request.test + " takes no input: drop --input and --list"};
    plan.inputs.push_back({"", ""});
    plan.source = "(no input)";
  }
  if (plan.inputs.empty())
    return core::Error{"", "nothing to measure: give --input URL or --list LIST"};
  return plan;
}

core::Result<InputPlan> plan_default_lists(const std::string& probe_cc,
                                           const std::vector<std::string>& categories,
                                           const std::string& test) {
  std::vector<std::string> lists;
  if (probe_cc.size() == 2 && probe_cc != "ZZ") {
    const std::string country = core::ascii_lower(probe_cc);
    if (std::error_code ec; std::filesystem::exists(experiments::test_list_path(country), ec))
      lists.push_back(country);
  }
  lists.push_back("global");
  InputPlan plan;
  std::set<std::string> planned;
  for (const auto& list : lists) {
    auto one = plan_inputs({{}, list, categories, test, true});
    if (!one)
      return one.error();
    for (auto& input : one->inputs) {
      if (planned.insert(input.url).second)
        plan.inputs.push_back(std::move(input));
    }
    for (auto& skipped : one->skipped)
      plan.skipped.push_back(std::move(skipped));
    plan.source += (plan.source.empty() ? "--list " : "+") + list;
  }
  return plan;
}

}  // namespace ashyq::runner
