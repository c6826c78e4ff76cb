// `ashyq register check|import|export` on a temporary observatory database: a file checked, applied
// all or nothing with the audit's edits printed, exported whole and as the public sees it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "support/run.hpp"

namespace ashyq {
namespace {

using testing::run_command;

struct TempFiles {
  std::string dir = "/tmp/ashyq-register-cli-" + std::to_string(getpid());
  TempFiles() { std::filesystem::create_directories(dir); }
  ~TempFiles() { std::filesystem::remove_all(dir); }
  std::string write(const std::string& name, const std::string& text) const {
    const std::string path = dir + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
};

// Fictional.
constexpr const char* kRegister = R"([[authorities]]
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
publication = "published"

[[orders]]
id = "order-draft"
authority = "court-1"
date_issued = 2026-03-01
targets = [{ kind = "domain", value = "draft.example" }]
)";

TEST(RegisterCommand, ChecksImportsAndExports) {
  TempFiles files;
  const std::string file = files.write("register.toml", kRegister);
  const std::string store = "sqlite:" + files.dir + "/observatory.sqlite";
  const std::string ashyq = testing::ashyq_binary();

  auto check = run_command({ashyq, "register", "check", file});
  EXPECT_EQ(check.status, 0) << check.err;
  EXPECT_NE(check.out.find("1 authorities (1 published), 2 orders (1 published)"),
            std::string::npos)
      << check.out;

  auto import =
      run_command({ashyq, "register", "import", file, "--store", store, "--editor", "editor-a"});
  EXPECT_EQ(import.status, 0) << import.err;
  EXPECT_NE(import.out.find("created order order-1 (edit 2)"), std::string::npos) << import.out;
  EXPECT_NE(import.out.find("3 entries written by editor-a"), std::string::npos) << import.out;

  auto again =
      run_command({ashyq, "register", "import", file, "--store", store, "--editor", "editor-b"});
  EXPECT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.out.find("0 entries written"), std::string::npos) << again.out;

  auto editors = run_command({ashyq, "register", "export", "--store", store});
  EXPECT_EQ(editors.status, 0) << editors.err;
  for (const char* seen : {"order-draft", "editors only", "editor-a"})
    EXPECT_NE(editors.out.find(seen), std::string::npos) << seen;

