// Table tests for http_comparison.hpp (docs/ooni-formats.md#http-comparison), both flavours.
#include "analysis/http_comparison.hpp"

#include <gtest/gtest.h>

namespace ashyq::analysis {
namespace {

TEST(HttpComparison, TitleExtraction) {
  struct Row {
    const char* name;
    std::string body;
    std::string title;
  };
  const Row rows[] = {
      {"simple", "<html><title>Hello World</title>", "Hello World"},
      {"case_insensitive_tags", "<TITLE>Upper</Title>", "Upper"},
      {"first_of_two", "<title>One</title><title>Two</title>", "One"},
      {"empty_title_skipped", "<title></title><title>Second</title>", "Second"},
      {"nested_tag_breaks", "<title>a<b>c</b></title>", ""},
      {"no_title", "<html>nothing</html>", ""},
      {"newline_inside", "<title>line1\nline2</title>", "line1\nline2"},
      {"exactly_512_chars", "<title>" + std::string(512, 'x') + "</title>", std::string(512, 'x')},
      {"513_chars_is_not_a_title", "<title>" + std::string(513, 'x') + "</title>", ""},
      {"utf8_counted_as_characters",
       "<title>" +
           [] {
             std::string s;
             for (int i = 0; i < 300; ++i)
               s += "\xD0\x96";  // 300 two-byte characters
             return s;
           }() +
           "</title>",
       [] {
         std::string s;
         for (int i = 0; i < 300; ++i)
           s += "\xD0\x96";
         return s;
       }()},
      {"unclosed", "<title>never closed", ""},
  };
  for (const auto& row : rows)
    EXPECT_EQ(extract_title(row.body), row.title) << row.name;
}

TEST(HttpComparison, TitleWords) {
  struct Row {
    const char* name;
    const char* probe;
    const char* control;
    bool match;
  };
  const Row rows[] = {
      {"identical", "Example Domain", "Example Domain", true},
      {"short_words_ignored", "Example of a", "Example is the", true},
      {"case_folded", "EXAMPLE Domain", "example DOMAIN", true},
      {"every_long_word_needed", "Example Domain", "Example Blocked", false},
      {"extra_long_word_on_probe", "Example Domain Access", "Example Domain", false},
      {"both_empty", "", "", true},
      {"only_short_words", "a b c", "d e", true},
      {"five_bytes_counts", "abcde", "xyzab", false},
      {"four_bytes_ignored", "abcd", "wxyz", true},
      {"double_space_makes_empty_word", "Example  Domain", "Example Domain", true},
  };
  for (const auto& row : rows) {
    EXPECT_EQ(title_words_match(row.probe, row.control), row.match) << row.name;
  }
}

struct CompareRow {
  const char* name;
  int probe_code;
  std::string probe_body;
  bool truncated;
  model::HeaderList probe_headers;
  int th_code;
  std::int64_t th_length;
  std::string th_title;
  std::map<std::string, std::string> th_headers;
  // expectations, v0.4 then LTE: -1 = null, 0 = false, 1 = true
  int v04_status, v04_headers, v04_title, lte_status, lte_headers, lte_title;
  int body_length_match;
  bool v04_diff;
};

std::optional<bool> tri(int v) {
  return v < 0 ? std::nullopt : std::optional<bool>(v == 1);
}

TEST(HttpComparison, Table) {
  const std::string page = "<title>Example Domain</title>" + std::string(1000, 'x');
  const model::HeaderList hdrs{{"Content-Type", "text/html"}, {"X-Site-Id", "7"}};
  const std::map<std::string, std::string> th_hdrs{{"Content-Type", "text/html"},
                                                   {"X-Site-Id", "7"}};
  const std::map<std::string, std::string> th_common_only{{"Content-Type", "text/html"},
                                                          {"Date", "x"}};
  const CompareRow rows[] = {
      {"same_page", 200, page, false, hdrs, 200, 1029, "Example Domain", th_hdrs, 1, 1, 1, 1, 1, 1,
       1, false},
      {"blockpage_short_body",
       200,
       "<title>Blocked page</title>",
       false,
       {{"Server", "nginx"}},
       200,
       5000,
       "Example Domain",
       th_hdrs,
       1,
       0,
       0,
       1,
       0,
       0,
       0,
       true},
      {"truncated_probe_body_no_proportion", 200, page, true, hdrs, 200, 1029, "Example Domain",
       th_hdrs, 1, 1, -1, 1, 1, 1, -1, false},
      {"th_5xx_status_differs", 200, page, false, hdrs, 503, 1029, "Example Domain", th_hdrs, -1, 1,
       1, -1, 1, 1, 1, true},
      {"th_4xx_status_differs_v04_false_lte_null", 200, page, false, hdrs, 404, 1029,
       "Example Domain", th_hdrs, 0, 1, 1, -1, 1, 1, 1, true},
      {"th_2xx_status_differs", 403, page, false, hdrs, 200, 1029, "Example Domain", th_hdrs, 0, 1,
       1, 0, 1, 1, 1, true},
      {"th_failed", 200, page, false, hdrs, -1, -1, "", {}, -1, -1, -1, -1, -1, -1, -1, true},
      {"identical_common_header_names_v04_true_lte_false",
       200,
       page,
       false,
       {{"content-type", "a"}, {"date", "b"}},
       200,
       99999,
       "Other Title",
       th_common_only,
       1,
       1,
       0,
       1,
       0,
       0,
       0,
       false},
      {"probe_title_empty_v04_null", 200, std::string(1000, 'x'), false, hdrs, 200, 1000,
       "Example Domain", th_hdrs, 1, 1, -1, 1, 1, 0, 1, false},
  };
  for (const auto& row : rows) {
    model::HttpTransaction t;
    t.request.url = "http://example.com/";
    t.response =
        model::HttpResponse{row.probe_code, row.probe_headers, row.probe_body, row.truncated};
    model::ControlHttpRequest c;
    c.status_code = row.th_code;
    c.body_length = row.th_length;
    c.title = row.th_title;
    c.headers = row.th_headers;
    if (row.th_code < 0)
      c.failure = core::Failure(core::FailureKind::unknown_error);
    const auto v04 = compare_http_v04(&t, c);
    const auto lte = compare_http_lte(&t, c);
    EXPECT_EQ(v04.status_code_match, tri(row.v04_status)) << row.name;
    EXPECT_EQ(v04.headers_match, tri(row.v04_headers)) << row.name;
    EXPECT_EQ(v04.title_match, tri(row.v04_title)) << row.name;
    EXPECT_EQ(lte.status_code_match, tri(row.lte_status)) << row.name;
    EXPECT_EQ(lte.headers_match, tri(row.lte_headers)) << row.name;
    EXPECT_EQ(lte.title_match, tri(row.lte_title)) << row.name;
    EXPECT_EQ(v04.body_length_match, tri(row.body_length_match)) << row.name;
    EXPECT_EQ(lte.body_length_match, tri(row.body_length_match)) << row.name;
    if (!v04.body_length_match) {
      EXPECT_EQ(v04.body_proportion, 0.0) << row.name;
    }
    EXPECT_EQ(v04.is_diff(), row.v04_diff) << row.name;
  }
}

// A download cut mid-body: the status, headers and part of the page arrived, then a reset. OONI
// compares nothing then; neither flavour fills a field from the partial response.
TEST(HttpComparison, AFailedRequestIsNotCompared) {
  const std::string page = "<title>Example Domain</title>" + std::string(1000, 'x');
  model::HttpTransaction t;
  t.request.url = "http://example.com/";
  t.response =
      model::HttpResponse{200, {{"Content-Type", "text/html"}}, page.substr(0, 900), false};
  t.failure = core::Failure(core::FailureKind::connection_reset);
  model::ControlHttpRequest c;
  c.status_code = 200;
  c.body_length = 1029;
  c.title = "Example Domain";
  c.headers = {{"Content-Type", "text/html"}};
  for (const auto& cmp : {compare_http_v04(&t, c), compare_http_lte(&t, c)}) {
    EXPECT_FALSE(cmp.status_code_match);
    EXPECT_FALSE(cmp.headers_match);
    EXPECT_FALSE(cmp.title_match);
    EXPECT_FALSE(cmp.body_length_match);
    EXPECT_EQ(cmp.body_proportion, 0.0);
    EXPECT_TRUE(cmp.is_diff());
  }
  t.failure.reset();  // the same bytes from a request that succeeded are compared
  EXPECT_EQ(compare_http_v04(&t, c).status_code_match, true);
  EXPECT_EQ(compare_http_v04(&t, c).title_match, true);
}

TEST(HttpComparison, BodyProportion) {
  EXPECT_EQ(body_proportion(100, false, 200), 0.5);
  EXPECT_EQ(body_proportion(200, false, 100), 0.5);
  EXPECT_FALSE(body_proportion(100, true, 100));  // truncated probe body (pitfall 5)
  EXPECT_FALSE(body_proportion(0, false, 100));
  EXPECT_FALSE(body_proportion(100, false, -1));  // TH failure (pitfall 4)
  EXPECT_FALSE(compare_http_v04(nullptr, {}).body_length_match);
  EXPECT_TRUE(compare_http_v04(nullptr, {}).is_diff());  // all-null is a diff
}

TEST(HttpComparison, CommonHeaders) {
  EXPECT_TRUE(is_common_header("set-cookie"));
  EXPECT_TRUE(is_common_header("x-varnish"));
  EXPECT_FALSE(is_common_header("content-length"));
}

}  // namespace
}  // namespace ashyq::analysis
