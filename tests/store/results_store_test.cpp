#include "store/results_store.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>

namespace ashyq::store {
namespace {

namespace json = boost::json;

std::string measurement(const std::string& url, const std::string& method,
                        const std::string& blocking) {
  json::object m{{"input", url},
                 {"test_name", "web_connectivity"},
                 {"measurement_start_time", "2026-11-28 10:00:00"},
                 {"test_runtime", 1.25}};
  json::value b = blocking == "false" ? json::value(false) : json::value(blocking);
  m["test_keys"] = json::object{
      {"blocking", b},
      {"accessible", blocking == "false"},
      {"dns_experiment_failure", nullptr},
      {"tcp_connect", json::array{json::object{
                          {"ip", "10.77.2.1"},
                          {"port", 443},
                          {"status", json::object{{"success", true}, {"failure", nullptr}}}}}},
      {"tls_handshakes",
       json::array{json::object{{"failure", method == "tls" ? json::value("generic_timeout_error")
                                                            : json::value(nullptr)}}}},
      {"http_experiment_failure", nullptr},
      {"x_ashyq_verdict", json::object{{"method", method},
                                       {"confidence", 0.9},
                                       {"evidence", json::array{"a line"}},
                                       {"fingerprints", json::array{}}}}};
  return json::serialize(m);
}

struct TempDb {
  std::string path = "/tmp/ashyq-store-test-" + std::to_string(getpid()) + ".sqlite";
  ~TempDb() {
    for (const char* suffix : {"", "-wal", "-shm"})
      std::remove((path + suffix).c_str());
  }
};

std::unique_ptr<ResultsStore> open(const std::string& path) {
  auto s = ResultsStore::open(path);
  EXPECT_TRUE(s.ok()) << s.error().message();
  return s ? std::move(s).value() : nullptr;
}

TEST(ResultsStore, StoresRunsAndFiltersMeasurements) {
  TempDb db;
  auto store = open(db.path);
  std::vector<PlannedInput> plan{
      {"https://a.kz/", "NEWS"}, {"https://b.kz/", "HUMR"}, {"https://c.kz/", "NEWS"}};
  int64_t run = store->create_run("--list test", plan).value();
  EXPECT_TRUE(
      store->add_measurement(run, 0, "NEWS", measurement("https://a.kz/", "tls", "http-failure")));
  EXPECT_TRUE(
      store->add_measurement(run, 1, "HUMR", measurement("https://b.kz/", "none", "false")));
  auto remaining = store->remaining(run).value();
  ASSERT_EQ(remaining.size(), 1u);
  EXPECT_EQ(remaining[0].first, 2);
  EXPECT_EQ(remaining[0].second.url, "https://c.kz/");

  auto blocked = store->measurements({.run_id = run, .blocked_only = true});
  ASSERT_EQ(blocked.size(), 1u);
  EXPECT_EQ(blocked[0].domain, "a.kz");
  EXPECT_EQ(blocked[0].method, "tls");
  EXPECT_EQ(blocked[0].category, "NEWS");
  EXPECT_EQ(blocked[0].failed_step, "tls_handshake");
  EXPECT_EQ(blocked[0].failure, "generic_timeout_error");
  EXPECT_EQ(store->measurements({.category = "HUMR"}).size(), 1u);
  EXPECT_EQ(store->measurements({.domain = "b.k"}).size(), 1u);
  EXPECT_EQ(store->measurements({.method = "dns"}).size(), 0u);

  auto runs = store->runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].planned, 3);
  EXPECT_EQ(runs[0].measured, 2);
  EXPECT_EQ(runs[0].status, "running");
  EXPECT_EQ(store->latest_unfinished_run(), run);
  EXPECT_TRUE(store->set_status(run, "finished"));
  EXPECT_FALSE(store->latest_unfinished_run());
}

TEST(ResultsStore, APositionIsStoredOnce) {
  TempDb db;
  auto store = open(db.path);
  int64_t run = store->create_run("x", {{"https://a.kz/", ""}}).value();
  EXPECT_TRUE(store->add_measurement(run, 0, "", measurement("https://a.kz/", "none", "false")));
  EXPECT_TRUE(
      store->add_measurement(run, 0, "", measurement("https://a.kz/", "tls", "http-failure")));
  auto all = store->measurements({.run_id = run});
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].method, "none");  // the first one stays
}

TEST(ResultsStore, SurvivesReopening) {
  TempDb db;
  int64_t run;
  {
    auto store = open(db.path);
    run = store->create_run("x", {{"https://a.kz/", ""}, {"https://b.kz/", ""}}).value();
    EXPECT_TRUE(store->add_measurement(run, 1, "", measurement("https://b.kz/", "none", "false")));
  }
  auto store = open(db.path);
  EXPECT_EQ(store->latest_unfinished_run(), run);
  auto remaining = store->remaining(run).value();
  ASSERT_EQ(remaining.size(), 1u);
  EXPECT_EQ(remaining[0].second.url, "https://a.kz/");
}

