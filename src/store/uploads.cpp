// The results store's record of submissions to collectors (declared in results_store.hpp).
#include <sqlite3.h>

#include <optional>
#include <string>

#include "store/results_store.hpp"
#include "store/sqlite_statement.hpp"

namespace ashyq::store {

namespace {

const char* state_text(UploadState s) {
  return s == UploadState::accepted ? "accepted" : "refused";
}

// The condition on one run, as its own SQL (not "?2 IS NULL OR m.run_id = ?2", which keeps SQLite
// from using the (run_id, position) index: a run uploading as it goes asks after every commit).
std::string run_condition(std::optional<int64_t> run) {
  return run ? " AND m.run_id = ?2" : "";
}

}  // namespace

core::Result<std::vector<PendingUpload>> ResultsStore::pending_uploads(const std::string& collector,
                                                                       std::optional<int64_t> run,
                                                                       std::size_t limit) {
  const std::string sql =
      "SELECT m.id, m.run_id, m.json FROM measurements m WHERE NOT EXISTS (SELECT 1 FROM uploads "
      "u WHERE u.measurement_id = m.id AND u.collector = ?1)" +
      run_condition(run) + " ORDER BY m.id LIMIT ?3";
  Statement q(db_.get(), sql.c_str());
  q.bind(1, collector);
  if (run)
    q.bind(2, *run);
  q.bind(3, static_cast<int64_t>(limit));
  std::vector<PendingUpload> pending;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(q.get())) == SQLITE_ROW)
    pending.push_back({q.integer(0), q.integer(1), q.text(2)});
  if (rc != SQLITE_DONE)
    return error("cannot list the measurements to upload");
  return pending;
}

core::Result<std::optional<std::string>> ResultsStore::upload_report(const UploadReportKey& key) {
  Statement q(db_.get(),
              "SELECT report_id FROM upload_reports WHERE collector = ? AND run_id = ? AND "
              "test_name = ? AND probe_cc = ? AND probe_asn = ?");
  q.bind(1, key.collector);
  q.bind(2, key.run_id);
  q.bind(3, key.test_name);
  q.bind(4, key.probe_cc);
  q.bind(5, key.probe_asn);
  const int rc = sqlite3_step(q.get());
  if (rc == SQLITE_ROW)
    return std::optional<std::string>(q.text(0));
  if (rc != SQLITE_DONE)
    return error("cannot read the report opened with the collector");
  return std::optional<std::string>();
}

core::Result<void> ResultsStore::add_upload_report(const UploadReportKey& key,
                                                   const std::string& report_id) {
  Statement q(db_.get(),
              "INSERT INTO upload_reports(collector, run_id, test_name, probe_cc, probe_asn, "
              "report_id) VALUES (?,?,?,?,?,?)");
  q.bind(1, key.collector);
  q.bind(2, key.run_id);
  q.bind(3, key.test_name);
  q.bind(4, key.probe_cc);
  q.bind(5, key.probe_asn);
  q.bind(6, report_id);
  if (sqlite3_step(q.get()) != SQLITE_DONE)
    return error("cannot record the report opened with the collector");
  return {};
}

core::Result<void> ResultsStore::record_upload(const UploadRecord& r) {
  Statement q(db_.get(),
              "INSERT OR IGNORE INTO uploads(measurement_id, collector, state, report_id, "
              "measurement_uid, reason, uploaded_at) "
              "VALUES (?,?,?,?,?,?,strftime('%Y-%m-%d %H:%M:%S','now'))");
  q.bind(1, r.measurement_id);
  q.bind(2, r.collector);
  q.bind(3, std::string(state_text(r.state)));
  q.bind(4, r.report_id);
  q.bind(5, r.measurement_uid);
  q.bind(6, r.reason);
  if (sqlite3_step(q.get()) != SQLITE_DONE)
    return error("cannot record the collector's answer");
  return {};
}

core::Result<UploadCounts> ResultsStore::upload_counts(const std::string& collector,
                                                       std::optional<int64_t> run) {
  const std::string sql =
      "SELECT count(u.state = 'accepted' OR NULL), count(u.state = 'refused' OR NULL), "
      "count(*) - count(u.state) FROM measurements m LEFT JOIN uploads u "
      "ON u.measurement_id = m.id AND u.collector = ?1 WHERE 1" +
      run_condition(run);
  Statement q(db_.get(), sql.c_str());
  q.bind(1, collector);
  if (run)
    q.bind(2, *run);
  if (sqlite3_step(q.get()) != SQLITE_ROW)
    return error("cannot count the uploads");
  return UploadCounts{q.integer(0), q.integer(1), q.integer(2)};
}

core::Result<std::vector<UploadRecord>> ResultsStore::uploads(const std::string& collector) {
  Statement q(db_.get(),
              "SELECT measurement_id, state, report_id, measurement_uid, reason FROM uploads "
              "WHERE collector = ? ORDER BY measurement_id");
  q.bind(1, collector);
  std::vector<UploadRecord> records;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
    records.push_back({q.integer(0), collector,
                       q.text(1) == "accepted" ? UploadState::accepted : UploadState::refused,
                       q.text(2), q.text(3), q.text(4)});
  }
  if (rc != SQLITE_DONE)
    return error("cannot list the uploads");
  return records;
}

}  // namespace ashyq::store
