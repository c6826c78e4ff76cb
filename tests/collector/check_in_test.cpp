// Check-in: the request's fields are checked by name; the URLs come country first, then global,
// without repeats, in the requested categories, cut to OONI's limits.
#include "collector/check_in.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

namespace ashyq::collector {
namespace {

namespace json = boost::json;

constexpr const char* kHeader = "url,category_code,category_description,date_added,source,notes\n";

// ctest runs each test in a process of its own, several at once: each process writes its own
// lists (a shared directory was truncated by one test while another read it), removed at exit.
struct ListsDir {
  std::string path = ::testing::TempDir() + "/check-in-lists-" + std::to_string(getpid());
  ~ListsDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

std::string make_lists() {
  static const ListsDir lists_dir;
  const std::string& dir = lists_dir.path;
  std::filesystem::create_directories(dir);
  std::ofstream kz(dir + "/kz.csv");
  kz << kHeader;
  for (int i = 0; i < 30; ++i)
    kz << "https://kz" << i << ".example/," << (i % 2 ? "NEWS" : "HUMR") << ",x,2020-01-01,x,\n";
  std::ofstream global(dir + "/global.csv");
  global << kHeader << "https://kz0.example/,HUMR,x,2020-01-01,x,\n";
  for (int i = 0; i < 200; ++i)
    global << "https://g" << i << ".example/,NEWS,x,2020-01-01,x,\n";
  return dir;
}

CheckInRequest request(const char* body) {
  auto parsed = parse_check_in(json::parse(body));
  EXPECT_TRUE(parsed) << parsed.error().message();
  return parsed ? parsed.value() : CheckInRequest{};
}

TEST(CheckIn, CountryFirstThenGlobalWithinOonisLimits) {
  TestListCatalog lists(make_lists());
  auto charging = check_in_urls(request(R"({"probe_cc":"KZ","charging":true})"), lists);
  ASSERT_EQ(charging.size(), 100u);
  EXPECT_EQ(charging[0].url, "https://kz0.example/");
  EXPECT_EQ(charging[0].country_code, "KZ");
  EXPECT_EQ(charging[29].country_code, "KZ");
  EXPECT_EQ(charging[30].url, "https://g0.example/");  // kz0 is not listed twice
  EXPECT_EQ(charging[30].country_code, "XX");
  EXPECT_EQ(check_in_urls(request(R"({"probe_cc":"KZ","charging":false})"), lists).size(), 20u);
  EXPECT_EQ(check_in_urls(request(R"({"probe_cc":"KZ","run_type":"manual"})"), lists).size(), 230u);
  // A country without a list gets the global one.
  auto fr = check_in_urls(request(R"({"probe_cc":"fr","run_type":"manual"})"), lists);
  ASSERT_EQ(fr.size(), 201u);
  EXPECT_EQ(fr[0].country_code, "XX");
}

TEST(CheckIn, CategoriesFilter) {
  TestListCatalog lists(make_lists());
  auto humr = check_in_urls(
      request(
          R"({"probe_cc":"KZ","run_type":"manual","web_connectivity":{"category_codes":["HUMR"]}})"),
      lists);
  ASSERT_EQ(humr.size(), 15u);
  for (const auto& u : humr)
    EXPECT_EQ(u.category_code, "HUMR");
}

TEST(CheckIn, WrongFieldsAreNamed) {
  struct Row {
    const char* body;
    const char* where;
  } rows[] = {
      {R"([])", "body"},
      {R"({"probe_cc":3})", "probe_cc"},
      {R"({"probe_cc":"KAZ"})", "probe_cc"},
      {R"({"charging":"yes"})", "charging"},
      {R"({"probe_asn":"9198"})", "probe_asn"},
      {R"({"run_type":"sometimes"})", "run_type"},
      {R"({"web_connectivity":{"category_codes":[1]}})", "web_connectivity.category_codes"},
  };
  for (const auto& row : rows) {
    auto parsed = parse_check_in(json::parse(row.body));
    ASSERT_FALSE(parsed) << row.body;
    EXPECT_EQ(parsed.error().where, row.where) << row.body;
  }
}

TEST(CheckIn, AnswerCarriesReportIdUrlsAndHelpers) {
  TestListCatalog lists(make_lists());
  auto r = request(R"({"probe_cc":"KZ","probe_asn":"AS9198","charging":false})");
  auto answer = check_in_answer(
      r, check_in_urls(r, lists), {"https://helper.example/", "http://10.0.0.1:8080/"},
      [](std::string_view test) { return "rid-" + std::string(test); },
      std::chrono::system_clock::from_time_t(1764928800));
  EXPECT_EQ(answer.at("v").as_int64(), 1);
  EXPECT_EQ(answer.at("probe_cc").as_string(), "KZ");
  EXPECT_EQ(answer.at("utc_time").as_string(), "2025-12-05T10:00:00Z");
  const auto& wc = answer.at("tests").at("web_connectivity").as_object();
  EXPECT_EQ(wc.at("report_id").as_string(), "rid-web_connectivity");
  EXPECT_EQ(wc.at("urls").as_array().size(), 20u);
  const auto& helpers = answer.at("conf").at("test_helpers").at("web-connectivity").as_array();
  ASSERT_EQ(helpers.size(), 2u);
  EXPECT_EQ(helpers[0].at("type").as_string(), "https");
  EXPECT_EQ(helpers[1].at("address").as_string(), "http://10.0.0.1:8080/");
}

}  // namespace
}  // namespace ashyq::collector
