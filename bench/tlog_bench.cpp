// The transparency log's figures (issue 15), measured within one run and printed as a table:
//   append      leaves/s through LogAppender into SQLite (WAL, synchronous=FULL), 1,000 leaves
//               per transaction (group commit) and one per transaction (the collector today)
//   overhead    bytes of the SQLite file per leaf (records, hashes, index)
//   proofs      inclusion and consistency proofs at the largest size, mean of 2,000
//   verify      an evidence bundle of 1,000 measurements: export, then read + verify
// Usage: tlog_bench [--leaves N] [--dir DIR] [--fixture FILE.jsonl]
//   N defaults to 1,000,000 (10,000,000 for the figure: about 4 GB and a few minutes).
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <string>

#include "collector/measurement_leaf.hpp"
#include "collector/sqlite_observatory.hpp"
#include "collector/submission.hpp"
#include "core/json.hpp"
#include "evidence/bundle_archive.hpp"
#include "evidence/export_bundle.hpp"
#include "evidence/verify_bundle.hpp"
#include "store/sqlite_connection.hpp"
#include "tlog/leaf_record.hpp"
#include "tlog/log_appender.hpp"
#include "tlog/sqlite_log.hpp"

using namespace ashyq;
namespace json = boost::json;

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

void remove_db(const std::string& path) {
  for (const char* s : {"", "-wal", "-shm"})
    std::remove((path + s).c_str());
}

std::uintmax_t file_bytes(const std::string& path) {
  struct stat st {};
  std::uintmax_t total = 0;
  for (const char* s : {"", "-wal"})
    if (::stat((path + s).c_str(), &st) == 0)
      total += static_cast<std::uintmax_t>(st.st_size);
  return total;
}

std::string leaf_record(std::uint64_t i) {
  tlog::MeasurementLeaf l;
  char uid[64];
  std::snprintf(uid, sizeof uid, "20261206%06llu.000000_KZ_webconnectivity_%016llx",
                static_cast<unsigned long long>(i % 1000000), static_cast<unsigned long long>(i));
  l.measurement_uid = uid;
  l.sha256 = tlog::sha256(uid);
  l.accepted = "2026-12-06T05:00:00Z";
  l.probe_cc = "KZ";
  l.probe_asn = i % 3 ? "AS9198" : "AS48716";
  l.test_name = "web_connectivity";
  l.input = "https://site-" + std::to_string(i % 5000) + ".example.kz/";
  l.measurement_start_time = "2026-12-06 04:59:59";
  return *tlog::encode_leaf(l);
}

