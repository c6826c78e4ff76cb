// Tests for register/editor_tokens.hpp: a token shown once and kept as a digest, its holder found
// by it, refused once revoked.
#include "register/editor_tokens.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>

#include "register_testing.hpp"

namespace ashyq::legal {
namespace {

using testing::TempObservatory;

TEST(EditorTokens, AreShownOnceKeptHashedAndRevocable) {
  TempObservatory db("tokens-test");
  auto tokens = EditorTokens::open(db.path);
  ASSERT_TRUE(tokens.ok()) << tokens.error().message();
  auto a = (*tokens)->create(EditorRole::editor, "editor-a", "2026-12-07T10:00:00Z");
  auto b = (*tokens)->create(EditorRole::admin, "admin-b", "2026-12-07T10:00:01Z");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(a->secret.starts_with("ashyq-editor-"));
  EXPECT_EQ(a->secret.size(), 13u + 64u);
  EXPECT_NE(a->secret, b->secret);

  auto holder = (*tokens)->authenticate(a->secret);
  ASSERT_TRUE(holder.ok());
  ASSERT_TRUE(holder->has_value());
  EXPECT_EQ((*holder)->name, "editor-a");
  EXPECT_EQ((*holder)->role, EditorRole::editor);
  EXPECT_EQ((*(*tokens)->authenticate(b->secret))->role, EditorRole::admin);

  // Neither an altered secret nor a malformed one is anyone's.
  std::string altered = a->secret;
  altered.back() = altered.back() == '0' ? '1' : '0';
  for (const std::string& wrong :
       {altered, std::string(), std::string("Bearer x"), a->secret.substr(13), a->secret + "0"})
    EXPECT_FALSE((*tokens)->authenticate(wrong)->has_value()) << wrong;

  // The file keeps no secret.
  {
    std::ifstream in(db.path, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), {}};
    EXPECT_EQ(bytes.find(a->secret.substr(13)), std::string::npos);
  }

  ASSERT_TRUE((*tokens)->revoke(a->token.id, "2026-12-07T11:00:00Z").ok());
  EXPECT_FALSE((*tokens)->authenticate(a->secret)->has_value());
  EXPECT_TRUE((*tokens)->authenticate(b->secret)->has_value());
  ASSERT_TRUE((*tokens)->revoke(a->token.id, "2026-12-07T12:00:00Z").ok());  // again: no change
  auto list = (*tokens)->list();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].revoked_at, "2026-12-07T11:00:00Z");
  EXPECT_EQ((*list)[1].revoked_at, "");
  EXPECT_FALSE((*tokens)->revoke(99, "2026-12-07T12:00:00Z").ok());
  EXPECT_FALSE((*tokens)->create(EditorRole::editor, "", "2026-12-07T12:00:00Z").ok());
  EXPECT_FALSE((*tokens)->create(EditorRole::editor, "a\nb", "2026-12-07T12:00:00Z").ok());
}

}  // namespace
}  // namespace ashyq::legal
