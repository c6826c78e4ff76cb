// A run: the loop that ties the runner's parts together. The plan's inputs go through the
// scheduler; each measurement gets its category, has the probe's addresses scrubbed, is committed
// at once to the results store (and appended to a JSONL stream on request) and counted on the
// progress line. Ctrl-C (SIGINT, SIGTERM) keeps everything completed and drops what is in
// flight; a run stopped early (Ctrl-C, --max-runtime) is stored as interrupted, and
// `ashyq run --resume` continues it.
//
// Confirmation before accusation (analysis/attempts.hpp): a measurement the run's Confirmation
// flags is held back instead of committed, and its input goes back to the end of the queue, to be
// measured again after every input queued so far (on fresh connections), again and again while
// the measurement, its attempts merged, still asks for one. It is committed once, with every
// attempt in it. Ctrl-C, the deadline or the store failing commits what is held as it stands; a
// crash loses it, and --resume then measures those inputs again.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "runner/resume.hpp"
#include "runner/scheduler.hpp"
#include "runner/upload.hpp"
#include "store/results_store.hpp"

namespace ashyq::runner {

// One measurement of an input ("" for experiments that take none), or why it cannot be measured
// (the input is then skipped and counted as unmeasurable; the run goes on).
using Measure =
    std::function<boost::asio::awaitable<core::Result<boost::json::object>>(const std::string&)>;

// How a run confirms: both set, or no confirmation.
struct Confirmation {
  // Whether this measurement (with the attempts merged into it so far) should be measured again.
  std::function<bool(const boost::json::object&)> wanted;
  // Merges another attempt into the held measurement and judges it again.
  std::function<core::Result<void>(boost::json::object& held, boost::json::object again)> merge;
  std::size_t max_held = 1024;  // held at once; beyond, a measurement is committed unconfirmed
};

struct RunSettings {
  SchedulerLimits limits;
  std::vector<std::string> scrubbed;  // addresses removed from every measurement (scrub())
  store::ResultsStore* db = nullptr;  // where measurements are committed; null: nowhere
  std::ostream* jsonl = nullptr;      // also append each measurement here; null: no
  std::ostream* log = nullptr;        // progress and "not measured" lines; null: none
  bool quiet = false;                 // no progress lines
  bool tty = false;                   // the progress line is a bar
  bool handle_signals = true;         // SIGINT and SIGTERM stop the run
  Uploader* uploader = nullptr;       // submit each measurement once committed; null: no (needs db)
  std::optional<Confirmation> confirmation;  // none: every input is measured once
};

struct RunOutcome {
  StopReason reason = StopReason::finished;
  std::size_t measured = 0;      // committed (and written)
  std::size_t unmeasurable = 0;  // inputs the experiment could not measure
  std::size_t blocked = 0;       // measured with a blocking method (analysis::is_blocking)
  std::size_t remeasured = 0;    // measurements made again to confirm one (not counted above)
  bool complete = false;         // every planned input of the run is measured (stored "finished")
  std::optional<UploadOutcome> upload;  // with an uploader: what the collector answered
  bool interrupted() const { return reason == StopReason::stopped; }
};

// Runs `plan` to its end, its deadline or Ctrl-C, then records the run's status in the store.
// An error is the store failing (a measurement or the status could not be written: what was
// committed before stays), or the JSONL stream failing.
core::Result<RunOutcome> run_plan(const RunPlan& plan, const Measure& measure,
                                  const RunSettings& settings);

}  // namespace ashyq::runner
