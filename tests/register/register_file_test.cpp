// Tests for register/register_file.hpp: TOML, JSON and CSV files read into the same register, and
// an error naming the file, the line and the field.
#include "register/register_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "register/register_csv.hpp"
#include "register/register_json.hpp"
#include "test_source_dir.hpp"

namespace ashyq::legal {
namespace {

// Fictional.
constexpr const char* kToml = R"(# A fictional register
[[authorities]]
id = "court-1"
kind = "court"
name = "Fictional District Court No. 1"
country = "KZ"
publication = "published"

[[orders]]
id = "order-1"
authority = "court-1"
date_issued = 2026-02-01
national = false
networks = [{ asn = "AS100", name = "Fictional Telecom" }]
legal_basis = { text = "fictional", law = "kz-law-communications", article = "41-1" }
provenance = { entered_by = "editor-a", entered_at = 2026-02-05T10:00:00Z }

[[orders.targets]]
kind = "domain"
value = "blocked.example"

[[orders.status]]
status = "lifted"
since = "2026-08-01"
)";

TEST(RegisterFile, TomlAndJsonReadAlike) {
  auto from_toml = parse_register(kToml, RegisterFormat::toml, "fictional.toml");
  ASSERT_TRUE(from_toml.ok()) << from_toml.error().message();
  ASSERT_EQ(from_toml->orders.size(), 1u);
  EXPECT_EQ(from_toml->orders[0].date_issued, "2026-02-01");  // a TOML date
  EXPECT_EQ(from_toml->orders[0].common.provenance.entered_at, "2026-02-05T10:00:00Z");
  EXPECT_EQ(from_toml->orders[0].targets[0].value, "blocked.example");

  const std::string json_text =
      boost::json::serialize(register_to_json(*from_toml, Audience::editors));
  auto from_json = parse_register(json_text, RegisterFormat::json, "fictional.json");
  ASSERT_TRUE(from_json.ok()) << from_json.error().message();
  EXPECT_EQ(*from_json, *from_toml);
}

TEST(RegisterFile, ErrorsNameTheFileTheLineAndTheField) {
  struct Row {
    RegisterFormat format;
    std::string text;
    const char* message;  // the whole message
  };
  std::string toml = kToml;
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string t = toml;
    t.replace(t.find(from), from.size(), to);
    return t;
  };
  const std::string json_text = R"({
  "authorities": [
    {"id": "court-1", "kind": "court", "name": "Fictional court", "country": "KZ"}
  ],
  "orders": [
    {"id": "order-1", "authority": "court-1", "date_issued": "2026-02-01",
     "targets": [{"kind": "domain", "value": "blocked.example"}]},
    {"id": "order-2", "authority": "court-1", "date_issued": "2026-02-01",
     "targets": [
       {"kind": "domain", "value": "ok.example"},
       {"kind": "domain",
        "value": "Bad Domain"}
     ]}
  ]
})";
  std::string broken_json = json_text;
  broken_json.replace(broken_json.find(R"("KZ"})"), 5, R"("KZ" x})");
  const Row rows[] = {
      {RegisterFormat::toml, replaced("date_issued = 2026-02-01", "date_issued = \"2026-02-30\""),
       "f.toml:12: orders[0].date_issued: '2026-02-30' is not a date YYYY-MM-DD"},
      {RegisterFormat::toml, replaced("value = \"blocked.example\"", "value = \"blocked example\""),
       "f.toml:20: orders[0].targets[0].value: 'blocked example' is not a domain (lower case, no "
       "scheme or path)"},
      {RegisterFormat::toml, replaced("kind = \"domain\"", "knd = \"domain\""),
       "f.toml:19: orders[0].targets[0].knd: is not a field of this entry (a misspelling?)"},
      {RegisterFormat::toml, replaced("authority = \"court-1\"", "authority = \"court-2\""),
       "f.toml:11: orders[0].authority: no authority has the id 'court-2'"},
      {RegisterFormat::toml, replaced("country = \"KZ\"", "country = KZ"),
       "f.toml:6: not valid TOML: "},
      {RegisterFormat::json, json_text,
       "f.json:12: orders[1].targets[1].value: 'Bad Domain' is not a domain (lower case, no "
       "scheme or path)"},
      {RegisterFormat::json, broken_json, "f.json:3: not valid JSON"},
  };
  for (const Row& row : rows) {
    const char* name = row.format == RegisterFormat::toml ? "f.toml" : "f.json";
    auto reg = parse_register(row.text, row.format, name);
    ASSERT_FALSE(reg.ok()) << row.message;
    EXPECT_EQ(reg.error().message().substr(0, std::string(row.message).size()), row.message);
  }
}

