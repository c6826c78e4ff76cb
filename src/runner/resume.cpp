#include "runner/resume.hpp"

namespace ashyq::runner {

std::string stored_source(const std::string& test, const std::string& source) {
  return test == kDefaultTest ? source : "-t " + test + " " + source;
}

std::string test_of_source(const std::string& source) {
  if (!source.starts_with("-t "))
    return std::string(kDefaultTest);
  const auto end = source.find(' ', 3);
  return source.substr(3, end == std::string::npos ? std::string::npos : end - 3);
}

core::Result<RunPlan> new_plan(store::ResultsStore* db, const std::string& test,
                               const std::string& source,
                               const std::vector<store::PlannedInput>& inputs) {
  RunPlan plan;
  plan.test = test;
  for (std::size_t i = 0; i < inputs.size(); ++i)
    plan.todo.push_back({static_cast<int64_t>(i), inputs[i]});
  if (db) {
    auto created = db->create_run(stored_source(test, source), inputs);
    if (!created)
      return created.error();  // the store's errors name the database
    plan.run_id = *created;
  }
  return plan;
}

core::Result<RunPlan> resume_plan(store::ResultsStore& db) {
  auto latest = db.latest_unfinished_run();
  if (!latest)
    return core::Error{db.path(), "no unfinished run to resume"};
  RunPlan plan;
  plan.run_id = *latest;
  plan.test = std::string(kDefaultTest);
  for (const auto& r : db.runs()) {
    if (r.id == plan.run_id)
      plan.test = test_of_source(r.source);
  }
  auto left = db.remaining(plan.run_id);
  if (!left)
    return left.error();  // the store's errors name the database
  plan.todo = std::move(left).value();
  return plan;
}

}  // namespace ashyq::runner
