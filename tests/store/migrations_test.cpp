#include "store/migrations.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <fstream>
#include <memory>
#include <sstream>

#include "store/results_store.hpp"
#include "test_source_dir.hpp"

namespace ashyq::store {
namespace {

namespace json = boost::json;

struct CloseDatabase {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using Database = std::unique_ptr<sqlite3, CloseDatabase>;

struct TempDb {
  std::string path;
  explicit TempDb(const std::string& name = "db")
      : path("/tmp/ashyq-migrations-test-" + std::to_string(getpid()) + "-" + name + ".sqlite") {
    remove_files();
  }
  ~TempDb() { remove_files(); }
  void remove_files() const {
    for (const char* suffix : {"", "-wal", "-shm"})
      std::remove((path + suffix).c_str());
  }
};

Database connect(const std::string& path) {
  sqlite3* raw = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  return Database(raw);
}

void exec(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK)
      << (message ? message : "") << "\n"
      << sql;
}

// The first column of every row `sql` yields, as text, joined by newlines.
std::string query(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr), SQLITE_OK) << sql;
  std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> stmt(raw, sqlite3_finalize);
  std::string out;
  while (raw && sqlite3_step(raw) == SQLITE_ROW) {
    const auto* text = sqlite3_column_text(raw, 0);
    out += (text ? reinterpret_cast<const char*>(text) : "NULL") + std::string("\n");
  }
  return out;
}

int user_version(const std::string& path) {
  auto db = connect(path);
  return std::stoi(query(db.get(), "PRAGMA user_version"));
}

// The tables and indexes as SQLite records them (what a migration must reproduce exactly).
std::string schema_of(const std::string& path) {
  auto db = connect(path);
  return query(db.get(), "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name");
}

std::string schema_before_versioning() {
  std::ifstream in(std::string(ASHYQ_TEST_SOURCE_DIR) +
                   "/tests/fixtures/store/schema_before_versioning.sql");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_FALSE(text.str().empty());
  return text.str();
}

std::string measurement_json(const std::string& url, const std::string& method) {
  json::object m{{"input", url},
                 {"test_name", "web_connectivity"},
                 {"measurement_start_time", "2026-11-28 10:00:00"}};
  m["test_keys"] = json::object{
      {"blocking", method == "none" ? json::value(false) : json::value("dns")},
      {"dns_experiment_failure", method == "dns" ? json::value("dns_nxdomain_error") : nullptr},
      {"x_ashyq_verdict", json::object{{"method", method}, {"confidence", 0.9}}}};
  return json::serialize(m);
}

// A database as a build from before versioning left it: its schema, one interrupted run of three
// URLs with two measured, one finished run.
void make_database_before_versioning(const std::string& path) {
  auto db = connect(path);
  exec(db.get(), schema_before_versioning());
  exec(db.get(),
       "INSERT INTO runs VALUES (1, '2026-11-28 10:00:00', '', '--list kz', 'interrupted', 3);"
       "INSERT INTO runs VALUES (2, '2026-11-29 10:00:00', '2026-11-29 10:05:00', '--input', "
       "'finished', 1);"
       "INSERT INTO plan VALUES (1, 0, 'https://a.kz/', 'NEWS'), (1, 1, 'https://b.kz/', 'HUMR'),"
       " (1, 2, 'https://c.kz/', 'NEWS'), (2, 0, 'https://d.kz/', '');");
  auto insert = [&](int run, int position, const std::string& url, const std::string& domain,
                    const std::string& category, const std::string& method) {
    std::string body = measurement_json(url, method);
    std::string quoted;
    for (char c : body)
      quoted += c == '\'' ? std::string("''") : std::string(1, c);
    exec(db.get(),
         "INSERT INTO measurements(run_id, position, input, domain, category, test_name, "
         "measured_at, blocking, accessible, method, confidence, failed_step, failure, "
         "json) VALUES (" +
             std::to_string(run) + ", " + std::to_string(position) + ", '" + url + "', '" + domain +
             "', '" + category + "', 'web_connectivity', '2026-11-28 10:00:00', '" +
             (method == "none" ? "false" : "dns") + "', NULL, '" + method + "', 0.9, '', '', '" +
             quoted + "')");
  };
  insert(1, 0, "https://a.kz/", "a.kz", "NEWS", "dns");
  insert(1, 1, "https://b.kz/", "b.kz", "HUMR", "none");
  insert(2, 0, "https://d.kz/", "d.kz", "", "none");
}

TEST(Migrations, VersionsStartAtOneAndIncreaseByOne) {
  int expected = 1;
  for (const auto& m : migrations()) {
    EXPECT_EQ(m.version, expected) << "migration " << expected;
    EXPECT_NE(m.sql, nullptr);
    ++expected;
  }
  EXPECT_EQ(current_schema_version(), expected - 1);
}

