// Progress reporting for `mdsim evaluate`.
#include "experiments/sweeps/progress_bar.h"

#include <cmath>

#include <fmt/core.h>

namespace mdsim::sweep {

std::string FormatDuration(double seconds) {
  const long s = std::lround(std::max(0.0, seconds));
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

ProgressBar::ProgressBar(std::FILE* out, bool terminal, int total, int already_done)
    : out_(out), terminal_(terminal), total_(total), done_(already_done) {
  if (already_done > 0)
    fmt::print(out_, "{} of {} datapoints already done; running the other {}\n", already_done, total,
               total - already_done);
  Draw();
}

std::string ProgressBar::Status() const {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = elapsed > 0 ? session_done_ / elapsed : 0;
  const int remaining = total_ - done_ - failed_;
  const std::string eta = rate > 0 ? FormatDuration(remaining / rate) : "?";
  return fmt::format("{}/{} done, {} failed, {:.2f}/s, elapsed {}, ETA {}", done_, total_, failed_, rate,
                     FormatDuration(elapsed), eta);
}

void ProgressBar::Draw() {
  if (!terminal_) return;
  constexpr int kWidth = 30;
  const int filled = total_ > 0 ? (done_ + failed_) * kWidth / total_ : kWidth;
  fmt::print(out_, "\r\033[K[{}{}] {}", std::string(filled, '#'), std::string(kWidth - filled, '.'), Status());
  std::fflush(out_);
}

void ProgressBar::Completed(const std::string& id, double wall_seconds) {
  ++done_;
  ++session_done_;
  if (terminal_) return Draw();
  fmt::print(out_, "ok {} ({:.2f} s) | {}\n", id, wall_seconds, Status());
  std::fflush(out_);
}

void ProgressBar::Failed(const std::string& id, const std::string& why) {
  ++failed_;
  if (terminal_) fmt::print(out_, "\r\033[K");
  fmt::print(out_, "FAILED {}: {}\n", id, why);
  if (!terminal_) fmt::print(out_, "{}\n", Status());
  std::fflush(out_);
  Draw();
}

void ProgressBar::Tick() { Draw(); }

void ProgressBar::Finish() {
  if (terminal_) fmt::print(out_, "\n");
  else fmt::print(out_, "{}\n", Status());
  std::fflush(out_);
}

}  // namespace mdsim::sweep
