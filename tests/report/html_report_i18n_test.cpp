// The HTML report in Russian and Kazakh: the words come from the shipped catalogues, the page
// says its language, numbers are written in the language's way, and dates stay ISO.
#include <gtest/gtest.h>

#include "i18n/catalogues.hpp"
#include "report/html_report.hpp"
#include "test_source_dir.hpp"

namespace ashyq::report {
namespace {

ReportInput sample() {
  ReportInput in;
  RunInfo run;
  run.run_id = 1;
  run.start_time = "2026-12-06 10:00:00";
  run.probe_cc = "KZ";
  run.urls_planned = 1500;
  in.runs.push_back(run);
  for (int i = 0; i < 8; ++i) {
    store::MeasurementSummary s;
    s.run_id = 1;
    s.domain = "site" + std::to_string(i) + ".kz";
    s.input = "https://" + s.domain + "/";
    s.method = i < 3 ? "tls" : "none";
    s.confidence = 0.75;
    s.measurement_start_time = "2026-12-06 10:01:02";
    in.measurements.push_back(s);
  }
  in.generated_at = "2026-12-06 11:00:00";
  return in;
}

const i18n::Catalogues& catalogues() {
  static const auto all = i18n::Catalogues::load(std::string(ASHYQ_TEST_SOURCE_DIR) + "/data/po");
  EXPECT_TRUE(all.ok()) << all.error().message();
  return *all;
}

TEST(RenderHtmlI18n, RussianReport) {
  ReportInput in = sample();
  in.catalogue = catalogues().get(i18n::Language::ru);
  const std::string html = render_html(in);
  EXPECT_NE(html.find("<html lang=\"ru\">"), std::string::npos);
  EXPECT_NE(html.find("<h2>Заблокированные сайты</h2>"), std::string::npos);
  EXPECT_NE(html.find("<h1>Отчёт о веб-доступности</h1>"), std::string::npos);
  EXPECT_NE(html.find("3 измерения показали блокировку"), std::string::npos);
  EXPECT_NE(html.find("37,5\u00A0%"), std::string::npos) << "3 of 8, in Russian";
  EXPECT_NE(html.find("1\u00A0500"), std::string::npos) << "URLs planned, grouped";
  EXPECT_NE(html.find("0,75"), std::string::npos) << "confidence";
  EXPECT_NE(html.find("2026-12-06"), std::string::npos) << "dates stay ISO";
  EXPECT_EQ(html.find("<h2>Blocked sites</h2>"), std::string::npos);
}

TEST(RenderHtmlI18n, KazakhReport) {
  ReportInput in = sample();
  in.catalogue = catalogues().get(i18n::Language::kk);
  const std::string html = render_html(in);
  EXPECT_NE(html.find("<html lang=\"kk\">"), std::string::npos);
  EXPECT_NE(html.find("<h2>Бұғатталған сайттар</h2>"), std::string::npos);
}

TEST(RenderHtmlI18n, EnglishByDefaultAndAGivenTitleIsKept) {
  ReportInput in = sample();
  const std::string en = render_html(in);
  EXPECT_NE(en.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(en.find("<h2>Blocked sites</h2>"), std::string::npos);
  EXPECT_NE(en.find("37.5%"), std::string::npos);
  in.title = "Almaty, December";
  in.catalogue = catalogues().get(i18n::Language::ru);
  EXPECT_NE(render_html(in).find("<h1>Almaty, December</h1>"), std::string::npos);
}

}  // namespace
}  // namespace ashyq::report
