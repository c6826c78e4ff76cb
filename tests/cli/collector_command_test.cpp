// `ashyq collector` as an organisation runs it, over real sockets on loopback: submissions from a
// client whose address is 127.45.67.89 leave that address in no file the collector writes, and a
// collector killed with SIGKILL under load keeps every measurement it acknowledged.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "collector/collector_testing.hpp"
#include "collector/sqlite_observatory.hpp"
#include "core/json.hpp"
#include "support/collector_process.hpp"
#include "support/run.hpp"
#include "support/submission_client.hpp"

namespace ashyq {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

// The address the submissions come from: on loopback, so no namespace is needed, and in no
// fixture, so finding it anywhere means the collector wrote it down.
constexpr const char* kClientAddress = "127.45.67.89";

struct Dir {
  fs::path path = fs::temp_directory_path() / ("ashyq-collector-cli-" + std::to_string(getpid()));
  Dir() { fs::create_directories(path); }
  ~Dir() { fs::remove_all(path); }
};

testing::SubmissionAnswer post(unsigned short port, const std::string& target,
                               const std::string& body) {
  return testing::post_from(kClientAddress, port, target, body);
}
std::string open_report(unsigned short port) {
  return testing::open_report(kClientAddress, port);
}
std::string submission(const std::string& report_id, int n) {
  return testing::numbered_submission(report_id, n);
}

std::string file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

TEST(CollectorCommand, TheSubmittersAddressIsInNoFile) {
  Dir dir;
  const std::string db = (dir.path / "observatory.sqlite").string();
  testing::CollectorProcess collector(dir.path.string(), "sqlite:" + db);
  ASSERT_NE(collector.port(), 0) << collector.log();

  const auto report_id = open_report(collector.port());
  ASSERT_FALSE(report_id.empty());
  for (int n = 0; n < 5; ++n) {
    auto answer = post(collector.port(), "/report/" + report_id, submission(report_id, n));
    ASSERT_EQ(answer.status, 200) << answer.body;
  }
  // A refused submission (its probe_ip is a real address) is not kept either.
  auto content = collector::testing::fixture_measurement(1);
  content["report_id"] = report_id;
  content["probe_ip"] = kClientAddress;
  auto refused =
      post(collector.port(), "/report/" + report_id, collector::testing::submission_body(content));
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(post(collector.port(), "/report/" + report_id + "/close", "").status, 200);
  collector.kill_now();

  // The client's address in text and as the four bytes of an IPv4 address.
  const std::string binary("\x7f\x2d\x43\x59", 4);
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir.path)) {
    if (!entry.is_regular_file())
      continue;
    ++files;
    const auto bytes = file_bytes(entry.path());
    EXPECT_EQ(bytes.find(kClientAddress), std::string::npos) << entry.path();
    EXPECT_EQ(bytes.find(binary), std::string::npos) << entry.path();
  }
  EXPECT_GE(files, 2u);  // the database and the log at least
  auto store = collector::SqliteObservatory::open(db);
  ASSERT_TRUE(store) << store.error().message();
  collector::MeasurementQuery all;
  all.since = "2000-01-01 00:00:00";
  auto page = (*store)->measurements(all);
  ASSERT_TRUE(page) << page.error().message();
  EXPECT_EQ(page->total, 5);
}

// Eight clients submit as fast as they can; the collector is killed without warning while they
// do. Every uid it answered 200 for is in the database when it is opened again.
TEST(CollectorCommand, KilledUnderLoadKeepsEveryAcknowledgedMeasurement) {
  Dir dir;
  const std::string db = (dir.path / "observatory.sqlite").string();
  testing::CollectorProcess collector(dir.path.string(), "sqlite:" + db);
  ASSERT_NE(collector.port(), 0) << collector.log();
  const auto report_id = open_report(collector.port());
  ASSERT_FALSE(report_id.empty());

  const auto load = testing::submit_until_killed(kClientAddress, collector.port(), report_id, 50,
                                                 [&] { collector.kill_now(); });
  const auto& acknowledged = load.acknowledged;
  ASSERT_GE(acknowledged.size(), 50u) << collector.log();
  ASSERT_GT(load.attempted, static_cast<int>(acknowledged.size()))
      << "every request was acknowledged: the kill came after the load";

  auto store = collector::SqliteObservatory::open(db);
  ASSERT_TRUE(store) << store.error().message();
  std::size_t missing = 0;
  for (const auto& uid : acknowledged) {
    auto found = (*store)->find(uid);
    ASSERT_TRUE(found) << found.error().message();
    missing += !found->has_value();
  }
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged";
}

}  // namespace
}  // namespace ashyq

namespace ashyq {
namespace {

// Every flag can come from the config file's [collector] section, as for the other commands.
TEST(CollectorCommand, TakesItsFlagsFromTheConfigFile) {
  Dir dir;
  const auto db = dir.path / "from-config.sqlite";
  const auto config = dir.path / "config.toml";
  std::ofstream(config) << "[collector]\nlisten = \"127.0.0.1:0\"\nstore = \"sqlite:" << db.string()
                        << "\"\ncollector-id = 7\nthreads = 2\n";
  testing::CollectorProcess collector(
      dir.path.string(), std::vector<std::string>{"--config", config.string(), "collector"});
  ASSERT_NE(collector.port(), 0) << collector.log();
  const auto report_id = open_report(collector.port());
  EXPECT_NE(report_id.find("_n7_"), std::string::npos) << report_id;
  auto answer = post(collector.port(), "/report/" + report_id, submission(report_id, 0));
  ASSERT_EQ(answer.status, 200) << answer.body;
  collector.kill_now();

  auto store = collector::SqliteObservatory::open(db.string());
  ASSERT_TRUE(store) << store.error().message();
  auto found = (*store)->find(testing::uid_of(answer));
  ASSERT_TRUE(found && *found);
}

}  // namespace
}  // namespace ashyq

namespace ashyq {
namespace {

// A wrong --store is a usage error naming the spec (its password hidden); a store that cannot be
// reached is the environment's failure, and says which.
TEST(CollectorCommand, AWrongStoreIsAUsageErrorAnAbsentOneTheEnvironments) {
  Dir dir;
  auto wrong =
      testing::run_command({testing::ashyq_binary(), "collector", "--listen", "127.0.0.1:0",
                            "--store", "clickhouse:http://127.0.0.1:1/?password=hunter2"});
  EXPECT_EQ(wrong.status, 2) << wrong.err;
  EXPECT_NE(wrong.err.find("spool=PATH is required"), std::string::npos) << wrong.err;
  EXPECT_EQ(wrong.err.find("hunter2"), std::string::npos) << wrong.err;

  // Port 1 on loopback: nothing listens there.
  auto absent = testing::run_command(
      {testing::ashyq_binary(), "collector", "--listen", "127.0.0.1:0", "--store",
       "clickhouse:http://127.0.0.1:1/?spool=" + (dir.path / "spool.sqlite").string()});
  EXPECT_EQ(absent.status, 3) << absent.err;
  EXPECT_NE(absent.err.find("clickhouse http://127.0.0.1:1/"), std::string::npos) << absent.err;
}

}  // namespace
}  // namespace ashyq
