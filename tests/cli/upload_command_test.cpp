// The probe submits to an observatory: `ashyq run --collector URL` as measurements complete,
// `ashyq upload` for what is pending, against the real `ashyq collector` on loopback. Nothing is
// stored twice at the collector, even when the probe forgets what it sent.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <filesystem>
#include <fstream>

#include "collector/sqlite_observatory.hpp"
#include "store/results_store.hpp"
#include "support/collector_process.hpp"
#include "support/local_helper.hpp"
#include "support/run.hpp"
#include "support/servers.hpp"

namespace ashyq {
namespace {

namespace fs = std::filesystem;

struct Dir {
  fs::path path = fs::temp_directory_path() / ("ashyq-upload-test-" + std::to_string(getpid()));
  Dir() { fs::create_directories(path); }
  ~Dir() { fs::remove_all(path); }
  std::string results() const { return (path / "results.sqlite").string(); }
  std::string observatory() const { return (path / "observatory.sqlite").string(); }
};

std::string list_of(const Dir& dir, const std::vector<std::string>& urls) {
  auto path = (dir.path / "list.csv").string();
  std::ofstream out(path);
  out << "url,category_code,category_description,date_added,source,notes\n";
  for (const auto& u : urls)
    out << u << ",NEWS,News Media,2026-01-01,test,\n";
  return path;
}

std::vector<std::string> run_args(const Dir& dir, const testing::LocalHelper& helper,
                                  const std::string& list) {
  return {testing::ashyq_binary(),
          "run",
          "--accept-risks",
          "--quiet",
          "--db",
          dir.results(),
          "--helper",
          helper.url(),
          "--allow-loopback",
          "--list",
          list};
}

std::int64_t stored_at_collector(const std::string& path) {
  auto store = collector::SqliteObservatory::open(path);
  EXPECT_TRUE(store) << store.error().message();
  if (!store)
    return -1;
  collector::MeasurementQuery all;
  all.since = "2000-01-01 00:00:00";
  auto page = (*store)->measurements(all);
  EXPECT_TRUE(page) << page.error().message();
  return page ? page->total : -1;
}

store::UploadCounts counts(const Dir& dir, const std::string& collector) {
  auto db = store::ResultsStore::open(dir.results());
  EXPECT_TRUE(db) << db.error().message();
  auto c = (*db)->upload_counts(collector);
  EXPECT_TRUE(c) << c.error().message();
  return c ? *c : store::UploadCounts{-1, -1, -1};
}

// A loopback port nothing listens on (bound, then closed).
unsigned short closed_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor a(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return a.local_endpoint().port();
}

struct World {
  Dir dir;
  testing::LocalHelper helper;
  testing::TcpServer site{testing::serve_page(200, "<html><title>News</title>hello</html>")};
  std::string list;
  World() {
    std::vector<std::string> urls;
    for (int i = 0; i < 3; ++i)
      urls.push_back("http://localhost:" + std::to_string(site.port()) + "/" + std::to_string(i));
    list = list_of(dir, urls);
  }
};

TEST(UploadCommand, RunWithACollectorSubmitsEachMeasurementOnce) {
  World w;
  testing::CollectorProcess collector(w.dir.path.string(), "sqlite:" + w.dir.observatory());
  ASSERT_NE(collector.port(), 0) << collector.log();

  auto args = run_args(w.dir, w.helper, w.list);
  args.insert(args.end(), {"--collector", collector.url() + "/"});
  auto r = testing::run_command(args);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("3 submitted to"), std::string::npos) << r.err;
  auto c = counts(w.dir, collector.url());  // the trailing '/' names the same collector
  EXPECT_EQ(c.accepted, 3);
  EXPECT_EQ(c.pending, 0);

  auto again = testing::run_command(
      {testing::ashyq_binary(), "upload", "--db", w.dir.results(), "--collector", collector.url()});
  EXPECT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.err.find("0 submitted"), std::string::npos) << again.err;
  collector.kill_now();
  EXPECT_EQ(stored_at_collector(w.dir.observatory()), 3);
}

