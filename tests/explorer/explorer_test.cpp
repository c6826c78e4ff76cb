// The explorer's pages over a SQLite store holding tests/collector/generated_rows.hpp's 60
// measurements (three days, KZ and RU, three networks, four domains), at a fixed clock: what
// each page says, that its numbers are the aggregation API's, the languages, and what a bad
// address or a hostile measurement gets.
#include "explorer/explorer.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "../collector/collector_testing.hpp"
#include "../collector/generated_rows.hpp"
#include "collector/read_api.hpp"
#include "collector/sqlite_observatory.hpp"
#include "i18n/catalogues.hpp"
#include "test_source_dir.hpp"

namespace ashyq::explorer {
namespace {

namespace http = boost::beast::http;
using collector::testing::generated_row;
using collector::testing::TempDb;

// 2026-12-03 12:00:00 UTC: the generated rows' three days are the last three of any period.
std::chrono::system_clock::time_point fixed_now() {
  return std::chrono::system_clock::time_point(std::chrono::seconds(1796299200));
}

std::shared_ptr<const i18n::Catalogues> catalogues() {
  static auto loaded = [] {
    auto c = i18n::Catalogues::load(std::string(ASHYQ_TEST_SOURCE_DIR) + "/data/po");
    EXPECT_TRUE(c) << c.error().message();
    return std::make_shared<const i18n::Catalogues>(std::move(c).value());
  }();
  return loaded;
}

class ExplorerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = collector::SqliteObservatory::open(db.path);
    ASSERT_TRUE(opened) << opened.error().message();
    store = std::move(opened).value();
    collector::testing::fill(*store);
    explorer =
        std::make_unique<Explorer>(store, catalogues(), analysis::VerdictOptions{}, fixed_now);
  }

  net::HttpServerResponse get(const std::string& target, const std::string& accept_language = "") {
    net::HttpServerRequest req{http::verb::get, target, 11};
    if (!accept_language.empty())
      req.set(http::field::accept_language, accept_language);
    auto res = explorer->respond(req);
    EXPECT_TRUE(res) << target << " was not answered by the explorer";
    return res ? std::move(*res) : net::HttpServerResponse{};
  }

  // The aggregation the API answers for `query` (a query string) with these axes.
  std::vector<collector::AggregationCell> api(const std::string& query, const std::string& axes) {
    collector::QueryParams params;
    for (const auto& pair : split(query + "&" + axes, '&')) {
      const auto eq = pair.find('=');
      if (eq != std::string::npos)
        params[pair.substr(0, eq)] = pair.substr(eq + 1);
    }
    auto request = collector::parse_aggregation_query(
        params, std::chrono::time_point_cast<std::chrono::seconds>(fixed_now()));
    EXPECT_TRUE(request) << request.error().message();
    auto cells = store->aggregation(request->query, request->axis_x, request->axis_y);
    EXPECT_TRUE(cells) << cells.error().message();
    return *cells;
  }

  static std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
      auto end = s.find(sep, start);
      out.push_back(s.substr(start, end - start));
      if (end == std::string::npos)
        return out;
      start = end + 1;
    }
  }

  TempDb db{"explorer"};
  std::shared_ptr<collector::SqliteObservatory> store;
  std::unique_ptr<Explorer> explorer;
};

std::string attribute(const std::string& html, const std::string& element_id,
                      const std::string& name) {
  std::smatch m;
  const std::regex re("id=\"" + element_id + "\"[^>]*" + name + "=\"([^\"]*)\"");
  if (!std::regex_search(html, m, re))
    return {};
  return m[1];
}

std::int64_t cell(const std::string& html, const std::string& row_attribute,
                  const std::string& cell_attribute) {
  std::smatch m;
  const std::regex re("<tr " + row_attribute + ">(.*?)</tr>");
  if (!std::regex_search(html, m, re))
    return -1;
  const std::string row = m[1];
  const std::regex value(cell_attribute + " data-value=\"(-?[0-9]+)\"");
  if (!std::regex_search(row, m, value))
    return -1;
  return std::stoll(m[1]);
}

