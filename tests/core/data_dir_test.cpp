#include "core/data_dir.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace ashyq::core {
namespace {

namespace fs = std::filesystem;

// A scratch PREFIX with bin/ (and share/ashyq/ when asked), removed at the end.
class InstalledDataDir : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::remove_all(prefix_);
    fs::create_directories(prefix_ / "bin");
  }
  void TearDown() override { fs::remove_all(prefix_); }

  const fs::path prefix_ =
      fs::temp_directory_path() / ("ashyq-data-dir-" + std::to_string(getpid()));
};

TEST_F(InstalledDataDir, IsShareAshyqBesideBin) {
  fs::create_directories(prefix_ / "share" / "ashyq");
  EXPECT_EQ(installed_data_dir(prefix_ / "bin" / "ashyq"), (prefix_ / "share" / "ashyq").string());
}

TEST_F(InstalledDataDir, IsNothingWithoutShareAshyq) {
  EXPECT_EQ(installed_data_dir(prefix_ / "bin" / "ashyq"), std::nullopt);
}

TEST_F(InstalledDataDir, IsNothingOutsideABinDirectory) {
  // A build tree: build/release/ashyq, even with a share/ashyq one level up.
  fs::create_directories(prefix_ / "release");
  fs::create_directories(prefix_ / "share" / "ashyq");
  EXPECT_EQ(installed_data_dir(prefix_ / "release" / "ashyq"), std::nullopt);
}

TEST(DataDir, EnvironmentWins) {
  const char* before = std::getenv("ASHYQ_DATA_DIR");
  const std::string saved = before ? before : "";
  setenv("ASHYQ_DATA_DIR", "/somewhere/data", 1);
  EXPECT_EQ(data_dir(), "/somewhere/data");
  EXPECT_EQ(data_path("test-lists/kz.csv"), "/somewhere/data/test-lists/kz.csv");
  if (before)
    setenv("ASHYQ_DATA_DIR", saved.c_str(), 1);
  else
    unsetenv("ASHYQ_DATA_DIR");
}

}  // namespace
}  // namespace ashyq::core
