// Helpers for the register's tests: a temporary observatory database, made by the collector's own
// store so its migrations create the register's tables beside the log.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "collector/store_spec.hpp"

namespace ashyq::legal::testing {

struct TempObservatory {
  std::string path;
  explicit TempObservatory(const std::string& name)
      : path("/tmp/ashyq-" + name + "-" + std::to_string(getpid()) + ".sqlite") {
    remove_files();
    auto store = collector::open_observatory_store(collector::SqliteStoreSpec{path});
    EXPECT_TRUE(store.ok()) << store.error().message();
  }
  ~TempObservatory() { remove_files(); }
  TempObservatory(const TempObservatory&) = delete;
  TempObservatory& operator=(const TempObservatory&) = delete;
  void remove_files() const {
    for (const char* suffix : {"", "-wal", "-shm"})
      std::remove((path + suffix).c_str());
  }
};

}  // namespace ashyq::legal::testing
