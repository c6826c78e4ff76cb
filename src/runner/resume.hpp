// Run plans: the inputs a run measures, in order, each at its plan position. A new run's plan is
// stored before anything is measured; resuming reads back the newest unfinished run's positions
// that have no measurement yet, so that no input is measured twice.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "store/results_store.hpp"

namespace ashyq::runner {

inline constexpr std::string_view kDefaultTest = "web_connectivity";

struct RunPlan {
  int64_t run_id = 0;  // 0 when the run is not stored (--no-db)
  std::string test;    // the experiment
  std::vector<std::pair<int64_t, store::PlannedInput>> todo;  // (plan position, input)
};

// The run's source as stored: "-t NAME " before it for experiments other than the default, so
// that --resume runs the same experiment.
std::string stored_source(const std::string& test, const std::string& source);
// The experiment of a stored source.
std::string test_of_source(const std::string& source);

// A new run of `test` over `inputs`; stored in `db` (with `source`) unless db is null.
core::Result<RunPlan> new_plan(store::ResultsStore* db, const std::string& test,
                               const std::string& source,
                               const std::vector<store::PlannedInput>& inputs);

// The newest unfinished run of `db`: its experiment and its positions not measured yet.
core::Result<RunPlan> resume_plan(store::ResultsStore& db);

}  // namespace ashyq::runner