TEST(Migrations, ADatabaseFromBeforeVersioningIsMigratedAndLosesNothing) {
  TempDb db;
  make_database_before_versioning(db.path);
  ASSERT_EQ(user_version(db.path), 0);
  std::string schema_before = schema_of(db.path);

  auto opened = ResultsStore::open(db.path);
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  auto& store = *opened;
  EXPECT_EQ(user_version(db.path), current_schema_version());
  if (current_schema_version() == 1) {
    EXPECT_EQ(schema_of(db.path), schema_before);  // migration 1 is that schema, unchanged
  }

  auto runs = store->runs();
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].source, "--list kz");
  EXPECT_EQ(runs[0].status, "interrupted");
  EXPECT_EQ(runs[0].planned, 3);
  EXPECT_EQ(runs[0].measured, 2);
  EXPECT_EQ(runs[1].finished_at, "2026-11-29 10:05:00");
  EXPECT_EQ(runs[1].measured, 1);

  auto all = store->measurements({});
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].domain, "a.kz");
  EXPECT_EQ(all[0].method, "dns");
  EXPECT_EQ(all[0].category, "NEWS");
  EXPECT_EQ(store->measurements({.run_id = 1, .blocked_only = true}).size(), 1u);
  ASSERT_EQ(store->measurement_json(1).size(), 2u);
  EXPECT_EQ(store->measurement_json(1)[1], measurement_json("https://b.kz/", "none"));

  auto left = store->remaining(1);
  ASSERT_TRUE(left.ok()) << left.error().message();
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ((*left)[0].first, 2);
  EXPECT_EQ((*left)[0].second.url, "https://c.kz/");
  EXPECT_EQ(store->latest_unfinished_run(), 1);

  // And the migrated database takes new writes.
  EXPECT_TRUE(store->add_measurement(1, 2, "NEWS", measurement_json("https://c.kz/", "none")));
  EXPECT_TRUE(store->remaining(1)->empty());
}

TEST(Migrations, AFreshDatabaseHasTheSameSchemaAsAMigratedOne) {
  TempDb fresh("fresh");
  {
    auto opened = ResultsStore::open(fresh.path);
    ASSERT_TRUE(opened.ok()) << opened.error().message();
  }
  EXPECT_EQ(user_version(fresh.path), current_schema_version());
  TempDb old("old");
  make_database_before_versioning(old.path);
  {
    auto opened = ResultsStore::open(old.path);
    ASSERT_TRUE(opened.ok()) << opened.error().message();
  }
  EXPECT_EQ(schema_of(fresh.path), schema_of(old.path));
}

TEST(Migrations, MigratingTwiceIsANoOp) {
  TempDb db;
  make_database_before_versioning(db.path);
  {
    auto db_conn = connect(db.path);
    auto first = migrate(db_conn.get(), db.path);
    ASSERT_TRUE(first.ok()) << first.error().message();
    EXPECT_EQ(*first, 0);  // the version it had
  }
  std::string schema = schema_of(db.path);
  std::string rows;
  {
    auto conn = connect(db.path);
    rows = query(conn.get(), "SELECT json FROM measurements ORDER BY id");
    auto second = migrate(conn.get(), db.path);
    ASSERT_TRUE(second.ok()) << second.error().message();
    EXPECT_EQ(*second, current_schema_version());
    // The no-op holds no transaction open and leaves the rows as they were.
    EXPECT_NE(sqlite3_get_autocommit(conn.get()), 0);
    EXPECT_EQ(query(conn.get(), "SELECT json FROM measurements ORDER BY id"), rows);
  }
  EXPECT_EQ(schema_of(db.path), schema);
  EXPECT_EQ(user_version(db.path), current_schema_version());
  auto reopened = ResultsStore::open(db.path);
  ASSERT_TRUE(reopened.ok()) << reopened.error().message();
  EXPECT_EQ((*reopened)->runs().size(), 2u);
}

TEST(Migrations, ADatabaseFromANewerAshyqIsRefused) {
  TempDb db;
  {
    auto opened = ResultsStore::open(db.path);
    ASSERT_TRUE(opened.ok()) << opened.error().message();
  }
  int future = current_schema_version() + 1;
  {
    auto conn = connect(db.path);
    exec(conn.get(), "PRAGMA user_version = " + std::to_string(future));
  }
  auto opened = ResultsStore::open(db.path);
  ASSERT_FALSE(opened.ok());
  auto message = opened.error().message();
  EXPECT_NE(message.find(db.path), std::string::npos) << message;
  EXPECT_NE(message.find("schema version " + std::to_string(future) + " is newer"),
            std::string::npos)
      << message;
  EXPECT_EQ(user_version(db.path), future);  // left as it was
}

}  // namespace
}  // namespace ashyq::store
