// Progress lines: silent for short runs, then at most one a second.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "experiments/run/progress.h"

namespace mdsim::exp {
namespace {

std::string Lines(const std::vector<double>& walls) {
  std::FILE* f = std::tmpfile();
  const ProgressFn fn = StderrProgress(f, 2.0);
  for (double w : walls) fn({static_cast<int64_t>(w * 1e6), static_cast<uint64_t>(w * 1000), w});
  std::rewind(f);
  std::string out;
  for (int c; (c = std::fgetc(f)) != EOF;) out += static_cast<char>(c);
  std::fclose(f);
  return out;
}

TEST(Progress, QuietBeforeTwoSecondsThenOncePerSecond) {
  EXPECT_EQ(Lines({0.1, 1.0, 1.9}), "");
  const std::string out = Lines({0.5, 2.5, 3.0, 3.4, 3.6, 4.0});
  EXPECT_EQ(out,
            "mdsim: 2.5 s wall, simulated 0.002500 s, 2500 events\n"
            "mdsim: 3.6 s wall, simulated 0.003600 s, 3600 events\n");
}

}  // namespace
}  // namespace mdsim::exp
