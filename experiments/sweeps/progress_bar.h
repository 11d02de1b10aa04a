#pragma once
// Sweep progress on a stream: a redrawn bar on a terminal, one plain line per
// datapoint otherwise (logs, CI). Rate and ETA count this session's datapoints.
#include <chrono>
#include <cstdio>
#include <string>

namespace mdsim::sweep {

class ProgressBar {
 public:
  // `already_done`: datapoints found complete from an earlier run.
  ProgressBar(std::FILE* out, bool terminal, int total, int already_done);
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void Completed(const std::string& id, double wall_seconds);
  void Failed(const std::string& id, const std::string& why);
  void Tick();    // redraw (terminal only), e.g. to advance the clock
  void Finish();  // ends the bar's line

 private:
  std::string Status() const;
  void Draw();

  std::FILE* out_;
  bool terminal_;
  int total_, done_, failed_ = 0, session_done_ = 0;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// "1:02:03" or "2:03".
std::string FormatDuration(double seconds);

}  // namespace mdsim::sweep