// The collector is down during the run: the run measures and stores everything, says what was
// not sent and exits 4; `ashyq upload` sends it once the collector is up. Then the probe loses its
// record of the answers (as if it crashed before writing them) and uploads again: the same bytes
// under the same report, so the collector answers the same uids and keeps each measurement once.
TEST(UploadCommand, WhatTheRunCouldNotSendIsUploadedLaterAndNeverTwice) {
  World w;
  const auto port = closed_port();
  const std::string url = "http://127.0.0.1:" + std::to_string(port);
  auto args = run_args(w.dir, w.helper, w.list);
  args.insert(args.end(), {"--collector", url});
  auto r = testing::run_command(args);
  EXPECT_EQ(r.status, 4) << r.err;
  EXPECT_NE(r.err.find("3 not sent yet"), std::string::npos) << r.err;
  EXPECT_EQ(counts(w.dir, url).pending, 3);

  testing::CollectorProcess collector(w.dir.path.string(), "sqlite:" + w.dir.observatory(), port);
  ASSERT_NE(collector.port(), 0) << collector.log();
  auto upload = testing::run_command(
      {testing::ashyq_binary(), "upload", "--db", w.dir.results(), "--collector", url});
  ASSERT_EQ(upload.status, 0) << upload.err;
  EXPECT_NE(upload.err.find("3 submitted"), std::string::npos) << upload.err;
  std::vector<store::UploadRecord> first;
  {
    auto db = store::ResultsStore::open(w.dir.results());
    ASSERT_TRUE(db);
    first = *(*db)->uploads(url);
  }
  ASSERT_EQ(first.size(), 3u);

  {
    sqlite3* h = nullptr;
    sqlite3_open(w.dir.results().c_str(), &h);
    ASSERT_EQ(sqlite3_exec(h, "DELETE FROM uploads", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(h);
  }
  auto resent = testing::run_command(
      {testing::ashyq_binary(), "upload", "--db", w.dir.results(), "--collector", url});
  ASSERT_EQ(resent.status, 0) << resent.err;
  auto db = store::ResultsStore::open(w.dir.results());
  ASSERT_TRUE(db);
  auto second = *(*db)->uploads(url);
  ASSERT_EQ(second.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(second[i].measurement_uid, first[i].measurement_uid);
    EXPECT_EQ(second[i].report_id, first[i].report_id);
  }
  collector.kill_now();
  EXPECT_EQ(stored_at_collector(w.dir.observatory()), 3);
}

// A volunteer gives one address: the helpers and, with --list auto, the URLs come from the
// collector's check-in (its lists: the probe's country first, then global), and the measurements
// go back to it.
TEST(UploadCommand, OneAddressGivesHelpersListAndUpload) {
  World w;
  const auto lists = w.dir.path / "lists";
  fs::create_directories(lists);
  fs::copy_file(w.list, lists / "global.csv");
  testing::CollectorProcess collector(w.dir.path.string(), "sqlite:" + w.dir.observatory(), 0,
                                      {"--helper", w.helper.url(), "--test-lists", lists.string()});
  ASSERT_NE(collector.port(), 0) << collector.log();

  auto r = testing::run_command({testing::ashyq_binary(), "run", "--accept-risks", "--quiet",
                                 "--db", w.dir.results(), "--allow-loopback", "--list", "auto",
                                 "--collector", collector.url()});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("3 submitted to"), std::string::npos) << r.err;
  auto db = store::ResultsStore::open(w.dir.results());
  ASSERT_TRUE(db);
  auto measured = (*db)->measurements({});
  ASSERT_EQ(measured.size(), 3u);
  for (const auto& m : measured) {
    EXPECT_EQ(m.category, "NEWS");
    EXPECT_EQ(m.method, "none") << m.input;  // the helper from the check-in was the control
  }
  collector.kill_now();
  EXPECT_EQ(stored_at_collector(w.dir.observatory()), 3);

  auto no_collector = testing::run_command({testing::ashyq_binary(), "run", "--accept-risks",
                                            "--db", w.dir.results(), "--list", "auto"});
  EXPECT_EQ(no_collector.status, 2);
  EXPECT_NE(no_collector.err.find("--collector"), std::string::npos) << no_collector.err;
}

TEST(UploadCommand, WrongUse) {
  Dir dir;
  auto no_db =
      testing::run_command({testing::ashyq_binary(), "run", "--accept-risks", "--no-db", "--input",
                            "http://example.org/", "--collector", "http://127.0.0.1:9/"});
  EXPECT_EQ(no_db.status, 2);
  EXPECT_NE(no_db.err.find("--collector"), std::string::npos) << no_db.err;
  auto bad_url = testing::run_command(
      {testing::ashyq_binary(), "upload", "--db", dir.results(), "--collector", "not a url"});
  EXPECT_EQ(bad_url.status, 2);
  EXPECT_NE(bad_url.err.find("--collector"), std::string::npos) << bad_url.err;
  auto ftp = testing::run_command({testing::ashyq_binary(), "upload", "--db", dir.results(),
                                   "--collector", "ftp://collector.example/"});
  EXPECT_EQ(ftp.status, 2);
  EXPECT_NE(ftp.err.find("scheme"), std::string::npos) << ftp.err;
}

}  // namespace
}  // namespace ashyq
