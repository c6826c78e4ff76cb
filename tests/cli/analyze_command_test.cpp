// `ashyq analyze` on OONI-format files: JSONL, gzip, a single pretty-printed document, broken
// lines, and a recorded verdict that the data do not support.
#include <gtest/gtest.h>
#include <zlib.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "support/hostile_bytes.hpp"
#include "support/run.hpp"
#include "test_source_dir.hpp"

namespace ashyq {
namespace {

namespace json = boost::json;
using testing::run_command;

std::string fixture() {
  const char* dir = ASHYQ_TEST_SOURCE_DIR;
  return std::string(dir ? dir : ".") + "/tests/fixtures/ooni/web_connectivity_v04.jsonl";
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<json::object> json_lines(const std::string& out) {
  std::vector<json::object> rows;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line))
    rows.push_back(json::parse(line).as_object());
  return rows;
}

TEST(AnalyzeCommand, ReproducesRecordedV04VerdictsAndExplainsDisagreements) {
  auto r = run_command({testing::ashyq_binary(), "analyze", "--json", fixture()});
  EXPECT_EQ(r.status, 4) << r.err;  // one malformed line was skipped
  EXPECT_NE(r.err.find("web_connectivity_v04.jsonl:3: malformed"), std::string::npos) << r.err;
  auto rows = json_lines(r.out);
  ASSERT_EQ(rows.size(), 6u);
  for (auto& row : rows) {
    for (const char* key : {"input", "recorded_blocking", "recorded_accessible", "blocking",
                            "accessible", "method"}) {
      EXPECT_TRUE(row.contains(key)) << key;
    }
    if (row["input"] == "http://miscoded.example/") {
      EXPECT_EQ(row["agrees"], false);
      EXPECT_EQ(row["recorded_blocking"], "http-diff");
      EXPECT_EQ(row["blocking"], false);
      EXPECT_FALSE(row["explanation"].as_array().empty());
    } else {
      EXPECT_EQ(row["agrees"], true) << json::serialize(row);
      EXPECT_EQ(json::serialize(row["blocking"]), json::serialize(row["recorded_blocking"]));
      EXPECT_EQ(json::serialize(row["accessible"]), json::serialize(row["recorded_accessible"]));
    }
    if (row["input"] == "http://nocontrol.example/")
      EXPECT_EQ(row["method"], "unknown");
  }
  EXPECT_NE(r.err.find("5 agree"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1 of other tests skipped"), std::string::npos) << r.err;
}

// Issue 12: an OONI measurement whose base64 Location header holds 0xF0 made `ashyq analyze
// --json` write that byte raw (in the evidence quoting the redirect), and the whole line was
// unreadable to a strict JSON reader.
TEST(AnalyzeCommand, JsonOutputIsValidUtf8WhenAHeaderIsNot) {
  const std::string path = std::string(ASHYQ_TEST_SOURCE_DIR) +
                           "/tests/fixtures/ooni/web_connectivity_binary_location.jsonl";
  auto r = run_command({testing::ashyq_binary(), "analyze", "--json", path});
  EXPECT_EQ(r.status, 0) << r.err;
  std::istringstream in(r.out);
  std::string line;
  std::size_t lines = 0;
  while (std::getline(in, line)) {
    ++lines;
    ASSERT_TRUE(testing::is_strict_utf8_json(line)) << line;
    auto row = json::parse(line).as_object();
    EXPECT_EQ(row["agrees"], false);
    // The redirect is still quoted, its bad byte shown as U+FFFD.
    EXPECT_NE(json::serialize(row["explanation"]).find("http://other.example/\xEF\xBF\xBD("),
              std::string::npos)
        << line;
  }
  EXPECT_EQ(lines, 1u);
}

TEST(AnalyzeCommand, ReadsGzipLikePlain) {
  std::string plain = slurp(fixture());
  std::string path = "/tmp/ashyq-analyze-test.jsonl.gz";
  gzFile gz = gzopen(path.c_str(), "wb");
  gzwrite(gz, plain.data(), static_cast<unsigned>(plain.size()));
  gzclose(gz);
  auto a = run_command({testing::ashyq_binary(), "analyze", "--json", fixture()});
  auto b = run_command({testing::ashyq_binary(), "analyze", "--json", path});
  std::remove(path.c_str());
  EXPECT_EQ(b.status, 4);
  ASSERT_EQ(json_lines(a.out).size(), json_lines(b.out).size());
  for (size_t i = 0; i < json_lines(a.out).size(); ++i) {
    auto x = json_lines(a.out)[i], y = json_lines(b.out)[i];
    x.erase("file");
    y.erase("file");
    EXPECT_EQ(json::serialize(x), json::serialize(y));
  }
}

TEST(AnalyzeCommand, ReadsOnePrettyPrintedMeasurement) {
  std::istringstream in(slurp(fixture()));
  std::string first;
  std::getline(in, first);
  std::string path = "/tmp/ashyq-analyze-one.json";
  {
    std::ofstream out(path);
    // Spread over many lines, as a person saves a measurement from OONI Explorer.
    auto text = json::serialize(json::parse(first));
    for (char c : text) {
      out << c;
      if (c == ',' || c == '{')
        out << "\n  ";
    }
  }
  auto r = run_command({testing::ashyq_binary(), "analyze", "--json", path});
  std::remove(path.c_str());
  EXPECT_EQ(r.status, 0) << r.err;
  auto rows = json_lines(r.out);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["input"], "http://example.org/");
  EXPECT_EQ(rows[0]["line"], 1);
}

TEST(AnalyzeCommand, HumanOutputEndsWithASummary) {
  auto r = run_command({testing::ashyq_binary(), "analyze", fixture()});
  EXPECT_NE(r.out.find("DISAGREE"), std::string::npos);
  EXPECT_NE(r.out.find("analysed 6 web_connectivity measurements: 5 agree"), std::string::npos)
      << r.out;
}

TEST(AnalyzeCommand, UnreadableFileIsAUsageErrorButOthersAreStillRead) {
  auto r =
      run_command({testing::ashyq_binary(), "analyze", "--json", "/nonexistent.jsonl", fixture()});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("/nonexistent.jsonl"), std::string::npos);
  EXPECT_EQ(json_lines(r.out).size(), 6u);
}

}  // namespace
}  // namespace ashyq
