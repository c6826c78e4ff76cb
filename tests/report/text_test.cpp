// Escapes for hostile text (report/text.hpp): HTML, CSV, numbers (UTF-8 repair: core/utf8).
#include "report/text.hpp"

#include <gtest/gtest.h>

namespace ashyq::report {
namespace {

TEST(HtmlEscape, EscapesMarkupAndQuotes) {
  EXPECT_EQ(html_escape("<script>alert('x')</script>"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  EXPECT_EQ(html_escape("a=\"1\" & b"), "a=&quot;1&quot; &amp; b");
}

TEST(HtmlEscape, HidesNothingAndReordersNothing) {
  // ESC, NUL, DEL and a right-to-left override become U+FFFD; tab and newline stay.
  EXPECT_EQ(html_escape(std::string("a\x1b[31m\x00\x7F", 8)),
            "a\xEF\xBF\xBD[31m\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(html_escape("moc.\xE2\x80\xAE"
                        "evil"),
            "moc.\xEF\xBF\xBD"
            "evil");
  EXPECT_EQ(html_escape("x\xE2\x81\xA6y"), "x\xEF\xBF\xBDy");  // U+2066 isolate
  EXPECT_EQ(html_escape("a\tb\nc"), "a\tb\nc");
}

TEST(CsvField, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(csv_field("plain text"), "plain text");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field("cr\rhere"), "\"cr\rhere\"");
  EXPECT_EQ(csv_field(""), "");
}

TEST(CsvField, GuardsAgainstFormulas) {
  EXPECT_EQ(csv_field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(csv_field("+1"), "'+1");
  EXPECT_EQ(csv_field("-2+3"), "'-2+3");
  EXPECT_EQ(csv_field("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_field("\tx"), "'\tx");
  EXPECT_EQ(csv_field("a=b"), "a=b");  // only a leading sign counts
}

TEST(FormatNumber, ShortestExactForm) {
  EXPECT_EQ(format_number(0.9), "0.9");
  EXPECT_EQ(format_number(12), "12");
  EXPECT_EQ(format_number(0), "0");
  EXPECT_EQ(format_number(1.0 / 0.0), "null");
}

}  // namespace
}  // namespace ashyq::report
