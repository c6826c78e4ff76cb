// Group commit for a SQLite writer connection: the work of several threads that want to write at
// the same moment goes into one transaction and one fsync, instead of one each. Leader and
// followers: the first caller to find no commit under way takes every queued piece of work (up to
// a cap), runs each under its own SAVEPOINT (a piece that fails is rolled back alone), commits
// once, and wakes the others; a caller returns only once the transaction holding its work has
// committed — so "ok means durable" holds for each caller as it did with a transaction each.
// Callers that arrive while a commit is under way form the next batch, so batches grow with the
// load and a lone writer pays no extra wait.
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace ashyq::store {

class GroupCommit {
 public:
  // Work for one caller: runs inside the shared transaction on `db`; ok(true/false) or an Error
  // (its writes are then rolled back, the others' are not).
  using Work = std::function<core::Result<bool>(sqlite3* db)>;

  // `db` is used only by this object from now on; `kind` names it in errors.
  GroupCommit(sqlite3* db, std::string kind, std::size_t max_batch = 256);

  // Runs `work` in a transaction shared with concurrent callers; answers its result once that
  // transaction committed, or an Error when it could not commit.
  core::Result<bool> run(Work work);

  // Runs `f(db)` alone on the connection, between group transactions (for reads that must not see
  // a transaction in progress, or writes with their own transaction); answers what `f` does.
  template <class F>
  auto exclusive(F&& f) {
    {
      std::unique_lock lock(mutex_);
      done_.wait(lock, [this] { return !committing_; });
      committing_ = true;
    }
    struct Release {
      GroupCommit* group;
      ~Release() {
        std::lock_guard lock(group->mutex_);
        group->committing_ = false;
        group->done_.notify_all();
      }
    } release{this};
    return f(db_);
  }

  // Batches committed and pieces of work in them since the start (for benches and tests).
  std::size_t commits() const;
  std::size_t committed_work() const;

 private:
  struct Request {
    Work work;
    std::optional<core::Result<bool>> result;
  };
  // Runs `batch` in one transaction; their results, in order, once it has ended.
  std::vector<core::Result<bool>> commit(const std::deque<Request*>& batch);

  sqlite3* db_;
  std::string kind_;
  std::size_t max_batch_;
  mutable std::mutex mutex_;
  std::condition_variable done_;
  std::deque<Request*> queue_;
  bool committing_ = false;
  std::size_t commits_ = 0;
  std::size_t committed_work_ = 0;
};

}  // namespace ashyq::store