TEST_F(ExplorerTest, HomeListsEachCountryWithItsCounts) {
  auto res = get("/");
  ASSERT_EQ(res.result(), http::status::ok);
  const auto& body = res.body();
  EXPECT_NE(body.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(body.find("id=\"countries-table\""), std::string::npos);
  EXPECT_EQ(cell(body, "data-cc=\"KZ\"", "data-col=\"measurement_count\""), 30);
  EXPECT_EQ(cell(body, "data-cc=\"RU\"", "data-col=\"measurement_count\""), 30);
  EXPECT_NE(body.find("href=\"/country/KZ\""), std::string::npos);
  EXPECT_EQ(res[http::field::content_type], "text/html; charset=utf-8");
  EXPECT_NE(res["Content-Security-Policy"].find("default-src 'none'"), std::string::npos);
}

TEST_F(ExplorerTest, CountryTimelineAndMatrixAreTheAggregationApisNumbers) {
  for (std::string target : {"/country/KZ", "/country/KZ?probe_asn=AS9198",
                             "/country/KZ?period=365&category_code=NEWS"}) {
    SCOPED_TRACE(target);
    auto res = get(target);
    ASSERT_EQ(res.result(), http::status::ok) << res.body();
    const auto& body = res.body();
    std::string query = attribute(body, "timeline", "data-aggregation-query");
    ASSERT_FALSE(query.empty());
    query = std::regex_replace(query, std::regex("&amp;"), "&");
    int days = 0;
    for (const auto& c : api(query, "axis_x=measurement_start_day")) {
      ++days;
      const std::string row = "data-day=\"" + *c.x + "\"";
      EXPECT_EQ(cell(body, row, "data-col=\"measurement_count\""), c.measurement_count) << *c.x;
      EXPECT_EQ(cell(body, row, "data-col=\"ok_count\""), c.ok_count) << *c.x;
      EXPECT_EQ(cell(body, row, "data-col=\"anomaly_count\""), c.anomaly_count) << *c.x;
      EXPECT_EQ(cell(body, row, "data-col=\"confirmed_count\""), c.confirmed_count) << *c.x;
      EXPECT_EQ(cell(body, row, "data-col=\"failure_count\""), c.failure_count) << *c.x;
    }
    EXPECT_GT(days, 0);
    std::map<std::string, std::int64_t> totals;
    for (const auto& c : api(query, "axis_x=probe_asn&axis_y=method")) {
      const std::string row = "data-asn=\"" + *c.x + "\"";
      EXPECT_EQ(cell(body, row, "data-method=\"" + *c.y + "\""), c.measurement_count);
      totals[*c.x] += c.measurement_count;
    }
    for (const auto& [asn, total] : totals)
      EXPECT_EQ(cell(body, "data-asn=\"" + asn + "\"", "data-col=\"measurement_count\""), total);
  }
}

TEST_F(ExplorerTest, CountryListsBlockedDomainsWithFirstAndLastDay) {
  auto body = get("/country/KZ").body();
  // KZ rows are the even ones; d0 (i % 4 == 0) holds confirmed rows i % 10 == 0 and anomalies
  // i % 5 == 2 → i = 0, 12?, … ; whatever the exact days, d0 and d2 are listed with links.
  EXPECT_NE(body.find("id=\"blocked-domains-table\""), std::string::npos);
  EXPECT_NE(body.find("href=\"/domain/d0.example?probe_cc=KZ\""), std::string::npos);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      body, m,
      std::regex("data-domain=\"d0.example\".*?data-col=\"first_blocked\">([0-9-]+)<.*?"
                 "data-col=\"last_blocked\">([0-9-]+)<")));
  EXPECT_EQ(m[1], "2026-12-01");
  EXPECT_EQ(m[2], "2026-12-03");
}

TEST_F(ExplorerTest, BadFiltersAreA400NamingTheParameter) {
  for (auto [target, name] : std::vector<std::pair<std::string, std::string>>{
           {"/country/KZ?period=7", "period"},
           {"/country/KZ?probe_asn=xyz", "probe_asn"},
           {"/country/KZ?colour=red", "colour"},
           {"/country/K1", "country"},
           {"/domain/d0.example?probe_cc=kz1", "probe_cc"},
           {"/domain/d0.example?day=yesterday", "day"},
           {"/country/KZ?period=30&period=90", "period"}}) {
    auto res = get(target);
    EXPECT_EQ(res.result(), http::status::bad_request) << target;
    EXPECT_NE(res.body().find(name), std::string::npos) << target;
  }
}

TEST_F(ExplorerTest, DomainPageLinksEveryMeasurementAndItsBlockedDays) {
  auto res = get("/domain/d0.example?probe_cc=KZ");
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  const auto& body = res.body();
  EXPECT_NE(body.find("<h1 id=\"page-title\">d0.example</h1>"), std::string::npos);
  EXPECT_NE(body.find("<dd id=\"first-blocked\">2026-12-01</dd>"), std::string::npos);
  std::size_t links = 0;
  for (std::size_t at = 0; (at = body.find("class=\"measurement-link\"", at)) != std::string::npos;
       ++at)
    ++links;
  // KZ and domain d0: i even and i % 4 == 0 → i = 0, 4, …, 56: 15 measurements.
  EXPECT_EQ(links, 15u);
  auto day = get("/domain/d0.example?probe_cc=KZ&day=2026-12-02").body();
  EXPECT_NE(day.find("2026-12-02"), std::string::npos);
  EXPECT_EQ(day.find(">2026-12-01 10:00"), std::string::npos);
}

