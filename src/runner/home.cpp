#include "runner/home.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace ashyq::runner {

namespace fs = std::filesystem;

core::Result<std::string> ashyq_home() {
  fs::path home;
  if (const char* h = std::getenv("ASHYQ_HOME"); h && *h) {
    home = h;
  } else if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) {
    home = fs::path(x) / "ashyq";
  } else if (const char* u = std::getenv("HOME"); u && *u) {
    home = fs::path(u) / ".local" / "share" / "ashyq";
  } else {
    home = fs::path("/tmp") / ("ashyq-" + std::to_string(getuid()));
  }
  std::error_code ec;
  fs::create_directories(home, ec);
  if (ec)
    return core::Error{home.string(), "cannot create the directory: " + ec.message()};
  return home.string();
}

core::Result<std::string> results_db_path(const std::string& db) {
  if (!db.empty())
    return db;
  auto home = ashyq_home();
  if (!home)
    return home.error();
  return *home + "/results.sqlite";
}

}  // namespace ashyq::runner
