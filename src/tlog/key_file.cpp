#include "tlog/key_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/unique_fd.hpp"

namespace ashyq::tlog {

namespace {

constexpr std::size_t kMaxKeyFileBytes = 4096;

core::Error system_error(const std::string& path, const std::string& what) {
  return core::Error{path, what + ": " + std::strerror(errno)};
}

}  // namespace

core::Result<void> write_key_file(const std::string& path, const NoteSigner& key) {
  core::UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (!fd)
    return system_error(path, errno == EEXIST ? "a key file is already there; not overwritten"
                                              : "cannot create the key file");
  const std::string text = key.private_key_text() + "\n";
  std::size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(fd.get(), text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return system_error(path, "cannot write the key");
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd.get()) != 0)
    return system_error(path, "cannot sync the key to disk");
  return {};
}

core::Result<NoteSigner> read_key_file(const std::string& path) {
  core::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd)
    return system_error(path, "cannot open the key file");
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0)
    return system_error(path, "cannot stat the key file");
  if (!S_ISREG(st.st_mode))
    return core::Error{path, "not a regular file"};
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return core::Error{path, std::string("the key file's mode is ") + mode +
                                 ": others may read it; refused (chmod 600 " + path + ")"};
  }
  if (static_cast<std::size_t>(st.st_size) > kMaxKeyFileBytes)
    return core::Error{path, "larger than a key file can be"};
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t got = 0;
  while (got < text.size()) {
    ssize_t n = ::read(fd.get(), text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return system_error(path, "cannot read the key file");
    got += static_cast<std::size_t>(n);
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
    text.pop_back();
  auto key = NoteSigner::parse(text);
  if (!key)
    return core::Error{path, key.error().message()};
  return key;
}

core::Result<NoteSigner> load_or_create_key_file(const std::string& path, const std::string& name,
                                                 KeyType type) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0)
    return read_key_file(path);
  auto key = NoteSigner::generate(name, type);
  if (!key)
    return key.error();
  if (auto written = write_key_file(path, *key); !written)
    return written.error();
  return key;
}

}  // namespace ashyq::tlog
