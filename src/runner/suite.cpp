#include "runner/suite.hpp"

#include <toml++/toml.h>

#include <chrono>
#include <ctime>
#include <set>

#include "experiments/registry.hpp"

namespace ashyq::runner {

namespace {

std::string at(const std::string& file, const toml::node& node) {
  return file + ":" + std::to_string(node.source().begin.line);
}

// A string array, or an error naming the key.
core::Result<std::vector<std::string>> strings(const toml::table& t, std::string_view key,
                                               const std::string& file) {
  std::vector<std::string> out;
  const auto* node = t.get(key);
  if (!node)
    return out;
  const auto* array = node->as_array();
  if (!array)
    return core::Error{at(file, *node),
                       "key '" + std::string(key) + "': must be a list of strings"};
  for (const auto& item : *array) {
    if (!item.is_string())
      return core::Error{at(file, item),
                         "key '" + std::string(key) + "': must be a list of strings"};
    out.push_back(*item.value<std::string>());
  }
  return out;
}

}  // namespace

core::Result<Suite> parse_suite(std::string_view toml_text, const std::string& file_name) {
  toml::table root;
  try {
    root = toml::parse(toml_text, file_name);
  } catch (const toml::parse_error& e) {
    return core::Error{file_name + ":" + std::to_string(e.source().begin.line),
                       std::string(e.description())};
  }
  Suite suite;
  for (auto&& [key, node] : root) {
    const std::string k(key.str());
    if (k == "name" && node.is_string()) {
      suite.name = *node.value<std::string>();
    } else if (k == "description" && node.is_string()) {
      suite.description = *node.value<std::string>();
    } else if (k != "step") {
      return core::Error{at(file_name, node),
                         "key '" + k +
                             "': unknown, or not a string (a suite has name, description and "
                             "[[step]])"};
    }
  }
  const auto* steps = root.get_as<toml::array>("step");
  if (!steps || steps->empty())
    return core::Error{file_name + ":1", "a suite needs at least one [[step]]"};
  for (const auto& node : *steps) {
    const auto* t = node.as_table();
    if (!t)
      return core::Error{at(file_name, node), "[[step]] must be a table"};
    SuiteStep step;
    step.line = static_cast<int>(t->source().begin.line);
    const std::string where = file_name + ":" + std::to_string(step.line);
    static const std::set<std::string> known = {"test", "list", "inputs", "options"};
    for (auto&& [key, value] : *t) {
      if (!known.count(std::string(key.str())))
        return core::Error{at(file_name, value),
                           "key '" + std::string(key.str()) +
                               "': unknown (a step has test, list, inputs and options)"};
    }
    auto test = t->get_as<std::string>("test");
    if (!test)
      return core::Error{where, "[[step]] needs test = \"NAME\""};
    step.test = test->get();
    const auto* spec = experiments::find_experiment(step.test);
    if (!spec) {
      return core::Error{where, "test '" + step.test + "' is not an experiment; they are: " +
                                    experiments::experiment_names()};
    }
    if (const auto* list = t->get("list")) {
      if (!list->is_string())
        return core::Error{at(file_name, *list), "key 'list': must be a string"};
      step.list = *list->value<std::string>();
    }
    auto inputs = strings(*t, "inputs", file_name);
    if (!inputs)
      return inputs.error();
    step.inputs = std::move(inputs).value();
    auto options = strings(*t, "options", file_name);
    if (!options)
      return options.error();
    step.options = std::move(options).value();
    experiments::ExperimentOptions parsed;
    for (const auto& kv : step.options) {
      if (!parsed.add(kv))
        return core::Error{where, "option '" + kv + "' is not KEY=VALUE"};
    }
    if (auto known = experiments::check_options(*spec, parsed); !known)
      return core::Error{where, known.error().message()};
    const bool has_input = !step.list.empty() || !step.inputs.empty();
    if (spec->takes_input && !has_input)
      return core::Error{where, step.test + " needs a list or inputs"};
    if (!spec->takes_input && has_input)
      return core::Error{where, step.test + " takes no input: drop list and inputs"};
    suite.steps.push_back(std::move(step));
  }
  return suite;
}

std::string suite_tag_of(std::string_view source) {
  const auto at = source.rfind(kSuiteTagPrefix);
  if (at == std::string_view::npos || !source.ends_with(']'))
    return "";
  return std::string(source.substr(at));
}

std::string suite_path(const std::string& name_or_path, const std::string& data_dir) {
  if (name_or_path.find('/') != std::string::npos || name_or_path.ends_with(".toml"))
    return name_or_path;
  return data_dir + "/suites/" + name_or_path + ".toml";
}

std::string suite_tag(const std::string& suite_name, std::chrono::system_clock::time_point when) {
  const auto t = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &utc);
  return std::string(kSuiteTagPrefix) + suite_name + " " + stamp + "]";
}

core::Result<std::vector<SuiteStep>> with_command_line_options(
    const Suite& suite, const std::vector<std::string>& options) {
  std::vector<SuiteStep> steps = suite.steps;
  for (const auto& kv : options) {
    const auto eq = kv.find('=');
    const auto key = kv.substr(0, eq);
    bool used = false;
    for (auto& step : steps) {
      for (const auto& option : experiments::find_experiment(step.test)->options) {
        if (option.key == key && eq != std::string::npos) {
          step.options.push_back(kv);
          used = true;
        }
      }
    }
    if (!used)
      return core::Error{"-O '" + kv + "'", "no experiment of suite " + suite.name + " takes it"};
  }
  return steps;
}

}  // namespace ashyq::runner
