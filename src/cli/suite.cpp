#include "cli/suite.hpp"

#include <toml++/toml.h>

#include <set>

#include "experiments/registry.hpp"

namespace ashyq::cli {

namespace {

std::string at(const std::string& file, const toml::node& node) {
  return file + ":" + std::to_string(node.source().begin.line);
}

// A string array, or an error naming the key.
std::variant<std::vector<std::string>, std::string> strings(const toml::table& t,
                                                            std::string_view key,
                                                            const std::string& file) {
  std::vector<std::string> out;
  const auto* node = t.get(key);
  if (!node)
    return out;
  const auto* array = node->as_array();
  if (!array)
    return at(file, *node) + ": key '" + std::string(key) + "': must be a list of strings";
  for (const auto& item : *array) {
    if (!item.is_string())
      return at(file, item) + ": key '" + std::string(key) + "': must be a list of strings";
    out.push_back(*item.value<std::string>());
  }
  return out;
}

}  // namespace

std::variant<Suite, std::string> parse_suite(std::string_view toml_text,
                                             const std::string& file_name) {
  toml::table root;
  try {
    root = toml::parse(toml_text, file_name);
  } catch (const toml::parse_error& e) {
    return file_name + ":" + std::to_string(e.source().begin.line) + ": " +
           std::string(e.description());
  }
  Suite suite;
  for (auto&& [key, node] : root) {
    const std::string k(key.str());
    if (k == "name" && node.is_string()) {
      suite.name = *node.value<std::string>();
    } else if (k == "description" && node.is_string()) {
      suite.description = *node.value<std::string>();
    } else if (k != "step") {
      return at(file_name, node) + ": key '" + k +
             "': unknown, or not a string (a suite has name, description and [[step]])";
    }
  }
  const auto* steps = root.get_as<toml::array>("step");
  if (!steps || steps->empty())
    return file_name + ":1: a suite needs at least one [[step]]";
  for (const auto& node : *steps) {
    const auto* t = node.as_table();
    if (!t)
      return at(file_name, node) + ": [[step]] must be a table";
    SuiteStep step;
    step.line = static_cast<int>(t->source().begin.line);
    const std::string where = file_name + ":" + std::to_string(step.line);
    static const std::set<std::string> known = {"test", "list", "inputs", "options"};
    for (auto&& [key, value] : *t) {
      if (!known.count(std::string(key.str())))
        return at(file_name, value) + ": key '" + std::string(key.str()) +
               "': unknown (a step has test, list, inputs and options)";
    }
    auto test = t->get_as<std::string>("test");
    if (!test)
      return where + ": [[step]] needs test = \"NAME\"";
    step.test = test->get();
    const auto* spec = experiments::find_experiment(step.test);
    if (!spec) {
      return where + ": test '" + step.test +
             "' is not an experiment; they are: " + experiments::experiment_names();
    }
    if (const auto* list = t->get("list")) {
      if (!list->is_string())
        return at(file_name, *list) + ": key 'list': must be a string";
      step.list = *list->value<std::string>();
    }
    auto inputs = strings(*t, "inputs", file_name);
    if (auto* err = std::get_if<std::string>(&inputs))
      return *err;
    step.inputs = std::get<0>(std::move(inputs));
    auto options = strings(*t, "options", file_name);
    if (auto* err = std::get_if<std::string>(&options))
      return *err;
    step.options = std::get<0>(std::move(options));
    experiments::ExperimentOptions parsed;
    for (const auto& kv : step.options) {
      if (!parsed.add(kv))
        return where + ": option '" + kv + "' is not KEY=VALUE";
    }
    if (auto err = experiments::check_options(*spec, parsed))
      return where + ": " + *err;
    const bool has_input = !step.list.empty() || !step.inputs.empty();
    if (spec->takes_input && !has_input)
      return where + ": " + step.test + " needs a list or inputs";
    if (!spec->takes_input && has_input)
      return where + ": " + step.test + " takes no input: drop list and inputs";
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

}  // namespace ashyq::cli
