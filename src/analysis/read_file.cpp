#include "analysis/read_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace ashyq::analysis {

core::Result<std::string> read_file(const std::string& path, std::size_t max_bytes) {
  std::ifstream file(path, std::ios::binary);
  if (!file)
    return core::Error{path, std::string("cannot open: ") + std::strerror(errno)};
  std::string content;
  char buf[1 << 16];
  while (file.read(buf, sizeof buf) || file.gcount() > 0) {
    content.append(buf, static_cast<std::size_t>(file.gcount()));
    if (content.size() > max_bytes) {
      return core::Error{path, "larger than " + std::to_string(max_bytes) + " bytes"};
    }
  }
  if (file.bad())
    return core::Error{path, "read error"};
  return content;
}

}  // namespace ashyq::analysis
