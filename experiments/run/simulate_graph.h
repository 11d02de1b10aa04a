#pragma once
// One simulation of per-NPU execution graphs (Chakra traces) as a plain
// function, and the files it writes: summary.json (iteration time = the last
// NPU's finish, per-dim use, the fold, the notes), npus.csv (per NPU: finish,
// compute, nodes, collectives, messages), links.csv, link_timeline.csv and,
// with outputs.trace, trace.json (the replay's writer: collectives, dims and
// the chunk-phases of outputs.trace_npus). Folds as e.system.fold asks
// (PlanGraphFold), traced or not.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "experiments/inputs/graph_experiment.h"
#include "experiments/run/link_stats.h"
#include "experiments/run/trace_recorder.h"
#include "sim/helper/link_record.h"
#include "workloads/graph_engine.h"

namespace mdsim::exp {

struct GraphSimulationResult {
  wl::GraphResult graph;
  bool finished = false;
  int64_t end_ns = 0;
  uint64_t events = 0;
  uint64_t segment_bytes = 0;
  std::vector<std::string> stuck;  // when not finished: the first node each stuck NPU never completed
  std::vector<sim::LinkRecord> links;
  std::vector<std::string> vertex_names;
  std::vector<DimStat> dims;
  double wall_seconds = 0;
  double timeline_bin_ns = 0;
  std::optional<TraceRecording> trace;  // when e.outputs.trace
  // Symmetry folding (docs/fabric.md), as SimulationResult has it.
  bool folded = false;
  std::string fold_reason;
  int64_t npu_orbits = 0;
  int64_t nodes_simulated = 0, channels_simulated = 0;
};

GraphSimulationResult SimulateGraph(const GraphExperiment& e);

nlohmann::json GraphSummaryJson(const GraphExperiment& e, const GraphSimulationResult& r);
std::string NpusCsv(const GraphSimulationResult& r);

// Writes summary.json, npus.csv and (when the experiment asks for links)
// links.csv atomically into `dir`; returns the paths written.
std::vector<std::filesystem::path> WriteGraphReport(const GraphExperiment& e, const GraphSimulationResult& r,
                                                    const std::filesystem::path& dir);

}  // namespace mdsim::exp
