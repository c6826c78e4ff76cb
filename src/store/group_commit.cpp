#include "store/group_commit.hpp"

namespace ashyq::store {

namespace {

bool exec(sqlite3* db, const char* sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

}  // namespace

GroupCommit::GroupCommit(sqlite3* db, std::string kind, std::size_t max_batch)
    : db_(db), kind_(std::move(kind)), max_batch_(max_batch == 0 ? 1 : max_batch) {}

std::size_t GroupCommit::commits() const {
  std::lock_guard lock(mutex_);
  return commits_;
}

std::size_t GroupCommit::committed_work() const {
  std::lock_guard lock(mutex_);
  return committed_work_;
}

core::Result<bool> GroupCommit::run(Work work) {
  Request request{std::move(work), std::nullopt};
  std::unique_lock lock(mutex_);
  queue_.push_back(&request);
  // A request's result is written only under the lock and only once its transaction ended: a
  // follower woken early (by an earlier batch's end, while the batch holding its work is still
  // running) finds none and waits again.
  while (!request.result) {
    if (committing_) {
      done_.wait(lock);
      continue;
    }
    // Lead: take what is queued (ours among it unless more than a batch waits before us).
    committing_ = true;
    std::deque<Request*> batch;
    while (!queue_.empty() && batch.size() < max_batch_) {
      batch.push_back(queue_.front());
      queue_.pop_front();
    }
    lock.unlock();
    auto results = commit(batch);
    lock.lock();
    for (std::size_t i = 0; i < batch.size(); ++i)
      batch[i]->result = std::move(results[i]);
    committing_ = false;
    ++commits_;
    done_.notify_all();
  }
  return std::move(*request.result);
}

std::vector<core::Result<bool>> GroupCommit::commit(const std::deque<Request*>& batch) {
  auto fail_all = [&](const std::string& what) {
    const core::Error e{kind_, what + ": " + sqlite3_errmsg(db_)};
    return std::vector<core::Result<bool>>(batch.size(), e);
  };
  if (!exec(db_, "BEGIN IMMEDIATE"))
    return fail_all("cannot start a transaction");
  std::vector<core::Result<bool>> results;
  results.reserve(batch.size());
  std::size_t done = 0;
  for (auto* r : batch) {
    if (!exec(db_, "SAVEPOINT one_writer")) {
      results.emplace_back(
          core::Error{kind_, std::string("cannot start a savepoint: ") + sqlite3_errmsg(db_)});
      continue;
    }
    auto result = r->work(db_);
    if (!result)
      exec(db_, "ROLLBACK TO one_writer");
    exec(db_, "RELEASE one_writer");
    results.push_back(std::move(result));
    ++done;
  }
  if (!exec(db_, "COMMIT")) {
    auto failed = fail_all("cannot commit");
    exec(db_, "ROLLBACK");
    return failed;
  }
  std::lock_guard lock(mutex_);
  committed_work_ += done;
  return results;
}

}  // namespace ashyq::store
