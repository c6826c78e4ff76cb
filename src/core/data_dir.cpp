#include "core/data_dir.hpp"

#include <cstdlib>

namespace ashyq::core {

std::string data_dir() {
  const char* dir = std::getenv("ASHYQ_DATA_DIR");
  return dir ? dir : ASHYQ_DATA_DIR;
}

std::string data_path(std::string_view relative) {
  return data_dir() + "/" + std::string(relative);
}

}  // namespace ashyq::core
