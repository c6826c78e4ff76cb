// Tests for register/register_file.hpp: TOML and JSON files read into the same register, and an
// error naming the file, the line and the field.
#include "register/register_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

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
  auto csv = read_register_file("register.csv");
  ASSERT_FALSE(csv.ok());
  EXPECT_EQ(csv.error().message(), "register.csv: a register file is .json or .toml");
  auto missing = read_register_file("/nonexistent/register.toml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message(), "/nonexistent/register.toml: cannot be read");
}

// The fuzzer's seeds (fuzz/corpus/register_file, the first byte choosing the format) that are meant
// to read do read, so the fuzzer starts from registers that reach the write-back check.
TEST(RegisterFile, TheFuzzSeedsRead) {
  const std::filesystem::path dir = ASHYQ_TEST_SOURCE_DIR "/fuzz/corpus/register_file";
  for (const char* seed : {"full.json", "orders.toml"}) {
    std::ifstream in(dir / seed, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), {}};
    ASSERT_GT(bytes.size(), 1u) << seed;
    const auto format = (bytes[0] & 1) ? RegisterFormat::toml : RegisterFormat::json;
    auto reg = parse_register(std::string_view(bytes).substr(1), format, seed);
    EXPECT_TRUE(reg.ok()) << reg.error().message();
  }
}

}  // namespace
}  // namespace ashyq::legal
