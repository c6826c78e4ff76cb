#include "runner/progress.hpp"

#include <algorithm>

#include "analysis/method.hpp"

namespace ashyq::runner {

Progress::Progress(std::size_t total, bool quiet, std::ostream& out, bool tty)
    : total_(total), quiet_(quiet), tty_(tty), out_(out) {}

void Progress::done(const std::string& label, const std::string& method) {
  ++done_;
  if (analysis::is_blocking(method))
    ++blocked_;
  if (quiet_)
    return;
  if (!tty_) {
    out_ << "[" << done_ << "/" << total_ << "] " << method << " " << label << "\n";
    return;
  }
  constexpr std::size_t kWidth = 30;
  const std::size_t filled = total_ ? kWidth * std::min(done_, total_) / total_ : kWidth;
  out_ << "\r[" << std::string(filled, '#') << std::string(kWidth - filled, '.') << "] " << done_
       << "/" << total_ << "  blocked " << blocked_ << "   " << std::flush;
  if (done_ == total_)
    out_ << "\n";
}

void Progress::end() {
  if (!quiet_ && tty_ && done_ != total_)
    out_ << "\n";
}

}  // namespace ashyq::runner
