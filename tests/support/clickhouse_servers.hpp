// ClickHouse servers for tests. Under ctest, the fixture test "clickhouse_start" starts two with
// scripts/clickhouse.sh and names their directory in ASHYQ_CLICKHOUSE_DIR; a test binary run by
// hand starts its own two the first time it asks, and stops them when it exits. The two servers
// are also the two shards of the cluster "ashyq_shards".
//
// Tests share the servers, so each works in a database of its own (unique_clickhouse_database)
// and drops it when done.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "collector/clickhouse_client.hpp"

namespace ashyq::testing {

inline constexpr const char* kClickHouseCluster = "ashyq_shards";

// The servers' endpoints (two); fails the calling test when none can be started.
const std::vector<collector::ClickHouseEndpoint>& clickhouse_servers();

// A database name no other test (or process) uses.
std::string unique_clickhouse_database(std::string_view purpose);

// Drops `database` on every server, at the end of a test.
class ClickHouseDatabase {
 public:
  explicit ClickHouseDatabase(std::string_view purpose)
      : name(unique_clickhouse_database(purpose)) {}
  ~ClickHouseDatabase();
  ClickHouseDatabase(const ClickHouseDatabase&) = delete;
  ClickHouseDatabase& operator=(const ClickHouseDatabase&) = delete;
  const std::string name;
};

}  // namespace ashyq::testing
