#include "support/clickhouse_servers.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "test_source_dir.hpp"

namespace ashyq::testing {

namespace {

std::string script() {
  return std::string(ASHYQ_TEST_SOURCE_DIR) + "/scripts/clickhouse.sh";
}

// Servers this process started itself (no ctest fixture): stopped at exit.
std::string& own_dir() {
  static std::string dir;
  return dir;
}

void stop_own_servers() {
  if (own_dir().empty())
    return;
  std::string command = script() + " stop '" + own_dir() + "' >/dev/null 2>&1";
  (void)std::system(command.c_str());
  std::error_code ignored;
  std::filesystem::remove_all(own_dir(), ignored);
}

std::vector<collector::ClickHouseEndpoint> read_urls(const std::string& dir) {
  std::vector<collector::ClickHouseEndpoint> out;
  std::ifstream in(dir + "/urls");
  std::string url;
  while (std::getline(in, url)) {
    // "http://127.0.0.1:PORT/"
    auto host_at = url.find("://");
    auto port_at = url.rfind(':');
    if (host_at == std::string::npos || port_at == std::string::npos || port_at < host_at + 3)
      continue;
    collector::ClickHouseEndpoint e;
    e.host = url.substr(host_at + 3, port_at - host_at - 3);
    e.port = url.substr(port_at + 1);
    if (!e.port.empty() && e.port.back() == '/')
      e.port.pop_back();
    e.timeout = std::chrono::seconds(60);
    out.push_back(e);
  }
  return out;
}

std::vector<collector::ClickHouseEndpoint> find_or_start() {
  if (const char* dir = std::getenv("ASHYQ_CLICKHOUSE_DIR"); dir && *dir)
    return read_urls(dir);
  char pattern[] = "/tmp/ashyq-clickhouse-XXXXXX";
  if (!mkdtemp(pattern))
    return {};
  own_dir() = pattern;
  std::atexit(stop_own_servers);
  std::string command = script() + " start '" + own_dir() + "' 2 >/dev/null";
  if (std::system(command.c_str()) != 0)
    return {};
  return read_urls(own_dir());
}

}  // namespace

const std::vector<collector::ClickHouseEndpoint>& clickhouse_servers() {
  static const std::vector<collector::ClickHouseEndpoint> servers = find_or_start();
  EXPECT_EQ(servers.size(), 2u) << "no ClickHouse servers (scripts/clickhouse.sh start failed?)";
  return servers;
}

std::string unique_clickhouse_database(std::string_view purpose) {
  static std::atomic<int> next{0};
  std::string name = "test_" + std::to_string(getpid()) + "_" + std::to_string(next++) + "_";
  for (char c : purpose)
    name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

ClickHouseDatabase::~ClickHouseDatabase() {
  for (const auto& e : clickhouse_servers())
    (void)collector::ClickHouseClient(e).query("DROP DATABASE IF EXISTS " + name);
}

}  // namespace ashyq::testing