TEST(RegisterFile, AFileOfAdditionsMayNameStoredEntries) {
  const std::string additions = R"(
[[orders]]
id = "order-2"
authority = "court-1"
date_issued = 2026-03-01
targets = [{ kind = "domain", value = "other.example" }]
)";
  auto whole = parse_register(additions, RegisterFormat::toml, "a.toml");
  ASSERT_FALSE(whole.ok());
  EXPECT_EQ(whole.error().message(),
            "a.toml:4: orders[0].authority: no authority has the id 'court-1'");
  EXPECT_TRUE(
      parse_register(additions, RegisterFormat::toml, "a.toml", References::may_be_elsewhere).ok());
}

TEST(RegisterFile, RefusesOtherFormatsAndMissingFiles) {
  auto xml = read_register_file("register.xml");
  ASSERT_FALSE(xml.ok());
  EXPECT_EQ(xml.error().message(), "register.xml: a register file is .json, .toml or .csv");
  auto missing = read_register_file("/nonexistent/register.toml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message(), "/nonexistent/register.toml: cannot be read");
}

// A register whose values need CSV's quoting and the formula guard: commas, quotes, line breaks,
// values beginning with = - ' and @, lists of several items, flags. Fictional.
constexpr const char* kAwkwardToml = R"toml(
[[authorities]]
id = "court-1"
kind = "court"
name = "Fictional Court, \"No. 1\""
country = "KZ"
notes = "=HYPERLINK(\"https://attacker.example\")"
private_notes = "'quoted already"
publication = "published"

[[orders]]
id = "order-1"
authority = "court-1"
date_issued = 2026-02-01
date_in_force = 2026-02-03
national = false
networks = [{ asn = "AS100", name = "Fictional Telecom" }, { asn = "AS200", name = "@other" }]
legal_basis = { text = "-fictional\nsecond line", law = "kz-law-communications", article = "41-1" }
targets = [{ kind = "domain", value = "blocked.example" }, { kind = "url", value = "https://blocked.example/a,b" }]
status = [{ status = "lifted", since = 2026-08-01 }, { status = "in_force", since = 2026-09-01 }]
publication = "published"

[[orders.sources]]
url = "https://records.example/1"
title = "Record one"
date = 2026-02-01
language = "ru"
archive_sha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

[[orders.sources]]
url = "https://records.example/2"

[[outlets]]
id = "outlet-1"
name = "Fictional Courier"
kind = "news"
domains = ["blocked.example", "mirror.example"]

[[people]]
id = "person-1"
name = "Fictional Reporter"
pseudonym = true
roles = ["journalist", "editor"]
outlets = ["outlet-1"]
private_contacts = "+7 fictional"

[[cases]]
id = "case-1"
person = "person-1"
charges = [{ code = "fictional-code", article = "1 part 2" }]
events = [{ kind = "charged", date = 2026-01-10 }, { kind = "trial", date = 2026-03-01, description = "in \"court\", fictional" }]
status = "trial"
)toml";

TEST(RegisterFile, CsvReadsBackWhatItWrites) {
  auto reg = parse_register(kAwkwardToml, RegisterFormat::toml, "awkward.toml");
  ASSERT_TRUE(reg.ok()) << reg.error().message();
  for (auto audience : {Audience::editors, Audience::public_readers}) {
    const std::string csv = register_to_csv(*reg, audience);
    auto back = parse_register(csv, RegisterFormat::csv, "awkward.csv");
    ASSERT_TRUE(back.ok()) << back.error().message() << "\n" << csv;
    EXPECT_EQ(*back, audience == Audience::editors ? *reg : published_view(*reg)) << csv;
  }
  const std::string csv = register_to_csv(*reg, Audience::editors);
  // The formula guard: no cell begins with =, +, -, @ (a spreadsheet would run it).
  EXPECT_NE(csv.find(",\"'=HYPERLINK("), std::string::npos) << csv;
  EXPECT_NE(csv.find(",'@other"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",\"'-fictional"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",''quoted already"), std::string::npos) << csv;
  EXPECT_TRUE(csv.starts_with("entry,id,")) << csv;
  // The public CSV has no private field.
  const std::string shown = register_to_csv(*reg, Audience::public_readers);
  for (const char* hidden :
       {"private_notes", "private_contacts", "quoted already", "fictional\"\n"})
    EXPECT_EQ(shown.find(hidden), std::string::npos) << hidden;
}

