// `ashyq collector --store clickhouse:…` as an organisation runs it at scale: the binary under
// test, writing through the two-shard cluster, killed with SIGKILL while eight clients submit.
// Every measurement it answered 200 for reaches ClickHouse once it is started again, and none
// twice.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "collector/clickhouse_observatory.hpp"
#include "support/clickhouse_servers.hpp"
#include "support/collector_process.hpp"
#include "support/submission_client.hpp"

namespace ashyq {
namespace {

namespace fs = std::filesystem;

constexpr const char* kClient = "127.0.0.1";

struct Dir {
  fs::path path = fs::temp_directory_path() / ("ashyq-collector-ch-" + std::to_string(getpid()));
  Dir() { fs::create_directories(path); }
  ~Dir() { fs::remove_all(path); }
};

std::string store_spec(const collector::ClickHouseEndpoint& e, const std::string& database,
                       const std::string& spool) {
  return "clickhouse:http://" + e.host + ":" + e.port + "/?spool=" + spool +
         "&database=" + database + "&cluster=" + testing::kClickHouseCluster;
}

TEST(CollectorCommandClickHouse, KilledUnderLoadKeepsEveryAcknowledgedMeasurementOnce) {
  const auto& servers = testing::clickhouse_servers();
  ASSERT_EQ(servers.size(), 2u);
  Dir dir;
  testing::ClickHouseDatabase db("cli_kill");
  // Each shard's local tables, as the deployment notes say: open each shard once on its own.
  for (std::size_t i = 0; i < servers.size(); ++i) {
    collector::ClickHouseStoreSettings shard;
    shard.endpoint = servers[i];
    shard.database = db.name;
    shard.spool_path = (dir.path / ("shard" + std::to_string(i) + ".spool")).string();
    auto opened = collector::ClickHouseObservatory::open(shard);
    ASSERT_TRUE(opened) << opened.error().message();
  }
  const std::string spool = (dir.path / "collector.spool").string();

  testing::KilledLoad load;
  {
    testing::CollectorProcess collector(dir.path.string(), store_spec(servers[0], db.name, spool));
    ASSERT_NE(collector.port(), 0) << collector.log();
    const auto report_id = testing::open_report(kClient, collector.port());
    ASSERT_FALSE(report_id.empty());
    load = testing::submit_until_killed(kClient, collector.port(), report_id, 300,
                                        [&] { collector.kill_now(); });
    ASSERT_GE(load.acknowledged.size(), 300u) << collector.log();
  }
  const auto& acknowledged = load.acknowledged;
  ASSERT_GT(load.attempted, static_cast<int>(acknowledged.size()))
      << "every request was acknowledged: the kill came after the load";

  // The next start drains what the killed one had spooled and not yet sent.
  collector::ClickHouseStoreSettings again;
  again.endpoint = servers[0];
  again.database = db.name;
  again.cluster = testing::kClickHouseCluster;
  again.spool_path = spool;
  auto store = collector::ClickHouseObservatory::open(again);
  ASSERT_TRUE(store) << store.error().message();
  ASSERT_TRUE((*store)->flush());
  std::size_t missing = 0;
  for (const auto& uid : acknowledged) {
    auto found = (*store)->find(uid);
    ASSERT_TRUE(found) << found.error().message();
    missing += !found->has_value();
  }
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged";

  // Nothing twice, on either shard: as many rows as distinct uids, bodies likewise.
  collector::ClickHouseClient client(servers[0]);
  for (const char* table : {"measurements", "raw_measurements"}) {
    auto counts = client.query("SELECT count(), uniqExact(measurement_uid) FROM " + db.name + "." +
                               table + " FORMAT TSV");
    ASSERT_TRUE(counts) << counts.error().message();
    const auto tab = counts->find('\t');
    ASSERT_NE(tab, std::string::npos) << *counts;
    EXPECT_EQ(std::stoll(counts->substr(0, tab)), std::stoll(counts->substr(tab + 1))) << table;
    EXPECT_GE(std::stoll(counts->substr(0, tab)), static_cast<long long>(acknowledged.size()))
        << table;
  }
}

}  // namespace
}  // namespace ashyq
