// Table tests for csv_reader.hpp (RFC 4180 quoting).
#include "core/csv_reader.hpp"

#include <gtest/gtest.h>

namespace ashyq::core {
namespace {

struct CsvRow {
  const char* name;
  const char* text;
  std::vector<CsvRecord> records;
};

TEST(CsvReader, Table) {
  const CsvRow rows[] = {
      {"plain", "a,b,c\n1,2,3\n", {{"a", "b", "c"}, {"1", "2", "3"}}},
      {"crlf", "a,b\r\n1,2\r\n", {{"a", "b"}, {"1", "2"}}},
      {"no_final_newline", "a,b\n1,2", {{"a", "b"}, {"1", "2"}}},
      {"empty_fields", "a,,c\n,,\n", {{"a", "", "c"}, {"", "", ""}}},
      {"quoted_comma", "x,\"AE,SA\",y\n", {{"x", "AE,SA", "y"}}},
      {"doubled_quote", "\"{\"\"msg\"\":1}\",z\n", {{"{\"msg\":1}", "z"}}},
      {"embedded_newline",
       "\"line1\r\nline2\",b\r\nc,d\r\n",
       {{"line1\r\nline2", "b"}, {"c", "d"}}},
      {"blank_lines_skipped", "a\n\nb\n", {{"a"}, {"b"}}},
      {"utf8_bom", "\xEF\xBB\xBFname,x\n", {{"name", "x"}}},
      {"cyrillic", "n,\xD0\xA1\xD1\x82\xD1\x80\n", {{"n", "\xD0\xA1\xD1\x82\xD1\x80"}}},
  };
  for (const auto& row : rows) {
    auto parsed = parse_csv(row.text);
    ASSERT_TRUE(parsed.ok()) << row.name << ": " << parsed.error().message();
    EXPECT_EQ(parsed.value(), row.records) << row.name;
  }
}

TEST(CsvReader, UnterminatedQuoteNamesLine) {
  auto parsed = parse_csv("a,b\nc,\"open\nstill open\n");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().where, "line 2");
}

// Each record's own line: blank lines and quoted line breaks counted, so a caller's message
// names the line a person sees in an editor.
TEST(CsvReader, RowsCarryTheLineTheyStartOn) {
  auto parsed = parse_csv_rows("h,x\n\na,\"two\nlines\"\r\n\nb,c\nd,e");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  ASSERT_EQ(parsed->size(), 4u);
  const std::size_t lines[] = {1, 3, 6, 7};
  for (std::size_t i = 0; i < 4; ++i)
    EXPECT_EQ((*parsed)[i].line, lines[i]) << i;
  EXPECT_EQ((*parsed)[1].fields, (CsvRecord{"a", "two\nlines"}));
}

TEST(CsvReader, GarbageAfterClosingQuote) {
  auto parsed = parse_csv("\"a\"b,c\n");
  ASSERT_FALSE(parsed.ok());
}

}  // namespace
}  // namespace ashyq::core