TEST_F(ExplorerTest, MeasurementPageAndItsMistakes) {
  const auto row = generated_row(0);
  auto res = get("/measurement/" + row.measurement_uid);
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  for (auto id : {"verdict", "dns", "tcp", "tls", "http", "classic-keys"})
    EXPECT_NE(res.body().find(std::string("<section id=\"") + id + "\">"), std::string::npos) << id;
  EXPECT_NE(res.body().find(
                "href=\"/api/v1/raw_measurement?measurement_uid=" + row.measurement_uid + "\""),
            std::string::npos);
  EXPECT_EQ(get("/measurement/20261201100000.000000_KZ_web_connectivity_ffffffffffffffff").result(),
            http::status::not_found);
  EXPECT_EQ(get("/measurement/not-a-uid").result(), http::status::not_found);
  EXPECT_EQ(get("/nowhere").result(), http::status::not_found);
}

TEST_F(ExplorerTest, SearchFindsDomainsNetworksAndMeasurements) {
  auto domains = get("/search?q=d1").body();
  EXPECT_NE(domains.find("href=\"/domain/d1.example\""), std::string::npos);
  // A whole domain name also has the syntax of a measurement ID; it is still a domain.
  auto whole = get("/search?q=d1.example").body();
  EXPECT_NE(whole.find("href=\"/domain/d1.example\""), std::string::npos);
  auto networks = get("/search?q=as9198").body();
  EXPECT_NE(networks.find("href=\"/country/KZ?probe_asn=AS9198\""), std::string::npos);
  const auto uid = generated_row(3).measurement_uid;
  auto measurement = get("/search?q=" + uid).body();
  EXPECT_NE(measurement.find("href=\"/measurement/" + uid + "\""), std::string::npos);
  auto nothing = get("/search?q=zzz").body();
  EXPECT_NE(nothing.find("id=\"no-results\""), std::string::npos);
}

TEST_F(ExplorerTest, LanguageFromTheParameterOrTheBrowser) {
  const auto& ru = catalogues()->get(i18n::Language::ru);
  const auto& kk = catalogues()->get(i18n::Language::kk);
  const std::string english = "Measurements per day";
  ASSERT_NE(ru.tr(english), english) << "not translated into Russian";
  ASSERT_NE(kk.tr(english), english) << "not translated into Kazakh";
  auto by_param = get("/country/KZ?lang=ru").body();
  EXPECT_NE(by_param.find("<html lang=\"ru\">"), std::string::npos);
  EXPECT_NE(by_param.find("<h2>" + std::string(ru.tr(english)) + "</h2>"), std::string::npos);
  // Links keep the language.
  EXPECT_NE(by_param.find("href=\"/domain/d0.example?lang=ru&amp;probe_cc=KZ\""),
            std::string::npos);
  auto by_header = get("/country/KZ", "kk-KZ,kk;q=0.9,ru;q=0.8").body();
  EXPECT_NE(by_header.find("<html lang=\"kk\">"), std::string::npos);
  EXPECT_NE(by_header.find("<h2>" + std::string(kk.tr(english)) + "</h2>"), std::string::npos);
  // Numbers are written by the page's catalogue (i18n's tests cover the grouping), and the
  // machine-readable value stays beside them.
  auto home = get("/?lang=ru").body();
  EXPECT_NE(home.find("data-value=\"30\">30<"), std::string::npos);
}

TEST_F(ExplorerTest, HostileMeasurementTextIsEscapedAndNothingLoadsFromElsewhere) {
  auto row = generated_row(0);
  row.measurement_uid = "20261203100000.000000_KZ_web_connectivity_aaaaaaaaaaaaaaaa";
  row.input = "http://evil.example/\"><script>alert(1)</script>";
  row.domain = "evil.example";
  row.probe_network_name = "<img src=x onerror=alert(1)>";
  const std::string body = "{\"format\":\"json\",\"content\":{}}";
  auto added = store->insert(row, body, collector::testing::leaf_of(row, body));
  ASSERT_TRUE(added) << added.error().message();
  for (std::string target :
       {"/measurement/" + row.measurement_uid, std::string("/domain/evil.example?probe_cc=KZ"),
        std::string("/country/KZ"), std::string("/search?q=%3Cscript%3E")}) {
    auto page = get(target).body();
    EXPECT_EQ(page.find("<script"), std::string::npos) << target;
    EXPECT_EQ(page.find("<img"), std::string::npos) << target;
    // The hostile text is shown escaped ("&lt;img src=x"); no element of ours loads anything.
    EXPECT_FALSE(std::regex_search(page, std::regex("<[^>]*\\ssrc="))) << target;
    EXPECT_EQ(page.find("href=\"http"), std::string::npos) << target;
  }
}

TEST_F(ExplorerTest, OtherRequestsAreLeftToTheCollector) {
  net::HttpServerRequest api_get{http::verb::get, "/api/v1/measurements", 11};
  EXPECT_FALSE(explorer->respond(api_get));
  net::HttpServerRequest post{http::verb::post, "/", 11};
  EXPECT_FALSE(explorer->respond(post));
}

}  // namespace
}  // namespace ashyq::explorer