int fail(const std::string& why) {
  std::cerr << "tlog_bench: " << why << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t leaves = 1'000'000;
  std::string dir = "/tmp";
  std::string fixture = "tests/fixtures/ooni/web_connectivity_v04.jsonl";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--leaves")
      leaves = std::stoull(argv[i + 1]);
    else if (flag == "--dir")
      dir = argv[i + 1];
    else if (flag == "--fixture")
      fixture = argv[i + 1];
    else
      return fail("unknown flag " + flag);
  }
  std::cout << "| measure | value | target |\n|---|---|---|\n";

  // Append, 1,000 leaves per transaction, up to `leaves`.
  const std::string path = dir + "/ashyq-tlog-bench-" + std::to_string(getpid()) + ".sqlite";
  remove_db(path);
  {
    auto db = store::open_sqlite(path, "bench log",
                                 "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
    if (!db || sqlite3_exec(db->get(), tlog::kLogSchemaSql, nullptr, nullptr, nullptr) != SQLITE_OK)
      return fail("cannot create " + path);
    tlog::LogAppender appender(db->get());
    auto start = Clock::now();
    for (std::uint64_t i = 0; i < leaves;) {
      store::WriteTransaction tx(db->get());
      for (std::uint64_t end = std::min(leaves, i + 1000); i < end; ++i) {
        auto appended = appender.append(leaf_record(i), std::nullopt);
        if (!appended)
          return fail(appended.error().message());
      }
      if (!tx.commit())
        return fail("commit failed");
    }
    const double batched = seconds_since(start);
    std::cout << "| append, 1,000 leaves per transaction (" << leaves << " leaves) | **"
              << static_cast<long>(static_cast<double>(leaves) / batched) << " leaves/s** ("
              << batched << " s) | ≥ 50,000/s |\n";

    // One leaf per transaction, as the collector commits each submission.
    const int single = 2000;
    start = Clock::now();
    for (int i = 0; i < single; ++i) {
      store::WriteTransaction tx(db->get());
      if (!appender.append(leaf_record(leaves + static_cast<std::uint64_t>(i)), std::nullopt) ||
          !tx.commit())
        return fail("single append failed");
    }
    std::cout << "| append, one leaf per transaction (fsync each) | "
              << static_cast<long>(single / seconds_since(start)) << " leaves/s | |\n";
    sqlite3_exec(db->get(), "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
  }
  const std::uint64_t size = leaves + 2000;
  std::cout << "| log overhead per leaf (records ~" << leaf_record(1).size()
            << " B, hashes, index) | **" << file_bytes(path) / size << " bytes** | |\n";

  {
    auto log = tlog::SqliteLog::open(path);
    if (!log)
      return fail(log.error().message());
    std::mt19937_64 random(42);
    const int proofs = 2000;
    auto start = Clock::now();
    for (int i = 0; i < proofs; ++i)
      if (!(*log)->inclusion_proof(random() % size, size))
        return fail("inclusion proof failed");
    std::cout << "| inclusion proof at " << size << " leaves (mean of " << proofs << ") | **"
              << seconds_since(start) / proofs * 1e3 << " ms** | ≤ 1 ms |\n";
    start = Clock::now();
    for (int i = 0; i < proofs; ++i)
      if (!(*log)->consistency_proof(1 + random() % (size - 1), size))
        return fail("consistency proof failed");
    std::cout << "| consistency proof to " << size << " leaves (mean of " << proofs << ") | "
              << seconds_since(start) / proofs * 1e3 << " ms | |\n";
  }
  remove_db(path);

  // An evidence bundle of 1,000 measurements.
  std::ifstream in(fixture);
  std::string line;
  std::getline(in, line);
  std::getline(in, line);  // the fixture's second measurement: DNS blocking
  if (line.empty())
    return fail("cannot read " + fixture);
  auto content = json::parse(line).as_object();
  const std::string report_id = "20240301T100000Z_webconnectivity_KZ_9198_n1_AbCdEfGh0123456789";
  content["report_id"] = report_id;
  const std::string store_path =
      dir + "/ashyq-evidence-bench-" + std::to_string(getpid()) + ".sqlite";
  const std::string bundle = store_path + ".tar.gz";
  remove_db(store_path);
  {
    auto store = collector::SqliteObservatory::open(store_path);
    if (!store)
      return fail(store.error().message());
    for (int i = 0; i < 1000; ++i) {
      char time[32];
      std::snprintf(time, sizeof time, "2024-03-%02d %02d:%02d:00", 1 + i / 600, i / 60 % 10,
                    i % 60);
      content["measurement_start_time"] = time;
      auto body = core::to_json_text(json::object{{"format", "json"}, {"content", content}});
      auto s = collector::validate_submission(report_id, body);
      if (!s)
        return fail(s.error().message());
      auto row = collector::make_observatory_row(*s);
      auto leaf = collector::measurement_leaf_record(
          row, s->body, collector::SysSeconds(std::chrono::seconds(1765000000)));
      if (!(*store)->insert(row, s->body, *leaf))
        return fail("insert failed");
    }
    auto log = tlog::SqliteLog::open(store_path);
    auto key = tlog::NoteSigner::generate("bench.example/log");
    if (!log || !key || !(*log)->publish(*key, "2026-12-06T05:00:00Z"))
      return fail("cannot sign a checkpoint");
    evidence::ExportSettings settings;
    settings.query =
        *evidence::make_query(collector::domain_of(std::string(content.at("input").as_string())),
                              "KZ", {}, std::nullopt, std::nullopt);
    settings.include_entries = true;
    settings.created = "2026-12-06T05:00:00Z";
    auto start = Clock::now();
    auto exported = evidence::export_bundle(**store, **log, settings, bundle);
    if (!exported)
      return fail(exported.error().message());
    const double export_seconds = seconds_since(start);
    start = Clock::now();
    auto files = evidence::read_bundle_archive(bundle);
    if (!files)
      return fail(files.error().message());
    evidence::VerifySettings verify;
    verify.log_keys = {key->verifier()};
    auto report = evidence::verify_bundle(*files, verify);
    const double verify_seconds = seconds_since(start);
    if (!report.verified())
      return fail("the bundle did not verify: " + report.problems.front());
    std::cout << "| evidence export, " << exported->measurements << " measurements ("
              << file_bytes(bundle) / 1024 << " KiB .tar.gz) | " << export_seconds << " s | |\n";
    std::cout << "| evidence verify, " << report.measurements
              << " measurements (read, proofs, re-analysis, completeness) | **" << verify_seconds
              << " s** | ≤ 2 s |\n";
  }
  remove_db(store_path);
  std::remove(bundle.c_str());
  return 0;
}
