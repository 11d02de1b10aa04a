#pragma once
// Progress of a long simulation, reported from inside the simulated run at a
// fixed simulated-time period (cheap: one event per period, a clock read).
#include <cstdint>
#include <cstdio>
#include <functional>

namespace mdsim::exp {

struct Progress {
  int64_t sim_ns = 0;        // simulated time reached
  uint64_t events = 0;       // scheduler events executed so far
  double wall_seconds = 0;   // since the run started
};
using ProgressFn = std::function<void(const Progress&)>;

// A ProgressFn that prints a line on `out` at most once a second, and only
// once the run has taken longer than `after_seconds`.
ProgressFn StderrProgress(std::FILE* out = stderr, double after_seconds = 2.0);

// True when stderr is a terminal (progress on by default there).
bool StderrIsTerminal();

}  // namespace mdsim::exp