TEST(ResultsStore, RejectsWhatIsNotJsonAndUnopenablePaths) {
  TempDb db;
  auto store = open(db.path);
  int64_t run = store->create_run("x", {{"https://a.kz/", ""}}).value();
  EXPECT_FALSE(store->add_measurement(run, 0, "", "{not json"));
  auto bad = ResultsStore::open("/nonexistent/dir/results.sqlite");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message().find("/nonexistent/dir/results.sqlite"), std::string::npos);
}

}  // namespace
}  // namespace ashyq::store

namespace ashyq::store {
namespace {

// Issue 12: throttling is a blocking method; `ashyq results --blocked` lists it as the report
// counts it (the SQL list comes from analysis/method.hpp).
TEST(ResultsStore, BlockedIncludesThrottling) {
  TempDb db;
  auto store = open(db.path);
  auto created =
      store->create_run("--input", {{"https://slow.example/", ""}, {"https://fine.example/", ""}});
  ASSERT_TRUE(created.ok());
  const auto run = *created;
  ASSERT_TRUE(store->add_measurement(run, 0, "",
                                     measurement("https://slow.example/", "throttling", "false")));
  ASSERT_TRUE(
      store->add_measurement(run, 1, "", measurement("https://fine.example/", "none", "false")));
  auto blocked = store->measurements({.run_id = run, .blocked_only = true});
  ASSERT_EQ(blocked.size(), 1u);
  EXPECT_EQ(blocked[0].method, "throttling");
  EXPECT_EQ(blocked[0].domain, "slow.example");
}

// What was submitted where: pending per collector (and per run), the first answer kept, reports
// remembered by collector, run, test and network.
TEST(ResultsStore, RemembersUploadsPerCollector) {
  TempDb db;
  auto store = open(db.path);
  int64_t one =
      store->create_run("--input", {{"https://a.kz/", ""}, {"https://b.kz/", ""}}).value();
  int64_t two = store->create_run("--input", {{"https://c.kz/", ""}}).value();
  ASSERT_TRUE(store->add_measurement(one, 0, "", measurement("https://a.kz/", "none", "false")));
  ASSERT_TRUE(store->add_measurement(one, 1, "", measurement("https://b.kz/", "dns", "dns")));
  ASSERT_TRUE(store->add_measurement(two, 0, "", measurement("https://c.kz/", "none", "false")));
  const std::string c = "https://collector.example";

  auto pending = store->pending_uploads(c, std::nullopt, 10).value();
  ASSERT_EQ(pending.size(), 3u);
  EXPECT_EQ(pending[0].run_id, one);
  EXPECT_EQ(pending[2].run_id, two);
  EXPECT_EQ(store->pending_uploads(c, two, 10)->size(), 1u);
  EXPECT_EQ(store->pending_uploads(c, std::nullopt, 2)->size(), 2u);

  ASSERT_TRUE(store->record_upload(
      {pending[0].measurement_id, c, UploadState::accepted, "r1", "uid-a", ""}));
  ASSERT_TRUE(store->record_upload(
      {pending[1].measurement_id, c, UploadState::refused, "r1", "", "HTTP 400: probe_cc"}));
  // A second answer for the same measurement does not replace the first.
  ASSERT_TRUE(store->record_upload(
      {pending[0].measurement_id, c, UploadState::accepted, "r9", "uid-other", ""}));
  auto counts = store->upload_counts(c).value();
  EXPECT_EQ(counts.accepted, 1);
  EXPECT_EQ(counts.refused, 1);
  EXPECT_EQ(counts.pending, 1);
  EXPECT_EQ(store->upload_counts(c, one)->pending, 0);
  auto records = store->uploads(c).value();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].measurement_uid, "uid-a");
  EXPECT_EQ(records[1].reason, "HTTP 400: probe_cc");
  // Another collector has everything still to send.
  EXPECT_EQ(store->pending_uploads("https://other.example", std::nullopt, 10)->size(), 3u);

  UploadReportKey key{c, one, "web_connectivity", "KZ", "AS9198"};
  EXPECT_FALSE(store->upload_report(key).value().has_value());
  ASSERT_TRUE(store->add_upload_report(key, "20261205T100000Z_webconnectivity_KZ_9198_n1_x"));
  EXPECT_EQ(store->upload_report(key).value(), "20261205T100000Z_webconnectivity_KZ_9198_n1_x");
  key.probe_asn = "AS21299";
  EXPECT_FALSE(store->upload_report(key).value().has_value());
}

}  // namespace
}  // namespace ashyq::store