TEST(RegisterFile, CsvErrorsNameTheLineAndTheColumn) {
  const std::string header =
      "entry,id,kind,name,country,authority,date_issued,targets.0.kind,targets.0.value\n";
  const std::string court = "authority,court-1,court,Fictional court,KZ,,,,\n";
  const std::string order = "order,order-1,,,,court-1,2026-02-01,domain,blocked.example\n";
  struct Row {
    std::string text;
    const char* message;  // the message's beginning
  };
  const Row rows[] = {
      // A quoted line break: the order's row starts on line 4.
      {header + "authority,court-1,court,\"Fictional\ncourt\",KZ,,,,\n" +
           "order,order-1,,,,court-1,2026-02-30,domain,blocked.example\n",
       "f.csv:4: orders[0].date_issued: '2026-02-30' is not a date YYYY-MM-DD"},
      {header + court + "order,order-1,,,,court-1,2026-02-01,domain,Bad Domain\n",
       "f.csv:3: orders[0].targets[0].value: 'Bad Domain' is not a domain"},
      {header + court + "order,order-1,,,,court-1,2026-02-01,domain\n",
       "f.csv:3: has 8 fields; the header has 9"},
      {header + court + "ordre,order-1,,,,court-1,2026-02-01,domain,blocked.example\n",
       "f.csv:3: entry: 'ordre' is not one of: authority, order, outlet, person, case"},
      {"id,entry\n" + court, "f.csv:1: the first column must be `entry`"},
      {"entry,id,targets..kind\n", "f.csv:1: column `targets..kind` is not a field path"},
      {"entry,id,id\n", "f.csv:1: column `id` appears twice"},
      {"entry,id,authority,date_issued,targets.1.kind\n"
       "order,order-1,court-1,2026-02-01,domain\n",
       "f.csv:2: column `targets.1.kind`: item 1 comes before item 0 has a value"},
      {"entry,id,targets,targets.0.kind\norder,order-1,x,domain\n",
       "f.csv:2: column `targets.0.kind`: is both a value and a list"},
      {header + court + "order,order-1,,,,court-1,2026-02-01,\"domain,blocked.example\n",
       "f.csv: line 3: not valid CSV: quoted field is never closed"},
      {"", "f.csv: has no header row"},
  };
  for (const Row& row : rows) {
    auto reg = parse_register(row.text, RegisterFormat::csv, "f.csv");
    ASSERT_FALSE(reg.ok()) << row.message;
    EXPECT_EQ(reg.error().message().substr(0, std::string(row.message).size()), row.message)
        << reg.error().message();
  }
  // A byte-order mark (spreadsheets write one) and columns in any order.
  auto reordered = parse_register(
      "\xEF\xBB\xBF"
      "entry,targets.0.value,targets.0.kind,date_issued,authority,id,name,kind,"
      "country\r\n"
      "authority,,,,,court-1,Fictional court,court,KZ\r\n"
      "order,blocked.example,domain,2026-02-01,court-1,order-1,,,\r\n",
      RegisterFormat::csv, "f.csv");
  ASSERT_TRUE(reordered.ok()) << reordered.error().message();
  EXPECT_EQ(reordered->orders.at(0).targets.at(0).value, "blocked.example");
}

// The fuzzer's seeds (fuzz/corpus/register_file, the first byte choosing the format: '0' JSON,
// '1' TOML, '2' CSV) that are meant
// to read do read, so the fuzzer starts from registers that reach the write-back check.
TEST(RegisterFile, TheFuzzSeedsRead) {
  const std::filesystem::path dir = ASHYQ_TEST_SOURCE_DIR "/fuzz/corpus/register_file";
  for (const char* seed : {"full.json", "orders.toml", "awkward.csv"}) {
    std::ifstream in(dir / seed, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), {}};
    ASSERT_GT(bytes.size(), 1u) << seed;
    const auto format = (bytes[0] & 1)   ? RegisterFormat::toml
                        : (bytes[0] & 2) ? RegisterFormat::csv
                                         : RegisterFormat::json;
    auto reg = parse_register(std::string_view(bytes).substr(1), format, seed);
    EXPECT_TRUE(reg.ok()) << reg.error().message();
  }
}

}  // namespace
}  // namespace ashyq::legal
