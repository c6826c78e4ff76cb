#include "tlog/key_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

namespace ashyq::tlog {
namespace {

struct TempPath {
  std::string path = "/tmp/ashyq-key-test-" + std::to_string(getpid()) + ".key";
  TempPath() { std::remove(path.c_str()); }
  ~TempPath() { std::remove(path.c_str()); }
};

TEST(KeyFile, WritesMode0600AndReadsBack) {
  TempPath p;
  auto key = NoteSigner::generate("test.example/log");
  ASSERT_TRUE(key);
  ASSERT_TRUE(write_key_file(p.path, *key));
  struct stat st {};
  ASSERT_EQ(::stat(p.path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto back = read_key_file(p.path);
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(back->verifier_key_text(), key->verifier_key_text());
  // Never overwritten.
  auto again = write_key_file(p.path, *NoteSigner::generate("test.example/log"));
  EXPECT_FALSE(again);
  EXPECT_EQ(read_key_file(p.path)->verifier_key_text(), key->verifier_key_text());
}

TEST(KeyFile, RefusesAKeyOthersCanRead) {
  TempPath p;
  ASSERT_TRUE(write_key_file(p.path, *NoteSigner::generate("test.example/log")));
  ASSERT_EQ(::chmod(p.path.c_str(), 0644), 0);
  auto refused = read_key_file(p.path);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message().find("0644"), std::string::npos);
  ASSERT_EQ(::chmod(p.path.c_str(), 0640), 0);
  EXPECT_FALSE(read_key_file(p.path));
}

TEST(KeyFile, RefusesAFileThatIsNotAKey) {
  TempPath p;
  {
    std::ofstream out(p.path);
    out << "PRIVATE+KEY+zzsecretzz\n";
  }
  ::chmod(p.path.c_str(), 0600);
  auto refused = read_key_file(p.path);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message().find("zzsecretzz"), std::string::npos)
      << "the file's text is not repeated: " << refused.error().message();
}

TEST(KeyFile, LoadOrCreateMakesAKeyOnceAndKeepsIt) {
  TempPath p;
  auto made = load_or_create_key_file(p.path, "test.example/log");
  ASSERT_TRUE(made) << made.error().message();
  auto again = load_or_create_key_file(p.path, "ignored.example/log");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->verifier_key_text(), made->verifier_key_text());
  EXPECT_EQ(again->name(), "test.example/log");
}

}  // namespace
}  // namespace ashyq::tlog
