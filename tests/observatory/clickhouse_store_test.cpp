// What only the ClickHouse store has: the spool between an answer and ClickHouse, exactly-once
// drains, and answers equal to SQLite's for the same data, through one server or a two-shard
// cluster.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "collector/clickhouse_observatory.hpp"
#include "collector/collector_testing.hpp"
#include "collector/generated_rows.hpp"
#include "collector/read_api.hpp"
#include "collector/sqlite_observatory.hpp"
#include "support/clickhouse_servers.hpp"

namespace ashyq::collector {
namespace {

using testing::generated_body;
using testing::generated_leaf;
using testing::leaf_of;
using testing::generated_row;
using testing::kGeneratedRows;
using testing::TempDb;

const SysSeconds kNow = *parse_ooni_time("2026-12-05 09:00:00");

ClickHouseStoreSettings settings_for(const ashyq::testing::ClickHouseDatabase& db,
                                     const TempDb& spool, std::size_t server = 0) {
  ClickHouseStoreSettings s;
  s.endpoint = ashyq::testing::clickhouse_servers().at(server);
  s.database = db.name;
  s.spool_path = spool.path;
  return s;
}

std::unique_ptr<ClickHouseObservatory> open_or_fail(const ClickHouseStoreSettings& s) {
  auto opened = ClickHouseObservatory::open(s);
  EXPECT_TRUE(opened) << opened.error().message();
  return opened ? std::move(opened).value() : nullptr;
}

std::int64_t count_rows(const ashyq::testing::ClickHouseDatabase& db, const std::string& table) {
  auto answer = ClickHouseClient(ashyq::testing::clickhouse_servers().at(0))
                    .query("SELECT count() FROM " + db.name + "." + table);
  EXPECT_TRUE(answer) << answer.error().message();
  return answer ? std::stoll(*answer) : -1;
}

TEST(ClickHouseStore, WhatClickHouseRefusesWaitsInTheSpoolAndArrivesLater) {
  ashyq::testing::ClickHouseDatabase db("refused");
  TempDb spool("refused-spool");
  auto s = settings_for(db, spool);
  {
    auto store = open_or_fail(s);
    ASSERT_TRUE(store);
    // ClickHouse loses the table: inserts are still accepted (durably, into the spool)...
    ASSERT_TRUE(
        ClickHouseClient(s.endpoint).query("DROP TABLE " + db.name + ".measurements_local"));
    for (int i = 0; i < 5; ++i) {
      auto added = store->insert(generated_row(i), generated_body(i), generated_leaf(i));
      ASSERT_TRUE(added) << added.error().message();
      EXPECT_TRUE(*added);
    }
    // ... and reads say why they cannot answer.
    auto flushed = store->flush();
    ASSERT_FALSE(flushed);
    EXPECT_NE(flushed.error().message().find("clickhouse http://"), std::string::npos)
        << flushed.error().message();
    EXPECT_FALSE(store->measurements({}));
    // A retry of a spooled measurement is known without ClickHouse.
    auto again = store->insert(generated_row(0), generated_body(0), generated_leaf(0));
    ASSERT_TRUE(again);
    EXPECT_FALSE(*again);
  }
  auto spooled = ObservatorySpool::open(spool.path);
  ASSERT_TRUE(spooled);
  EXPECT_EQ(*(*spooled)->pending_count(), 5);
  spooled->reset();

  // The collector restarts and ClickHouse has its table again: nothing was lost, nothing doubled.
  auto store = open_or_fail(s);
  ASSERT_TRUE(store);
  MeasurementQuery q;
  q.limit = 1000;
  auto page = store->measurements(q);
  ASSERT_TRUE(page) << page.error().message();
  EXPECT_EQ(page->total, 5);
  auto found = store->find(generated_row(3).measurement_uid);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->body, generated_body(3));
  EXPECT_EQ(count_rows(db, "measurements_local"), 5);
}

TEST(ClickHouseStore, ABatchAlreadyInClickHouseIsNotWrittenTwice) {
  // Two collectors (two spools) on one database receive the same bodies, as when a probe retries
  // through a load balancer; the second drain finds the uids there and writes nothing.
  ashyq::testing::ClickHouseDatabase db("twice");
  TempDb spool_a("twice-a"), spool_b("twice-b");
  auto a = open_or_fail(settings_for(db, spool_a));
  auto b = open_or_fail(settings_for(db, spool_b));
  ASSERT_TRUE(a && b);
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(a->insert(generated_row(i), generated_body(i), generated_leaf(i)));
    ASSERT_TRUE(a->flush());
    ASSERT_TRUE(b->insert(generated_row(i), generated_body(i), generated_leaf(i)));
  }
  ASSERT_TRUE(b->flush());
  EXPECT_EQ(count_rows(db, "measurements_local"), 10);
  auto page = b->measurements({});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 10);
}

