// `--store` specs: which store they open, and what an operator reads when one is wrong.
#include "collector/store_spec.hpp"

#include <gtest/gtest.h>

#include "collector/clickhouse_observatory.hpp"
#include "collector/collector_testing.hpp"
#include "collector/sqlite_observatory.hpp"

namespace ashyq::collector {
namespace {

TEST(ClickHouseStoreSpec, ReadsEveryPart) {
  auto s = parse_clickhouse_store(
      "http://10.0.0.7:9123/?spool=/var/lib/ashyq/spool.sqlite&database=kz_obs&cluster=shards"
      "&user=writer&password=s%26cret");
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_EQ(s->endpoint.host, "10.0.0.7");
  EXPECT_EQ(s->endpoint.port, "9123");
  EXPECT_EQ(s->endpoint.user, "writer");
  EXPECT_EQ(s->endpoint.password, "s&cret");  // percent-decoded
  EXPECT_EQ(s->spool_path, "/var/lib/ashyq/spool.sqlite");
  EXPECT_EQ(s->database, "kz_obs");
  EXPECT_EQ(s->cluster, "shards");
}

TEST(ClickHouseStoreSpec, DefaultsAreOneServerOnItsHttpPortAndDatabaseAshyq) {
  auto s = parse_clickhouse_store("http://127.0.0.1/?spool=spool.sqlite");
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_EQ(s->endpoint.port, "8123");
  EXPECT_EQ(s->database, "ashyq");
  EXPECT_TRUE(s->cluster.empty());
  EXPECT_TRUE(s->endpoint.user.empty());
}

TEST(ClickHouseStoreSpec, EachMistakeIsNamed) {
  struct Case {
    const char* spec;
    const char* says;
  };
  const Case cases[] = {
      {"127.0.0.1:8123", "not a URL"},
      {"https://127.0.0.1:8443/?spool=s", "only http://"},
      {"http://127.0.0.1:8123/", "spool=PATH is required"},
      {"http://127.0.0.1:8123/db?spool=s", "the path must be /"},
      {"http://127.0.0.1:8123/?spool=s&replicas=2", "unknown parameter 'replicas'"},
      {"http://127.0.0.1:8123/?spool=s&database=a;DROP", "not a plain identifier"},
      {"http://127.0.0.1:8123/?spool=s&cluster=x%20y", "not a plain identifier"},
  };
  for (const auto& c : cases) {
    auto s = parse_clickhouse_store(c.spec);
    ASSERT_FALSE(s) << c.spec;
    EXPECT_NE(s.error().message().find(c.says), std::string::npos)
        << c.spec << " → " << s.error().message();
    EXPECT_NE(s.error().where.find("--store clickhouse:"), std::string::npos) << c.spec;
  }
}

TEST(ClickHouseStoreSpec, APasswordIsNeverPrinted) {
  const std::string spec = "clickhouse:http://h:1/?user=u&password=hunter2&spool=s";
  EXPECT_EQ(printable_store_spec(spec), "clickhouse:http://h:1/?user=u&password=…&spool=s");
  auto s = parse_clickhouse_store("http://h:1/?password=hunter2&spool=s&database=x-y");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message().find("hunter2"), std::string::npos) << s.error().message();
  auto refused = parse_store_spec("mysql:h?password=hunter2");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message().find("hunter2"), std::string::npos);
}

TEST(StoreSpec, OpensSqliteAndRefusesWhatItDoesNotKnow) {
  testing::TempDb db("store-spec");
  auto spec = parse_store_spec("sqlite:" + db.path);
  ASSERT_TRUE(spec) << spec.error().message();
  EXPECT_EQ(std::get<SqliteStoreSpec>(*spec).path, db.path);
  auto opened = open_observatory_store(*spec);
  ASSERT_TRUE(opened) << opened.error().message();
  EXPECT_NE(dynamic_cast<SqliteObservatory*>(opened->get()), nullptr);

  auto clickhouse = parse_store_spec("clickhouse:http://127.0.0.1:9/?spool=s");
  ASSERT_TRUE(clickhouse) << clickhouse.error().message();
  EXPECT_EQ(std::get<ClickHouseStoreSettings>(*clickhouse).endpoint.port, "9");

  for (const char* bad : {"", "sqlite:", "postgres://h/db", "/tmp/observatory.sqlite"}) {
    auto refused = parse_store_spec(bad);
    ASSERT_FALSE(refused) << bad;
    EXPECT_NE(refused.error().message().find("expected sqlite:PATH or clickhouse:"),
              std::string::npos)
        << refused.error().message();
  }
}

}  // namespace
}  // namespace ashyq::collector