  const std::string out = files.dir + "/public.json";
  auto public_export =
      run_command({ashyq, "register", "export", "--store", store, "--public", "--out", out});
  EXPECT_EQ(public_export.status, 0) << public_export.err;
  std::ifstream in(out);
  const std::string text{std::istreambuf_iterator<char>(in), {}};
  EXPECT_NE(text.find("order-1"), std::string::npos) << text;
  for (const char* hidden : {"order-draft", "editors only", "editor-a"})
    EXPECT_EQ(text.find(hidden), std::string::npos) << hidden;
}

// The register exported as CSV, edited in a spreadsheet, imported back: the CSV holds what the
// JSON holds, the public one no private field, and a bad cell is refused with its line.
TEST(RegisterCommand, CsvGoesOutAndComesBack) {
  TempFiles files;
  const std::string store = "sqlite:" + files.dir + "/observatory.sqlite";
  const std::string other = "sqlite:" + files.dir + "/other.sqlite";
  const std::string ashyq = testing::ashyq_binary();
  const std::string file = files.write("register.toml", kRegister);
  ASSERT_EQ(
      run_command({ashyq, "register", "import", file, "--store", store, "--editor", "editor-a"})
          .status,
      0);

  const std::string csv = files.dir + "/register.csv";
  auto exported = run_command({ashyq, "register", "export", "--store", store, "--out", csv});
  ASSERT_EQ(exported.status, 0) << exported.err;
  auto back =
      run_command({ashyq, "register", "import", csv, "--store", other, "--editor", "editor-b"});
  EXPECT_EQ(back.status, 0) << back.err;
  EXPECT_NE(back.out.find("3 entries written by editor-b"), std::string::npos) << back.out;
  auto a = run_command({ashyq, "register", "export", "--store", store, "--public"});
  auto b = run_command({ashyq, "register", "export", "--store", other, "--public"});
  // The same entries; only when they were entered differs.
  auto strip_times = [](std::string text) {
    for (auto at = text.find("\"entered_at\""); at != std::string::npos;
         at = text.find("\"entered_at\"", at + 1))
      text.erase(at, text.find('"', text.find(':', at) + 2) + 1 - at);
    return text;
  };
  EXPECT_EQ(strip_times(a.out), strip_times(b.out));

  auto shown =
      run_command({ashyq, "register", "export", "--store", store, "--public", "--format", "csv"});
  EXPECT_EQ(shown.status, 0) << shown.err;
  EXPECT_TRUE(shown.out.starts_with("entry,id,")) << shown.out;
  for (const char* hidden : {"order-draft", "editors only", "editor-a"})
    EXPECT_EQ(shown.out.find(hidden), std::string::npos) << hidden;

  const std::string bad = files.write(
      "bad.csv", "entry,id,kind,name,country\nauthority,court-9,court,Fictional,Kazakhstan\n");
  auto refused = run_command({ashyq, "register", "check", bad});
  EXPECT_EQ(refused.status, 2);
  EXPECT_NE(refused.err.find("bad.csv:2: authorities[0].country: 'Kazakhstan'"), std::string::npos)
      << refused.err;
  EXPECT_EQ(run_command({ashyq, "register", "export", "--store", store, "--format", "xml"}).status,
            2);
}

TEST(RegisterCommand, ABadFileIsRefusedWithItsLineAndNothingIsWritten) {
  TempFiles files;
  std::string text = kRegister;
  text.replace(text.find("value = \"draft.example\""), 23, "value = \"https://draft.example/\"");
  const std::string file = files.write("bad.toml", text);
  const std::string store = "sqlite:" + files.dir + "/observatory.sqlite";
  const std::string ashyq = testing::ashyq_binary();

  auto check = run_command({ashyq, "register", "check", file});
  EXPECT_EQ(check.status, 2);
  EXPECT_NE(check.err.find("bad.toml:20: orders[1].targets[0].value: 'https://draft.example/' is "
                           "not a domain"),
            std::string::npos)
      << check.err;

  auto import =
      run_command({ashyq, "register", "import", file, "--store", store, "--editor", "editor-a"});
  EXPECT_EQ(import.status, 2);
  auto exported = run_command({ashyq, "register", "export", "--store", store});
  EXPECT_EQ(exported.status, 0) << exported.err;
  EXPECT_EQ(exported.out.find("court-1"), std::string::npos) << exported.out;  // nothing written

  auto wrong_flag = run_command({ashyq, "register", "import", file});
  EXPECT_EQ(wrong_flag.status, 2);
}

TEST(RegisterCommand, TokensAreMadeListedAndRevoked) {
  TempFiles files;
  const std::string store = "sqlite:" + files.dir + "/observatory.sqlite";
  const std::string ashyq = testing::ashyq_binary();
  auto made = run_command({ashyq, "collector", "token", "--store", store, "create", "--role",
                           "admin", "--name", "admin-b"});
  EXPECT_EQ(made.status, 0) << made.err;
  EXPECT_TRUE(made.out.starts_with("ashyq-editor-")) << made.out;  // the secret, alone on stdout
  EXPECT_NE(made.err.find("shown once"), std::string::npos) << made.err;
  auto list = run_command({ashyq, "collector", "token", "--store", store, "list"});
  EXPECT_EQ(list.status, 0) << list.err;
  EXPECT_NE(list.out.find("1\tadmin\tadmin-b"), std::string::npos) << list.out;
  EXPECT_EQ(list.out.find(made.out.substr(13, 64)), std::string::npos);  // no secret listed
  EXPECT_EQ(run_command({ashyq, "collector", "token", "--store", store, "revoke", "1"}).status, 0);
  list = run_command({ashyq, "collector", "token", "--store", store, "list"});
  EXPECT_NE(list.out.find("revoked"), std::string::npos) << list.out;
  EXPECT_EQ(run_command({ashyq, "collector", "token", "--store", store, "revoke", "7"}).status, 2);
  EXPECT_EQ(run_command({ashyq, "collector", "token", "--store", store, "create", "--role", "owner",
                         "--name", "x"})
                .status,
            2);
}

}  // namespace
}  // namespace ashyq
