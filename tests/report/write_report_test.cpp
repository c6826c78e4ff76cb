// write_report: the directory's files, the counts it returns, errors that name the file.
#include "report/write_report.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace ashyq::report {
namespace {

namespace fs = std::filesystem;

class WriteReport : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("ashyq-report-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string slurp(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }

  static ReportInput input() {
    ReportInput in;
    for (const char* method : {"tls", "tls", "tcp_ip", "none", "unknown"}) {
      store::MeasurementSummary s;
      s.domain = std::string(method) + std::to_string(in.measurements.size()) + ".kz";
      s.input = "https://" + s.domain + "/";
      s.method = method;
      in.measurements.push_back(s);
    }
    return in;
  }

  fs::path dir_;
};

TEST_F(WriteReport, WritesEveryFileAndReturnsTheCounts) {
  const fs::path raw = fs::temp_directory_path() / ("ashyq-raw-" + std::to_string(::getpid()));
  std::ofstream(raw) << "{\"test_name\":\"web_connectivity\"}\n";
  const auto r = write_report(dir_ / "nested", input(), raw);
  fs::remove(raw);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->counts.measurements, 5u);
  EXPECT_EQ(r->counts.blocked, 3u);
  EXPECT_EQ(r->counts.count("tls"), 2u);
  EXPECT_EQ(r->counts.count("tcp_ip"), 1u);
  EXPECT_EQ(r->counts.accessible, 1u);
  EXPECT_EQ(r->counts.undecided, 1u);
  ASSERT_EQ(r->files.size(), 4u);
  EXPECT_EQ(r->files.back().filename(), "report.html") << "written last";
  for (const char* name :
       {"report.html", "measurements.csv", "summary.jsonl", "measurements.jsonl"}) {
    EXPECT_TRUE(fs::is_regular_file(dir_ / "nested" / name)) << name;
    EXPECT_FALSE(fs::exists(dir_ / "nested" / (std::string(name) + ".partial"))) << name;
  }
  EXPECT_EQ(slurp(dir_ / "nested" / "measurements.jsonl"),
            "{\"test_name\":\"web_connectivity\"}\n");
  const std::string html = slurp(dir_ / "nested" / "report.html");
  EXPECT_NE(html.find("<a href=\"measurements.csv\">"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"measurements.jsonl\">"), std::string::npos);
  const std::string jsonl = slurp(dir_ / "nested" / "summary.jsonl");
  EXPECT_EQ(std::count(jsonl.begin(), jsonl.end(), '\n'), 5);
}

TEST_F(WriteReport, WithoutRawMeasurementsNoCopy) {
  const auto r = write_report(dir_, input());
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->files.size(), 3u);
  EXPECT_FALSE(fs::exists(dir_ / "measurements.jsonl"));
  EXPECT_EQ(slurp(dir_ / "report.html").find("measurements.jsonl"), std::string::npos);
}

TEST_F(WriteReport, RawMeasurementsAlreadyInPlaceAreLeftAlone) {
  fs::create_directories(dir_);
  std::ofstream(dir_ / "measurements.jsonl") << "{}\n";
  const auto r = write_report(dir_, input(), dir_ / "measurements.jsonl");
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(slurp(dir_ / "measurements.jsonl"), "{}\n");
}

TEST_F(WriteReport, ErrorNamesTheFile) {
  fs::create_directories(dir_ / "report.html");  // a directory where the file should go
  const auto r = write_report(dir_, input());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("report.html"), std::string::npos) << r.error().message();
  EXPECT_FALSE(fs::exists(dir_ / "report.html.partial"));
}

TEST_F(WriteReport, ErrorNamesTheDirectory) {
  fs::create_directories(dir_);
  std::ofstream(dir_ / "file") << "x";
  const auto r = write_report(dir_ / "file" / "sub", input());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("file/sub"), std::string::npos) << r.error().message();
}

TEST_F(WriteReport, MissingRawFileNamesIt) {
  const auto r = write_report(dir_, input(), dir_ / "no-such.jsonl");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("no-such.jsonl"), std::string::npos) << r.error().message();
  EXPECT_FALSE(fs::exists(dir_ / "report.html"));
}

}  // namespace
}  // namespace ashyq::report
