#include "core/unique_fd.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ashyq::core {

void UniqueFd::reset(int fd) noexcept {
  // close() is not retried on EINTR: on Linux the descriptor is released either way, and a retry
  // could close one another thread has just been given.
  if (fd_ >= 0)
    ::close(fd_);
  fd_ = fd;
}

Result<Pipe> make_pipe(int flags) {
  int fds[2];
  if (pipe2(fds, flags) != 0)
    return Error{"pipe2", std::strerror(errno)};
  return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

}  // namespace ashyq::core
