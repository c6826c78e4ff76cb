// Helpers for the collector's tests: the OONI-shaped fixtures as submissions (their report_id
// replaced by a valid one, wrapped as POST /report/{id} wants them), and a temporary database.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "test_source_dir.hpp"

namespace ashyq::collector::testing {

namespace json = boost::json;

inline constexpr const char* kReportId =
    "20240301T100000Z_webconnectivity_KZ_9198_n1_AbCdEfGh0123456789";

// The fixture file's lines (tests/fixtures/ooni/NAME), malformed ones included as they are.
inline std::vector<std::string> fixture_lines(const std::string& name) {
  std::ifstream in(std::string(ASHYQ_TEST_SOURCE_DIR) + "/tests/fixtures/ooni/" + name);
  EXPECT_TRUE(in.good()) << name;
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

// Line `n` (1-based) of web_connectivity_v04.jsonl as a measurement whose report_id is kReportId.
inline json::object fixture_measurement(std::size_t n) {
  auto lines = fixture_lines("web_connectivity_v04.jsonl");
  auto v = json::parse(lines.at(n - 1));
  auto& o = v.as_object();
  o["report_id"] = kReportId;
  return o;
}

// {"format":"json","content":…} as the probe sends it.
inline std::string submission_body(const json::object& content) {
  return core::to_json_text(json::object{{"format", "json"}, {"content", content}});
}

struct TempDb {
  std::string path;
  explicit TempDb(const std::string& name = "db")
      : path("/tmp/ashyq-collector-test-" + std::to_string(getpid()) + "-" + name + ".sqlite") {
    remove_files();
  }
  ~TempDb() { remove_files(); }
  TempDb(const TempDb&) = delete;
  TempDb& operator=(const TempDb&) = delete;
  void remove_files() const {
    for (const char* suffix : {"", "-wal", "-shm", ".log-key"})
      std::remove((path + suffix).c_str());
  }
};

}  // namespace ashyq::collector::testing
