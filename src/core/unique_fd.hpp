// UniqueFd: the one owner of a POSIX file descriptor (a pipe end, a socket, an open file). It
// closes the descriptor when it goes, so no early return or exception can leak one; moving it
// moves the ownership. make_pipe() hands back both ends of a pipe already owned.
//
// Not thread-safe (like the int it wraps). Across fork(), the child's copy is closed only if the
// child runs destructors: exec and _exit do not, which is what a fork/exec wants.
#pragma once

#include <string>

#include "core/result.hpp"

namespace ashyq::core {

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) noexcept : fd_(fd) {}
  ~UniqueFd() { reset(); }
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other)
      reset(other.release());
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const noexcept { return fd_; }
  explicit operator bool() const noexcept { return fd_ >= 0; }
  // Gives the descriptor up without closing it.
  int release() noexcept {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }
  // Closes the descriptor held, if any, and takes `fd`.
  void reset(int fd = -1) noexcept;

 private:
  int fd_ = -1;
};

struct Pipe {
  UniqueFd read;
  UniqueFd write;
};

// pipe2(2) with `flags` (O_CLOEXEC, O_NONBLOCK); the error names the call and errno's text.
Result<Pipe> make_pipe(int flags);

}  // namespace ashyq::core
