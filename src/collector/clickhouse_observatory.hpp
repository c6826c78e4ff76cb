// The observatory in ClickHouse (ObservatoryStore), for when one SQLite file is not enough:
// Debian's clickhouse-server 18.16 or later, one server or a cluster behind a Distributed table.
//
// Writes go through a durable spool (observatory_spool.hpp): insert() commits the measurement to
// the collector's local spool file and answers; a drainer thread sends the spool to ClickHouse in
// batches (ClickHouse wants few large inserts). So an answer of 200 still means durable, and a
// ClickHouse that is down or slow delays the data but loses nothing and never blocks submitters.
// Every read first drains the spool, so queries see every insert that returned before them.
//
// Tables (database `database`, created when missing; docs/collector.md shows them):
//   measurements_local      ReplacingMergeTree, PARTITION BY toYYYYMM(measurement_start_time),
//                           ORDER BY (probe_cc, measurement_start_time, measurement_uid)
//   raw_measurements_local  the bodies, same partitions, ORDER BY (measurement_start_time, uid)
// With `cluster` set, `measurements` and `raw_measurements` are Distributed tables over the
// *_local tables of every shard of that cluster, sharded by sipHash64(measurement_uid), written
// synchronously (insert_distributed_sync); the *_local tables must exist on every shard (open each
// shard once without `cluster`, or create them ON CLUSTER — see the deployment notes).
//
// Exactly once: the spool knows every uid it accepted, and before each batch the drainer asks
// ClickHouse which of the batch's uids it already holds (a batch sent just before a crash), so a
// uid is written once and reads need no FINAL (which costs 4× on a 10M-row aggregation).
// ReplacingMergeTree stays as the backstop for a race between several collectors receiving the
// same body at the same moment: its next merge removes the duplicate.
#pragma once

#include <atomic>
#include <boost/json/object.hpp>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "collector/clickhouse_client.hpp"
#include "collector/observatory_spool.hpp"
#include "collector/observatory_store.hpp"

namespace ashyq::collector {

struct ClickHouseStoreSettings {
  ClickHouseEndpoint endpoint;
  std::string database = "ashyq";
  std::string cluster;       // empty: one server; else a cluster of the servers' <remote_servers>
  std::string spool_path;    // the local spool file (required)
  std::size_t batch = 5000;  // measurements per insert, at most…
  std::size_t batch_bytes = 16 * 1024 * 1024;  // …and about this many bytes (bodies dominate)
  // How often the drainer sends what is spooled: not on every insert, so ClickHouse gets about
  // one insert per table per interval (it merges fewer, larger parts: 2.3× the ingest rate of
  // waking on every insert, bench/RESULTS.md).
  std::chrono::milliseconds drain_interval{2000};

  bool operator==(const ClickHouseStoreSettings&) const = default;
};

// "http://HOST:PORT/?spool=PATH[&database=NAME][&cluster=NAME][&user=U][&password=P]" — the part
// of `--store clickhouse:…` after "clickhouse:".
core::Result<ClickHouseStoreSettings> parse_clickhouse_store(std::string_view spec);

class ClickHouseObservatory final : public ObservatoryStore {
 public:
  // Creates the database and tables when missing, opens the spool, starts the drainer.
  static core::Result<std::unique_ptr<ClickHouseObservatory>> open(
      ClickHouseStoreSettings settings);
  ~ClickHouseObservatory() override;

  core::Result<bool> insert(const ObservatoryRow& row, const std::string& body,
                            const std::string& leaf_record) override;
  const std::string& log_database() const override { return spool_->path(); }
  core::Result<std::optional<StoredMeasurement>> find(const std::string& measurement_uid) override;
  core::Result<MeasurementPage> measurements(const MeasurementQuery& query) override;
  core::Result<std::vector<AggregationCell>> aggregation(const MeasurementQuery& query,
                                                         std::optional<Axis> axis_x,
                                                         std::optional<Axis> axis_y) override;
  core::Result<std::vector<NetworkInfo>> networks(const std::string& probe_cc) override;
  core::Result<std::vector<std::string>> find_domains(std::string_view fragment,
                                                      std::size_t limit) override;

  // Sends everything spooled so far to ClickHouse; an error when ClickHouse refused it (the
  // measurements stay spooled).
  core::Result<void> flush();

  const ClickHouseStoreSettings& settings() const { return settings_; }

 private:
  ClickHouseObservatory(ClickHouseStoreSettings settings, std::unique_ptr<ObservatorySpool> spool);
  std::string table(std::string_view name) const;  // where reads and inserts go
  // Runs a query ending in FORMAT JSONEachRow; its rows.
  core::Result<std::vector<boost::json::object>> select(const std::string& sql) const;
  core::Result<void> drain();
  // Which of the batch's uids `table_name` ("measurements", "raw_measurements") already holds.
  core::Result<std::vector<std::string>> uids_present(const std::vector<SpooledMeasurement>& batch,
                                                      std::string_view table_name);
  void drain_loop();

  ClickHouseStoreSettings settings_;
  ClickHouseClient client_;
  std::unique_ptr<ObservatorySpool> spool_;
  std::mutex drain_mutex_;  // one drain at a time: the drainer's, or a read's flush

  std::mutex wake_mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread drainer_;
};

}  // namespace ashyq::collector
