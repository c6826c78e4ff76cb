// A blocking client for ClickHouse's HTTP interface (POST /, the query in the URL or the body),
// for the ClickHouse observatory store. Every call has a deadline and a cap on the answer; a
// refusal from the server comes back as an Error carrying the first line of its message.
// One connection per call: the store makes few, large calls (batched inserts, one query per
// read-API request), so connection reuse would buy little.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ashyq::collector {

struct ClickHouseEndpoint {
  std::string host = "127.0.0.1";
  std::string port = "8123";
  std::string user;      // empty: ClickHouse's "default"
  std::string password;  // sent as a query parameter: keep ClickHouse on loopback or a private net
  std::chrono::milliseconds timeout{30'000};
  std::size_t response_cap = 64 * 1024 * 1024;

  std::string where() const { return "clickhouse http://" + host + ":" + port + "/"; }
};

using ClickHouseSettings = std::map<std::string, std::string>;

class ClickHouseClient {
 public:
  explicit ClickHouseClient(ClickHouseEndpoint endpoint) : endpoint_(std::move(endpoint)) {}

  // Runs `sql` (sent as the request body) and returns what the server answered.
  core::Result<std::string> query(std::string_view sql,
                                  const ClickHouseSettings& settings = {}) const;

  // Runs `insert` ("INSERT INTO t FORMAT JSONEachRow", sent in the URL) with `data` as the body.
  core::Result<std::string> insert(std::string_view insert, std::string_view data,
                                   const ClickHouseSettings& settings = {}) const;

  const ClickHouseEndpoint& endpoint() const { return endpoint_; }

 private:
  core::Result<std::string> post(ClickHouseSettings params, std::string_view body) const;

  ClickHouseEndpoint endpoint_;
};

// `text` as a ClickHouse string literal, quoted: every byte kept, backslash and quote escaped.
std::string clickhouse_string(std::string_view text);

}  // namespace ashyq::collector
