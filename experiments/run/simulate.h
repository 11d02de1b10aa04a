#pragma once
// One simulation as a plain function: Experiment in, measurements out. The
// sweep runner and the optimizer call this; `mdsim run` adds file output.
// One simulation at a time per process (ns-3's simulator is global).
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "experiments/inputs/experiment.h"
#include "experiments/run/progress.h"
#include "experiments/run/run_figures.h"
#include "workloads/replay.h"

namespace mdsim::exp {

struct SimulationResult : RunFigures {
  explicit SimulationResult(topo::Network simulated) : network(std::move(simulated)) {}
  topo::Network network;  // as simulated
  wl::ReplayResult replay;
  std::optional<double> cost;   // dollars; unset when no price applies
  std::string cost_basis;       // which network was priced
};

// Per-link rows are kept when e.outputs.links or e.outputs.trace is set
// (per-dim figures always); timelines when e.outputs.timeline_bin_ns > 0, or
// for a trace in bins of AutoTimelineBinNs when it is 0. `progress` (may be
// empty) is called periodically during the run. Folds as e.system.fold asks
// (PlanFold; system.fold: on that cannot fold throws InputError).
SimulationResult Simulate(const Experiment& e, const ProgressFn& progress = {});

}  // namespace mdsim::exp
