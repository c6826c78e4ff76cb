// `ashyq run` as a volunteer runs it: the results database, a run killed halfway and resumed,
// the probe's own addresses scrubbed, consent, and bad lists.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "runner/address_scrubber.hpp"
#include "support/local_helper.hpp"
#include "support/run.hpp"
#include "support/servers.hpp"

namespace ashyq {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace fs = std::filesystem;

struct Home {
  fs::path dir = fs::temp_directory_path() / ("ashyq-run-test-" + std::to_string(getpid()));
  Home() { fs::create_directories(dir); }
  ~Home() { fs::remove_all(dir); }
  std::string db() const { return (dir / "results.sqlite").string(); }
};

std::vector<std::string> base_args(const Home& home, const testing::LocalHelper& helper) {
  return {testing::ashyq_binary(),
          "run",
          "--accept-risks",
          "--db",
          home.db(),
          "--helper",
          helper.url(),
          "--allow-loopback",
          "--quiet",
          "--per-host",
          "64"};
}

// Rows of (position, input, json) stored for run 1.
struct Row {
  int64_t position;
  std::string json;
};
std::vector<Row> stored(const std::string& db) {
  sqlite3* h = nullptr;
  sqlite3_open(db.c_str(), &h);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(h, "SELECT position, json FROM measurements ORDER BY position", -1, &s,
                     nullptr);
  std::vector<Row> rows;
  while (sqlite3_step(s) == SQLITE_ROW) {
    rows.push_back(
        {sqlite3_column_int64(s, 0), reinterpret_cast<const char*>(sqlite3_column_text(s, 1))});
  }
  sqlite3_finalize(s);
  sqlite3_close(h);
  return rows;
}

std::string list_of(const std::vector<std::string>& urls, const Home& home) {
  auto path = (home.dir / "list.csv").string();
  std::ofstream out(path);
  out << "url,category_code,category_description,date_added,source,notes\n";
  for (const auto& u : urls)
    out << u << ",NEWS,News Media,2026-01-01,test,\n";
  return path;
}

boost::asio::awaitable<void> slow_page(testing::tcp::socket s) {
  testing::http::request<testing::http::string_body> req;
  while (co_await testing::read_request(s, req)) {
    co_await testing::sleep_for(300ms);
    co_await testing::write_response(s, 200, std::string("<title>slow but fine</title>"));
    req = {};
  }
}

TEST(RunCommand, KilledHalfwayThenResumedMeasuresEveryUrlOnce) {
  Home home;
  testing::LocalHelper helper;
  testing::TcpServer site(slow_page);
  std::vector<std::string> urls;
  for (int i = 0; i < 16; ++i)
    urls.push_back("http://localhost:" + std::to_string(site.port()) + "/" + std::to_string(i));
  auto args = base_args(home, helper);
  args.insert(args.end(), {"--list", list_of(urls, home), "--concurrency", "2"});

  pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    for (auto& a : args)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    int null_fd = open("/dev/null", O_RDWR);
    dup2(null_fd, 0);
    dup2(null_fd, 1);
    dup2(null_fd, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  // Kill it without warning once some (not all) measurements are stored.
  auto until = std::chrono::steady_clock::now() + 60s;
  while (stored(home.db()).size() < 4 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(20ms);
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  auto before = stored(home.db()).size();
  ASSERT_GE(before, 4u);
  ASSERT_LT(before, urls.size()) << "the run finished before it could be killed";

  auto resume = base_args(home, helper);
  resume.push_back("--resume");
  auto r = testing::run_command(resume);
  EXPECT_EQ(r.status, 0) << r.err;
  auto rows = stored(home.db());
  ASSERT_EQ(rows.size(), urls.size());
  for (std::size_t i = 0; i < rows.size(); ++i)
    EXPECT_EQ(rows[i].position, static_cast<int64_t>(i));

  auto again = base_args(home, helper);
  again.push_back("--resume");
  EXPECT_EQ(testing::run_command(again).status, 2);  // nothing left to resume
}

TEST(RunCommand, TheMachinesOwnAddressesAreScrubbed) {
  auto mine = runner::probe_addresses({});
  if (mine.empty())
    GTEST_SKIP() << "this machine has no non-loopback address to leak";
  Home home;
  testing::LocalHelper helper;
  // A page that shows the visitor's address, as many do.
  testing::TcpServer site(testing::serve_page(200, "<p>Your address is " + mine.front() + ".</p>",
                                              {{"X-Client-Address", mine.front()}}));
  auto args = base_args(home, helper);
  auto jsonl = (home.dir / "out.jsonl").string();
  args.insert(args.end(), {"--input", site.url(), "--output", jsonl});
  auto r = testing::run_command(args);
  EXPECT_EQ(r.status, 0) << r.err;
  auto rows = stored(home.db());
  ASSERT_EQ(rows.size(), 1u);
  std::ifstream in(jsonl);
  std::string exported((std::istreambuf_iterator<char>(in)), {});
  for (const auto& text : {rows[0].json, exported}) {
    for (const auto& address : mine) {
      EXPECT_EQ(runner::scrub(text, {address}), text) << address << " leaked";
    }
    EXPECT_NE(text.find("[scrubbed]"), std::string::npos);
  }
  // The raw database file holds no copy either (no stale page, no journal).
  std::ifstream raw(home.db(), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(raw)), {});
  EXPECT_EQ(bytes.find("Your address is " + mine.front()), std::string::npos);
}

TEST(RunCommand, MalformedListLinesAreReportedAndTheRunGoesOn) {
  Home home;
  testing::LocalHelper helper;
  testing::TcpServer site(testing::serve_page(200, "<title>ok</title>"));
  auto path = (home.dir / "bad.csv").string();
  {
    std::ofstream out(path);
    out << "url,category_code\n"
        << site.url() << ",NEWS\n"
        << "not a url,NEWS\n"
        << "ftp://example.org/,NEWS\n"
        << site.url("http", "/two") << ",HUMR\n";
  }
  auto args = base_args(home, helper);
  args.insert(args.end(), {"--list", path});
  auto r = testing::run_command(args);
  EXPECT_EQ(r.status, 4) << r.err;
  EXPECT_NE(r.err.find("bad.csv:3: skipped"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad.csv:4: skipped"), std::string::npos) << r.err;
  EXPECT_EQ(stored(home.db()).size(), 2u);
}

TEST(RunCommand, WithoutConsentNothingIsMeasured) {
  Home home;
  testing::LocalHelper helper;
  testing::TcpServer site(testing::serve_page(200, "x"));
  setenv("ASHYQ_HOME", home.dir.c_str(), 1);
  auto r = testing::run_command({testing::ashyq_binary(), "run", "--input", site.url(), "--helper",
                                 helper.url(), "--allow-loopback"});
  unsetenv("ASHYQ_HOME");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--accept-risks"), std::string::npos);
  EXPECT_EQ(site.accepted(), 0);
}

// The helper URL (and any other flag) can come from a TOML config file, a section per command.
TEST(RunCommand, HelperFromAConfigFile) {
  Home home;
  testing::LocalHelper helper;
  testing::TcpServer site(testing::serve_page(200, "<title>ok</title>"));
  auto config = (home.dir / "config.toml").string();
  std::ofstream(config) << "[run]\nhelper = [\"" << helper.url() << "\"]\nprobe-cc = \"KZ\"\n";
  auto r =
      testing::run_command({testing::ashyq_binary(), "--config", config, "run", "--accept-risks",
                            "--no-db", "--quiet", "--allow-loopback", "--input", site.url()});
  ASSERT_EQ(r.status, 0) << r.err;
  auto text = r.out.substr(0, r.out.find_last_not_of('\n') + 1);
  auto m = boost::json::parse(text.substr(text.rfind('\n') + 1));
  EXPECT_EQ(m.at("probe_cc").as_string(), "KZ");
  EXPECT_EQ(m.at("test_helpers").at("backend").at("address").as_string(), helper.url());
  // A config file named on the command line must exist.
  auto missing = testing::run_command({testing::ashyq_binary(), "--config",
                                       (home.dir / "nope.toml").string(), "run", "--input", "x"});
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("nope.toml"), std::string::npos) << missing.err;
}

// `--suite`: each step is its own stored run, tagged with the suite; the default report shows
// them together; a broken suite file is refused before anything is measured.
TEST(RunCommand, SuiteRunsEveryStepAsItsOwnRun) {
  Home home;
  testing::LocalHelper helper;
  testing::TcpServer site(testing::serve_page(200, "<title>ok</title>"));
  const auto targets = (home.dir / "tor-targets.csv").string();
  std::ofstream(targets) << "name,address,protocol,source\n"
                         << "closed,127.0.0.1:1,or_port_dirauth,test\n";
  const auto suite = (home.dir / "mini.toml").string();
  std::ofstream(suite) << "name = \"mini\"\n[[step]]\ntest = \"web_connectivity\"\ninputs = [\""
                       << site.url()
                       << "\"]\n[[step]]\ntest = \"tor\"\noptions = [\"targets=" << targets
                       << "\", \"or_handshake=false\"]\n";
  auto args = base_args(home, helper);
  args.insert(args.end(), {"--suite", suite});
  auto r = testing::run_command(args);
  ASSERT_EQ(r.status, 0) << r.err;

  sqlite3* h = nullptr;
  sqlite3_open(home.db().c_str(), &h);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(h, "SELECT source FROM runs ORDER BY id", -1, &s, nullptr);
  std::vector<std::string> sources;
  while (sqlite3_step(s) == SQLITE_ROW)
    sources.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
  sqlite3_finalize(s);
  sqlite3_close(h);
  ASSERT_EQ(sources.size(), 2u);
  EXPECT_TRUE(sources[0].starts_with("--input [suite mini ")) << sources[0];
  EXPECT_TRUE(sources[1].starts_with("-t tor ")) << sources[1];
  EXPECT_EQ(sources[0].substr(sources[0].find("[suite")),
            sources[1].substr(sources[1].find("[suite")));
  EXPECT_EQ(stored(home.db()).size(), 2u);  // one web measurement, one tor measurement

  // The default report (the latest run) brings in the suite's other run.
  const auto out = (home.dir / "report").string();
  auto report =
      testing::run_command({testing::ashyq_binary(), "report", "--db", home.db(), "--out", out});
  ASSERT_EQ(report.status, 0) << report.err;
  std::ifstream in(out + "/report.html");
  std::string html((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(html.find("id=\"experiment-tor\""), std::string::npos);
  EXPECT_NE(html.find("--input [suite mini "), std::string::npos);  // the runs table: both
  EXPECT_NE(html.find("-t tor (no input) [suite mini "), std::string::npos);

  // --lang: the report in Russian; a language ashyq has no catalogue for is a usage error.
  const auto out_ru = (home.dir / "report-ru").string();
  auto ru = testing::run_command(
      {testing::ashyq_binary(), "report", "--db", home.db(), "--out", out_ru, "--lang", "ru"});
  ASSERT_EQ(ru.status, 0) << ru.err;
  std::ifstream in_ru(out_ru + "/report.html");
  std::string html_ru((std::istreambuf_iterator<char>(in_ru)), {});
  EXPECT_NE(html_ru.find("<html lang=\"ru\">"), std::string::npos);
  EXPECT_NE(html_ru.find("Что было измерено"), std::string::npos);
  auto bad_lang = testing::run_command(
      {testing::ashyq_binary(), "report", "--db", home.db(), "--out", out_ru, "--lang", "xx"});
  EXPECT_EQ(bad_lang.status, 2);
  EXPECT_NE(bad_lang.err.find("--lang: unknown language 'xx'"), std::string::npos) << bad_lang.err;

  // Flags the suite decides are refused; so is a broken suite file, with its line.
  auto with_test = base_args(home, helper);
  with_test.insert(with_test.end(), {"--suite", suite, "-t", "tor"});
  EXPECT_EQ(testing::run_command(with_test).status, 2);
  std::ofstream(suite) << "[[step]]\ntest = \"tor\"\ninputs = [\"x\"]\n";
  auto broken = testing::run_command(args);
  EXPECT_EQ(broken.status, 2);
  EXPECT_NE(broken.err.find("mini.toml:1: tor takes no input"), std::string::npos) << broken.err;
}

}  // namespace
}  // namespace ashyq
