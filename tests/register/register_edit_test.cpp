// register/register_edit.hpp: the leaf's public digest, the public text it is of, and reading a
// leaf back. Every name is fictional.
#include "register/register_edit.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "tlog/hash.hpp"

namespace ashyq::legal {
namespace {

RegisterEdit fictional_edit(std::string_view publication) {
  RegisterEdit e;
  e.edit = 3;
  e.at = "2026-12-08T01:00:00Z";
  e.editor = "editor-a";
  e.kind = "person";
  e.id = "person-1";
  e.action = "create";
  e.entry = boost::json::parse(
                R"({"id":"person-1","sources":[],"private_notes":"editors only",
                    "publication":")" +
                std::string(publication) +
                R"(","provenance":{"entered_by":"editor-a","entered_at":"2026-12-08T01:00:00Z"},
                    "name":"Fictional Reporter","private_contacts":"fictional phone"})")
                .as_object();
  return e;
}

TEST(RegisterEdit, ThePublicTextHasNoPrivateFieldAndNoEditor) {
  const auto text = public_entry_text(fictional_edit("published").entry);
  ASSERT_TRUE(text);
  EXPECT_EQ(*text,
            R"({"id":"person-1","sources":[],"publication":"published",)"
            R"("provenance":{"entered_at":"2026-12-08T01:00:00Z"},"name":"Fictional Reporter"})");
  EXPECT_FALSE(public_entry_text(fictional_edit("draft").entry));
}

TEST(RegisterEdit, TheLeafCarriesThePublicDigestAndReadsBack) {
  const RegisterEdit published = fictional_edit("published");
  auto leaf = parse_edit_leaf(edit_leaf(published));
  ASSERT_TRUE(leaf) << leaf.error().message();
  EXPECT_EQ(leaf->edit, 3);
  EXPECT_EQ(leaf->entry, entry_digest("person", "person-1"));
  EXPECT_EQ(leaf->record_sha256, tlog::hash_hex(tlog::sha256(audit_record_text(published))));
  EXPECT_EQ(leaf->public_sha256, tlog::hash_hex(tlog::sha256(*public_entry_text(published.entry))));
  // A draft's leaf commits to no public text; the editor's name is in no leaf.
  const std::string draft_leaf = edit_leaf(fictional_edit("draft"));
  EXPECT_EQ(parse_edit_leaf(draft_leaf)->public_sha256, "");
  EXPECT_EQ(draft_leaf.find("editor-a"), std::string::npos);
  EXPECT_EQ(edit_leaf(published).find("person-1"), std::string::npos);
}

TEST(RegisterEdit, AMalformedLeafIsNamed) {
  const std::pair<const char*, const char*> rows[] = {
      {"not json", "not a JSON object"},
      {R"({"type":"measurement"})", "its type is not register-edit"},
      {R"({"type":"register-edit","edit":1})", "has other fields"},
      {R"({"type":"register-edit","edit":0,"at":"x","entry":"","record_sha256":"","public_sha256":""})",
       "edit: is not a positive integer"},
      {R"({"type":"register-edit","edit":1,"at":"x","entry":"00","record_sha256":"","public_sha256":""})",
       "entry: is not a hex SHA-256"},
  };
  for (auto [record, why] : rows) {
    auto leaf = parse_edit_leaf(record);
    ASSERT_FALSE(leaf) << record;
    EXPECT_NE(leaf.error().message().find(why), std::string::npos)
        << record << ": " << leaf.error().message();
  }
}

}  // namespace
}  // namespace ashyq::legal
