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
#include "experiments/run/link_stats.h"
#include "experiments/run/progress.h"
#include "experiments/run/trace_recorder.h"
#include "sim/helper/link_record.h"
#include "workloads/replay.h"

namespace mdsim::exp {

struct SimulationResult {
  explicit SimulationResult(topo::Network simulated) : network(std::move(simulated)) {}
  topo::Network network;  // as simulated
  wl::ReplayResult replay;
  bool finished = false;  // the replay completed (false: the run stalled)
  int64_t end_ns = 0;     // end of the replay (the last event's time if it did not finish)
  uint64_t events = 0;    // scheduler events of the simulation itself
  uint64_t segment_bytes = 0;
  std::vector<sim::LinkRecord> links;     // empty unless requested
  std::vector<std::string> vertex_names;  // by graph vertex id, when links are kept
  std::vector<DimStat> dims;
  std::optional<double> cost;   // dollars; unset when no price applies
  std::string cost_basis;       // which network was priced
  double wall_seconds = 0;      // whole call, including building the fabric
  double timeline_bin_ns = 0;
  std::optional<TraceRecording> trace;  // when e.outputs.trace
  // Symmetry folding (docs/fabric.md): whether the quotient fabric ran, why
  // not, and what it simulated (NPUs, ns-3 nodes and channels).
  bool folded = false;
  std::string fold_reason;
  int64_t npu_orbits = 0;
  int64_t nodes_simulated = 0, channels_simulated = 0;
};

// Per-link rows are kept when e.outputs.links or e.outputs.trace is set
// (per-dim figures always); timelines when e.outputs.timeline_bin_ns > 0, or
// for a trace in bins of AutoTimelineBinNs when it is 0. `progress` (may be
// empty) is called periodically during the run. Folds as e.system.fold asks
// (PlanFold; system.fold: on that cannot fold throws InputError).
SimulationResult Simulate(const Experiment& e, const ProgressFn& progress = {});

}  // namespace mdsim::exp
