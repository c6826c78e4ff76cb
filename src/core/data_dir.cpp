#include "core/data_dir.hpp"

#include <cstdlib>
#include <system_error>

namespace ashyq::core {

std::optional<std::string> installed_data_dir(const std::filesystem::path& executable) {
  const auto bin = executable.parent_path();
  if (bin.filename() != "bin")
    return std::nullopt;
  const auto share = bin.parent_path() / "share" / "ashyq";
  std::error_code error;
  if (!std::filesystem::is_directory(share, error))
    return std::nullopt;
  return share.string();
}

std::string data_dir() {
  if (const char* dir = std::getenv("ASHYQ_DATA_DIR"))
    return dir;
  // The executable does not move while it runs: looked up once.
  static const std::optional<std::string> installed = [] {
    std::error_code error;
    const auto executable = std::filesystem::read_symlink("/proc/self/exe", error);
    return error ? std::nullopt : installed_data_dir(executable);
  }();
  return installed ? *installed : ASHYQ_DATA_DIR;
}

std::string data_path(std::string_view relative) {
  return data_dir() + "/" + std::string(relative);
}

}  // namespace ashyq::core
