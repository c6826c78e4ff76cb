#include "core/unique_fd.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <utility>

namespace ashyq::core {
namespace {

bool is_open(int fd) {
  return fcntl(fd, F_GETFD) != -1;
}

TEST(UniqueFd, ClosesWhatItOwnsWhenItGoes) {
  int fd = -1;
  {
    UniqueFd owned(open("/dev/null", O_RDONLY | O_CLOEXEC));
    ASSERT_TRUE(owned);
    fd = owned.get();
    EXPECT_TRUE(is_open(fd));
  }
  EXPECT_FALSE(is_open(fd));
}

TEST(UniqueFd, MovingMovesTheOwnership) {
  UniqueFd a(open("/dev/null", O_RDONLY | O_CLOEXEC));
  int fd = a.get();
  UniqueFd b(std::move(a));
  EXPECT_FALSE(a);  // NOLINT(bugprone-use-after-move): moved-from is empty by contract
  EXPECT_EQ(b.get(), fd);
  UniqueFd c;
  c = std::move(b);
  EXPECT_EQ(c.get(), fd);
  EXPECT_TRUE(is_open(fd));
  c.reset();
  EXPECT_FALSE(is_open(fd));
  EXPECT_FALSE(c);
}

TEST(UniqueFd, ReleaseGivesItUpWithoutClosing) {
  UniqueFd owned(open("/dev/null", O_RDONLY | O_CLOEXEC));
  int fd = owned.release();
  EXPECT_FALSE(owned);
  EXPECT_TRUE(is_open(fd));
  close(fd);
}

TEST(UniqueFd, AnEmptyOneClosesNothing) {
  UniqueFd empty;
  EXPECT_EQ(empty.get(), -1);
  UniqueFd failed(-1);  // what open() returns on failure
  EXPECT_FALSE(failed);
}

TEST(MakePipe, BothEndsAreOwnedAndConnected) {
  int read_end = -1, write_end = -1;
  {
    auto pipe = make_pipe(O_CLOEXEC);
    ASSERT_TRUE(pipe.ok()) << pipe.error().message();
    read_end = pipe->read.get();
    write_end = pipe->write.get();
    ASSERT_EQ(write(write_end, "x", 1), 1);
    pipe->write.reset();
    char c = 0;
    EXPECT_EQ(read(read_end, &c, 1), 1);
    EXPECT_EQ(c, 'x');
    EXPECT_EQ(read(read_end, &c, 1), 0);  // end of file: the write end is closed
  }
  EXPECT_FALSE(is_open(read_end));
}

TEST(MakePipe, BadFlagsAreAnErrorNamingTheCall) {
  auto pipe = make_pipe(-1);
  ASSERT_FALSE(pipe.ok());
  EXPECT_EQ(pipe.error().where, "pipe2");
}

}  // namespace
}  // namespace ashyq::core
