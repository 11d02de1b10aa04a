#pragma once
// What every simulation reports of its fabric, whatever drives it (the
// replay, per-NPU graphs, ranks): the end, the events, per-dim and per-link
// figures, the fold and the trace. The result types of the run paths extend
// it with what their workload adds.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "experiments/run/link_stats.h"
#include "experiments/run/run_plan.h"
#include "experiments/run/trace_recorder.h"
#include "sim/helper/fabric.h"
#include "sim/helper/link_record.h"
#include "topologies/graph.h"

namespace mdsim::exp {

struct RunFigures {
  bool finished = false;  // the workload completed (false: the run stalled)
  int64_t end_ns = 0;     // the workload's end (the last event's time if it did not finish)
  uint64_t events = 0;    // scheduler events of the simulation itself
  uint64_t segment_bytes = 0;
  std::vector<sim::LinkRecord> links;     // empty unless kept
  std::vector<std::string> vertex_names;  // by graph vertex id, when links are kept
  std::vector<DimStat> dims;
  double wall_seconds = 0;  // whole call, including building the fabric
  double timeline_bin_ns = 0;
  std::optional<TraceRecording> trace;  // when the outputs ask for a trace
  // Symmetry folding (docs/fabric.md): whether the quotient fabric ran, why
  // not, and what it simulated (NPUs, ns-3 nodes and channels).
  bool folded = false;
  std::string fold_reason;
  int64_t npu_orbits = 0;
  int64_t nodes_simulated = 0, channels_simulated = 0;
};

// Fills what the fabric and the plan tell, once the run is over and
// `finished`, `end_ns` are set: segment size, bin, fold, sizes, per-dim
// figures and (when the plan keeps them) per-link rows with vertex names.
void TakeFabricFigures(RunFigures& r, const sim::Fabric& fabric, const topo::Graph& graph, const RunPlan& plan);

}  // namespace mdsim::exp
