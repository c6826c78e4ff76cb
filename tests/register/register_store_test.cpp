// Tests for register/register_store.hpp on a real observatory database (its migrations make the
// register's tables beside the log): all or nothing, the audit, a log leaf per edit.
#include "register/register_store.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>

#include "register/register_file.hpp"
#include "register_testing.hpp"
#include "tlog/hash.hpp"
#include "tlog/leaf_record.hpp"
#include "tlog/sqlite_log.hpp"

namespace ashyq::legal {
namespace {

using testing::TempObservatory;

// Fictional.
constexpr const char* kFile = R"(
[[authorities]]
id = "court-1"
kind = "court"
name = "Fictional District Court"
country = "KZ"
publication = "published"

[[orders]]
id = "order-1"
authority = "court-1"
date_issued = 2026-02-01
targets = [{ kind = "domain", value = "blocked.example" }]
private_notes = "editors only"
provenance = { entered_by = "someone else", entered_at = 2020-01-01T00:00:00Z }
)";

Register parse(const std::string& text) {
  auto reg =
      parse_register(text, RegisterFormat::toml, "fictional.toml", References::may_be_elsewhere);
  EXPECT_TRUE(reg.ok()) << reg.error().message();
  return reg.ok() ? *reg : Register{};
}

TEST(RegisterStore, AnImportIsAuditedAndLoggedEntryByEntry) {
  TempObservatory db("register-test");
  auto store = RegisterStore::open(db.path);
  ASSERT_TRUE(store.ok()) << store.error().message();
  auto edits = (*store)->apply(parse(kFile), "editor-a", "2026-12-07T10:00:00Z");
  ASSERT_TRUE(edits.ok()) << edits.error().message();
  ASSERT_EQ(edits->size(), 2u);
  EXPECT_EQ((*edits)[0].kind, "authority");
  EXPECT_EQ((*edits)[1].kind, "order");
  EXPECT_EQ((*edits)[1].action, "create");
  EXPECT_EQ((*edits)[1].edit, 2);

  // The register's provenance, not the file's.
  auto loaded = (*store)->load();
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(loaded->orders[0].common.provenance, (Provenance{"editor-a", "2026-12-07T10:00:00Z"}));
  EXPECT_EQ(loaded->orders[0].common.private_notes, "editors only");

  // One leaf per edit, committing to the audit record; no name and no id in clear.
  auto log = tlog::SqliteLog::open(db.path);
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(*(*log)->size(), 2u);
  auto leaves = (*log)->leaves(0, 2);
  ASSERT_TRUE(leaves.ok());
  auto stored = (*store)->edits();
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& s = (*stored)[i];
    EXPECT_EQ(s.leaf, i);
    EXPECT_EQ(s.edit.editor, "editor-a");
    EXPECT_EQ((*leaves)[i], edit_leaf(s.edit));
    // The log's readers (evidence bundles, the witness) keep it as a leaf of another type.
    auto decoded = tlog::decode_leaf((*leaves)[i]);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message();
    ASSERT_TRUE(std::holds_alternative<tlog::OtherLeaf>(*decoded));
    EXPECT_EQ(std::get<tlog::OtherLeaf>(*decoded).type, "register-edit");
    EXPECT_EQ(s.record_sha256, tlog::hash_hex(tlog::sha256(audit_record_text(s.edit))));
    EXPECT_NE((*leaves)[i].find(s.record_sha256), std::string::npos);
    EXPECT_NE((*leaves)[i].find(entry_digest(s.edit.kind, s.edit.id)), std::string::npos);
    for (const char* secret : {"editor-a", "court-1", "order-1", "editors only"})
      EXPECT_EQ((*leaves)[i].find(secret), std::string::npos) << secret;
  }
}

TEST(RegisterStore, TheSameFileTwiceChangesNothingAndAnUpdateKeepsTheFirstEntry) {
  TempObservatory db("register-test");
  auto store = RegisterStore::open(db.path);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->apply(parse(kFile), "editor-a", "2026-12-07T10:00:00Z").ok());
  auto again = (*store)->apply(parse(kFile), "editor-b", "2026-12-07T11:00:00Z");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());

  std::string changed = kFile;
  changed.replace(changed.find("editors only"), 12, "a new note");
  auto update = (*store)->apply(parse(changed), "editor-b", "2026-12-07T12:00:00Z");
  ASSERT_TRUE(update.ok()) << update.error().message();
  ASSERT_EQ(update->size(), 1u);
  EXPECT_EQ((*update)[0].action, "update");
  EXPECT_EQ((*update)[0].editor, "editor-b");
  EXPECT_EQ((*update)[0].edit, 3);
  auto loaded = (*store)->load();
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->orders[0].common.private_notes, "a new note");
  EXPECT_EQ(loaded->orders[0].common.provenance.entered_by, "editor-a");
  EXPECT_EQ(*(*tlog::SqliteLog::open(db.path))->size(), 3u);
}

TEST(RegisterStore, AFileThatBreaksTheRegisterWritesNothing) {
  TempObservatory db("register-test");
  auto store = RegisterStore::open(db.path);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->apply(parse(kFile), "editor-a", "2026-12-07T10:00:00Z").ok());
  // A file of additions may name what the register already holds (court-1)…
  const std::string additions = R"(
[[outlets]]
id = "outlet-1"
name = "Fictional News"

[[authorities]]
id = "court-2"
kind = "court"
name = "Another fictional court"
country = "KZ"

[[orders]]
id = "order-2"
authority = "court-1"
date_issued = 2026-03-01
targets = [{ kind = "domain", value = "other.example" }]
)";
  ASSERT_TRUE((*store)->apply(parse(additions), "editor-a", "2026-12-07T10:05:00Z").ok());
  // …but one whose person names an outlet that exists nowhere is refused whole: its other outlet,
  // fine alone, is not written either.
  Register broken;
  Person p;
  p.common.id = "person-1";
  p.name = "A. Fictional";
  p.outlets = {"outlet-9"};
  broken.people.push_back(p);
  Outlet o;
  o.common.id = "outlet-2";
  o.name = "Another fictional outlet";
  broken.outlets.push_back(o);
  auto refused = (*store)->apply(broken, "editor-a", "2026-12-07T10:10:00Z");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().where, "people[0].outlets[0]");
  EXPECT_NE(refused.error().why.find("after this import"), std::string::npos);
  auto loaded = (*store)->load();
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->outlets.size(), 1u);  // outlet-2 was not written
  EXPECT_TRUE(loaded->people.empty());
  EXPECT_EQ((*store)->edits()->size(), 5u);
  EXPECT_EQ(*(*tlog::SqliteLog::open(db.path))->size(), 5u);
}

TEST(RegisterStore, RefusesAFileWithoutARegister) {
  auto missing = RegisterStore::open("/nonexistent/observatory.sqlite");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message().find("no such file"), std::string::npos);
  const std::string empty = "/tmp/ashyq-register-test-empty-" + std::to_string(getpid());
  {
    FILE* f = std::fopen(empty.c_str(), "w");
    std::fclose(f);
  }
  auto none = RegisterStore::open(empty);
  std::remove(empty.c_str());
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message().find("holds no register"), std::string::npos);
}

}  // namespace
}  // namespace ashyq::legal
