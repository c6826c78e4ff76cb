// Consent is recorded once accepted; a failure to record it is said, not hidden.
#include "runner/consent.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace ashyq::runner {
namespace {

namespace fs = std::filesystem;

TEST(Consent, AcceptedOnceIsRecorded) {
  const fs::path home = fs::temp_directory_path() / ("ashyq-consent-" + std::to_string(getpid()));
  fs::create_directories(home);
  ASSERT_TRUE(ensure_consent(true, home.string()));
  EXPECT_TRUE(fs::exists(home / "consent"));
  EXPECT_TRUE(ensure_consent(false, home.string()));  // recorded: no prompt
  fs::remove_all(home);
}

TEST(Consent, AnUnwritableHomeIsAnError) {
  auto r = ensure_consent(true, "/nonexistent/ashyq-home");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("cannot record the consent"), std::string::npos);
}

}  // namespace
}  // namespace ashyq::runner