// Every read-API answer from SQLite, one ClickHouse server and the two-shard cluster, for the
// same 60 measurements, compared as JSON text.
TEST(ClickHouseStore, EveryReadApiAnswerEqualsSqlitesOnOneServerAndOnTwoShards) {
  TempDb sqlite_file("agree-sqlite"), spool_one("agree-one"), spool_cluster("agree-cluster"),
      spool_shard0("agree-shard0"), spool_shard1("agree-shard1");
  ashyq::testing::ClickHouseDatabase one_db("agree_one"), cluster_db("agree_cluster");

  auto sqlite = SqliteObservatory::open(sqlite_file.path);
  ASSERT_TRUE(sqlite);
  auto one = open_or_fail(settings_for(one_db, spool_one));
  ASSERT_TRUE(open_or_fail(settings_for(cluster_db, spool_shard0, 0)));
  ASSERT_TRUE(open_or_fail(settings_for(cluster_db, spool_shard1, 1)));
  auto cluster_settings = settings_for(cluster_db, spool_cluster);
  cluster_settings.cluster = ashyq::testing::kClickHouseCluster;
  auto cluster = open_or_fail(cluster_settings);
  ASSERT_TRUE(one && cluster);

  std::vector<ObservatoryStore*> stores = {sqlite->get(), one.get(), cluster.get()};
  for (int i = 0; i < kGeneratedRows; ++i)
    for (auto* store : stores)
      ASSERT_TRUE(store->insert(generated_row(i), generated_body(i), generated_leaf(i)));

  // The cluster really is two shards: each holds part of the rows.
  auto shard_count = [&](std::size_t server) {
    auto answer = ClickHouseClient(ashyq::testing::clickhouse_servers().at(server))
                      .query("SELECT count() FROM " + cluster_db.name + ".measurements_local");
    return answer ? std::stoll(*answer) : -1;
  };
  ASSERT_TRUE(cluster->flush());
  EXPECT_GT(shard_count(0), 0);
  EXPECT_GT(shard_count(1), 0);
  EXPECT_EQ(shard_count(0) + shard_count(1), kGeneratedRows);

  const std::vector<QueryParams> listings = {
      {},
      {{"probe_cc", "KZ"}, {"limit", "7"}, {"offset", "3"}},
      {{"order_by", "input"}, {"order", "asc"}, {"limit", "50"}},
      {{"order_by", "probe_asn"}, {"order", "desc"}},
      {{"anomaly", "true"}, {"since", "2026-12-02"}},
      {{"domain", "d2.example"}, {"failure", "false"}},
      {{"category_code", "NEWS"}, {"confirmed", "true"}},
      {{"probe_asn", "AS48503"}, {"until", "2026-12-03"}},
      {{"report_id", "20261201T100000Z_webconnectivity_KZ_9198_n1_gen1"}},
  };
  for (const auto& params : listings) {
    std::vector<std::string> answers;
    for (auto* store : stores) {
      auto q = parse_measurements_query(params, kNow);
      ASSERT_TRUE(q) << q.error().message();
      auto page = store->measurements(*q);
      ASSERT_TRUE(page) << page.error().message();
      answers.push_back(boost::json::serialize(
          measurements_json(*q, *page, PageContext{"https://c.test", params, 0.5})));
    }
    EXPECT_EQ(answers[1], answers[0]);
    EXPECT_EQ(answers[2], answers[0]);
  }

  const std::vector<QueryParams> aggregations = {
      {},
      {{"axis_x", "measurement_start_day"}, {"axis_y", "probe_asn"}},
      {{"axis_x", "domain"}, {"probe_cc", "RU"}},
      {{"axis_x", "method"}, {"axis_y", "category_code"}},
      {{"axis_x", "input"}, {"format", "CSV"}},
      {{"axis_x", "test_name"}, {"axis_y", "probe_cc"}, {"anomaly", "true"}},
  };
  for (const auto& params : aggregations) {
    std::vector<std::string> answers;
    for (auto* store : stores) {
      auto r = parse_aggregation_query(params, kNow);
      ASSERT_TRUE(r) << r.error().message();
      auto cells = store->aggregation(r->query, r->axis_x, r->axis_y);
      ASSERT_TRUE(cells) << cells.error().message();
      answers.push_back(r->csv ? aggregation_csv(*r, *cells)
                               : boost::json::serialize(aggregation_json(*r, *cells)));
    }
    EXPECT_EQ(answers[1], answers[0]);
    EXPECT_EQ(answers[2], answers[0]);
  }

  for (int i : {0, 17, 59}) {
    std::vector<std::string> answers;
    for (auto* store : stores) {
      auto found = store->find(generated_row(i).measurement_uid);
      ASSERT_TRUE(found && *found);
      answers.push_back(boost::json::serialize(measurement_meta_json(**found, true)));
    }
    EXPECT_EQ(answers[1], answers[0]);
    EXPECT_EQ(answers[2], answers[0]);
  }
}

TEST(ClickHouseStore, OpeningSaysWhatIsWrong) {
  TempDb spool("wrong-spool");
  ashyq::testing::ClickHouseDatabase db("wrong");
  auto s = settings_for(db, spool);
  s.endpoint.port = "1";  // nothing listens there
  s.endpoint.timeout = std::chrono::seconds(5);
  auto refused = ClickHouseObservatory::open(s);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message().find("clickhouse http://127.0.0.1:1/"), std::string::npos)
      << refused.error().message();

  // A cluster whose shards lack the local tables is refused at start, not at the first insert.
  auto c = settings_for(db, spool);
  c.cluster = ashyq::testing::kClickHouseCluster;
  auto missing = ClickHouseObservatory::open(c);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("cannot prepare the schema"), std::string::npos)
      << missing.error().message();
}

}  // namespace
}  // namespace ashyq::collector
