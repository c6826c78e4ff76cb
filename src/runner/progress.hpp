// The run's progress line: a bar with the count of blocked measurements on a terminal, one plain
// line per measurement otherwise. "Blocked" is analysis's is_blocking, the same the report and
// `ashyq results --blocked` count.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>

namespace ashyq::runner {

class Progress {
 public:
  // `tty`: draw a bar (rewritten in place) rather than lines; `quiet`: print nothing.
  Progress(std::size_t total, bool quiet, std::ostream& out, bool tty);

  // One measurement done: `label` (its input, or the experiment's name) and its verdict method.
  void done(const std::string& label, const std::string& method);
  // Ends the bar's line when the run stopped before its end.
  void end();

  std::size_t done_count() const { return done_; }
  std::size_t blocked_count() const { return blocked_; }

 private:
  std::size_t total_, done_ = 0, blocked_ = 0;
  bool quiet_, tty_;
  std::ostream& out_;
};

}  // namespace ashyq::runner
