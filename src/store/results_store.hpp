// The local results store: an embedded SQLite database (WAL, so a reader — `ashyq results`, a
// report — never blocks the run that writes). Each measurement is committed on its own the moment
// it completes, so a crash or a kill loses at most the measurements in flight; a run's plan (its
// URLs in order) is stored first, so an interrupted run can be resumed without measuring a URL
// twice. Failures are values (a core::Error naming the database and what failed). Opening a
// database migrates its schema (store/migrations.hpp).
//
// Not thread-safe: one ResultsStore per thread (SQLite itself serialises writers).
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/measurement_summary.hpp"

struct sqlite3;

namespace ashyq::store {

struct PlannedInput {
  std::string url;
  std::string category;
};

struct RunRecord {
  int64_t id = 0;
  std::string started_at;   // UTC "YYYY-MM-DD hh:mm:ss"
  std::string finished_at;  // "" while running or interrupted
  std::string source;       // "--list kz", "--input", …
  std::string status;       // running, finished, interrupted
  int64_t planned = 0;
  int64_t measured = 0;
};

struct MeasurementFilter {
  std::optional<int64_t> run_id;
  std::string method;    // exact, "" = any
  std::string blocking;  // exact OONI value, "" = any
  std::string category;  // exact, "" = any
  std::string domain;    // substring, "" = any
  bool blocked_only = false;
  std::size_t limit = 0;  // 0 = no limit
};

// Submissions to collectors (store/uploads.cpp). A measurement is pending for a collector until
// that collector accepted it (with the uid it answered) or refused it (4xx: sending the same bytes
// again would be refused again).
struct PendingUpload {
  int64_t measurement_id = 0;
  int64_t run_id = 0;
  std::string json;  // as stored (scrubbed)
};

// One report per collector, run, test and network (OONI's report is one test on one network).
struct UploadReportKey {
  std::string collector;
  int64_t run_id = 0;
  std::string test_name;
  std::string probe_cc;
  std::string probe_asn;
};

enum class UploadState { accepted, refused };

struct UploadRecord {
  int64_t measurement_id = 0;
  std::string collector;
  UploadState state = UploadState::accepted;
  std::string report_id;
  std::string measurement_uid;  // the collector's answer ("" when refused)
  std::string reason;           // why it was refused ("" when accepted)
};

struct UploadCounts {
  int64_t accepted = 0;
  int64_t refused = 0;
  int64_t pending = 0;
};

class ResultsStore {
 public:
  // Opens (creating if needed) the database at `path` and brings its schema up to date; refuses a
  // database from a newer ashyq.
  static core::Result<std::unique_ptr<ResultsStore>> open(const std::string& path);
  ResultsStore(const ResultsStore&) = delete;
  ResultsStore& operator=(const ResultsStore&) = delete;

  // A new run with its plan; returns its id.
  core::Result<int64_t> create_run(const std::string& source,
                                   const std::vector<PlannedInput>& plan);
  // The plan positions not measured yet, in order (for --resume).
  core::Result<std::vector<std::pair<int64_t, PlannedInput>>> remaining(int64_t run);
  // The newest run that did not finish, if any.
  std::optional<int64_t> latest_unfinished_run();
  // Stores one measurement (its JSON exactly as given) for a plan position; idempotent per
  // position, so a resumed run cannot store a URL twice.
  core::Result<void> add_measurement(int64_t run, int64_t position, const std::string& category,
                                     const std::string& measurement_json);
  core::Result<void> set_status(int64_t run, const std::string& status);

  std::vector<RunRecord> runs();
  std::vector<MeasurementSummary> measurements(const MeasurementFilter& filter);
  // The raw measurements of a run, in measurement order (for exports).
  std::vector<std::string> measurement_json(int64_t run);

  // Measurements neither accepted nor refused by `collector` (of run `run` only, when given),
  // oldest first, at most `limit`.
  core::Result<std::vector<PendingUpload>> pending_uploads(const std::string& collector,
                                                           std::optional<int64_t> run,
                                                           std::size_t limit);
  // The report id opened for `key`, if one was.
  core::Result<std::optional<std::string>> upload_report(const UploadReportKey& key);
  core::Result<void> add_upload_report(const UploadReportKey& key, const std::string& report_id);
  // Records the collector's answer; a measurement already answered keeps its first record.
  core::Result<void> record_upload(const UploadRecord& record);
  core::Result<UploadCounts> upload_counts(const std::string& collector,
                                           std::optional<int64_t> run = std::nullopt);
  // Every answer recorded for `collector`, in measurement order.
  core::Result<std::vector<UploadRecord>> uploads(const std::string& collector);

  const std::string& path() const { return path_; }

 private:
  // Closes the connection when the store goes (sqlite3_close accepts null).
  struct CloseDatabase {
    void operator()(sqlite3* db) const;
  };
  using Database = std::unique_ptr<sqlite3, CloseDatabase>;

  ResultsStore(Database db, std::string path) : db_(std::move(db)), path_(std::move(path)) {}
  core::Result<void> exec(const char* sql);
  core::Error error(const std::string& what) const;
  Database db_;
  std::string path_;
};

}  // namespace ashyq::store
