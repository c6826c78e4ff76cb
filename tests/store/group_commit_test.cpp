#include "store/group_commit.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "store/sqlite_connection.hpp"

namespace ashyq::store {
namespace {

struct TempFile {
  std::string path = "/tmp/ashyq-group-commit-" + std::to_string(getpid()) + ".sqlite";
  TempFile() { remove(); }
  ~TempFile() { remove(); }
  void remove() const {
    for (const char* s : {"", "-wal", "-shm"})
      std::remove((path + s).c_str());
  }
};

// A database at `f` with `settings` and an empty table t (k INTEGER PRIMARY KEY); null when it
// could not be made.
SqliteDatabase table_t(const TempFile& f, const char* settings) {
  auto db = open_sqlite(f.path, "test", settings);
  if (!db) {
    ADD_FAILURE() << db.error().message();
    return nullptr;
  }
  EXPECT_EQ(
      sqlite3_exec(db->get(), "CREATE TABLE t (k INTEGER PRIMARY KEY)", nullptr, nullptr, nullptr),
      SQLITE_OK);
  return std::move(*db);
}

std::int64_t count_rows(sqlite3* db) {
  Statement q(db, "SELECT count(*) FROM t");
  sqlite3_step(q.get());
  return q.integer(0);
}

TEST(GroupCommit, ConcurrentWritersShareCommitsAndAllLand) {
  TempFile f;
  auto db = table_t(f, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
  ASSERT_TRUE(db);
  GroupCommit group(db.get(), "test database");
  constexpr int kThreads = 8, kEach = 50;
  std::atomic<int> ok = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const int key = t * kEach + i;
        auto r = group.run([key](sqlite3* conn) -> core::Result<bool> {
          Statement ins(conn, "INSERT INTO t (k) VALUES (?)");
          ins.bind(1, std::int64_t{key});
          if (sqlite3_step(ins.get()) != SQLITE_DONE)
            return core::Error{"t", sqlite3_errmsg(conn)};
          return true;
        });
        ok += r && *r;
      }
    });
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(ok, kThreads * kEach);
  EXPECT_EQ(count_rows(db.get()), kThreads * kEach);
  EXPECT_EQ(group.committed_work(), static_cast<std::size_t>(kThreads * kEach));
  EXPECT_LE(group.commits(), static_cast<std::size_t>(kThreads * kEach));
  EXPECT_GE(group.commits(), 1u);
}

// "ok means durable": no caller hears its result before the transaction holding its work has
// committed, even a follower woken by an earlier batch's end while a later batch, its own, is
// still running. Each piece notes how many commits had finished when it ran; once run() answers,
// a later one must have. The commit hook (which runs inside COMMIT, before it completes) waits a
// little so that a batch's pieces have their results well before it ends.
TEST(GroupCommit, NoCallerHearsItsResultBeforeItsTransactionCommitted) {
  TempFile f;
  auto db = table_t(f, "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;");
  ASSERT_TRUE(db);
  std::atomic<int> commits_finished = 0;
  sqlite3_commit_hook(
      db.get(),
      [](void* counter) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        ++*static_cast<std::atomic<int>*>(counter);
        return 0;  // let it commit
      },
      &commits_finished);
  GroupCommit group(db.get(), "test database");
  constexpr int kThreads = 8, kEach = 40;
  std::atomic<int> early = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        int finished_when_run = -1;
        auto r = group.run([&, key = t * kEach + i](sqlite3* conn) -> core::Result<bool> {
          finished_when_run = commits_finished;
          Statement ins(conn, "INSERT INTO t (k) VALUES (?)");
          ins.bind(1, std::int64_t{key});
          return sqlite3_step(ins.get()) == SQLITE_DONE;
        });
        if (r && commits_finished <= finished_when_run)
          ++early;
      }
    });
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(early, 0) << "callers answered before their transaction committed";
  EXPECT_EQ(count_rows(db.get()), kThreads * kEach);
}

TEST(GroupCommit, AFailedPieceIsRolledBackAloneAndTheOthersCommit) {
  TempFile f;
  auto db = table_t(f, "PRAGMA journal_mode = WAL;");
  ASSERT_TRUE(db);
  GroupCommit group(db.get(), "test database");
  // Run several at once so that they share transactions; every third writes, then fails.
  std::vector<std::thread> threads;
  std::atomic<int> failed = 0;
  for (int t = 0; t < 30; ++t)
    threads.emplace_back([&, t] {
      auto r = group.run([t](sqlite3* conn) -> core::Result<bool> {
        Statement ins(conn, "INSERT INTO t (k) VALUES (?)");
        ins.bind(1, std::int64_t{t});
        sqlite3_step(ins.get());
        if (t % 3 == 0)
          return core::Error{"piece " + std::to_string(t), "failed after writing"};
        return true;
      });
      failed += !r;
    });
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(failed, 10);
  EXPECT_EQ(count_rows(db.get()), 20);
  Statement q(db.get(), "SELECT count(*) FROM t WHERE k % 3 = 0");
  sqlite3_step(q.get());
  EXPECT_EQ(q.integer(0), 0);
}

}  // namespace
}  // namespace ashyq::store
