#include "experiments/run/progress.h"

#include <memory>
#include <unistd.h>

#include <fmt/core.h>

namespace mdsim::exp {

ProgressFn StderrProgress(std::FILE* out, double after_seconds) {
  auto last = std::make_shared<double>(-1.0);
  return [out, after_seconds, last](const Progress& p) {
    if (p.wall_seconds < after_seconds || p.wall_seconds - *last < 1.0) return;
    *last = p.wall_seconds;
    fmt::print(out, "mdsim: {:.1f} s wall, simulated {:.6f} s, {} events\n", p.wall_seconds,
               static_cast<double>(p.sim_ns) * 1e-9, p.events);
    std::fflush(out);
  };
}

bool StderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

}  // namespace mdsim::exp
