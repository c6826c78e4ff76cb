// The measurement clock: OONI's `t0`/`t` are seconds (as a double) since the measurement started.
// A clock is made once per measurement and shared by every trace of it. Monotonic, so wall-clock
// jumps never produce negative times; the wall-clock start is kept for the envelope.
#pragma once

#include <chrono>
#include <string>

namespace ashyq::core {

class MeasurementClock {
 public:
  MeasurementClock()
      : start_(std::chrono::steady_clock::now()), wall_start_(std::chrono::system_clock::now()) {}

  // Seconds since the start, as OONI's `t`.
  double now() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  std::chrono::system_clock::time_point wall_start() const { return wall_start_; }

 private:
  std::chrono::steady_clock::time_point start_;
  std::chrono::system_clock::time_point wall_start_;
};

// "YYYY-MM-DD hh:mm:ss" in UTC, the envelope's time format.
std::string format_utc(std::chrono::system_clock::time_point tp);

}  // namespace ashyq::core
