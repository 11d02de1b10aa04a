#pragma once
// One simulation of per-NPU execution graphs (Chakra traces) as a plain
// function, and the files it writes: summary.json (iteration time = the last
// NPU's finish, that NPU's compute / exposed / idle split, per-dim use, the
// fold, the notes), npus.csv (per NPU: compute, exposed communication, idle,
// finish, exposed by kind, nodes, collectives, messages), links.csv,
// link_timeline.csv and, with outputs.trace, trace.json (the replay's writer:
// collectives, dims, the chunk-phases of outputs.trace_npus, and the activity
// and nodes of GraphTraceNpus's NPUs). Folds as e.system.fold asks
// (PlanGraphFold), traced or not.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "experiments/inputs/graph_experiment.h"
#include "experiments/run/run_figures.h"
#include "workloads/graph_engine.h"

namespace mdsim::exp {

struct GraphSimulationResult : RunFigures {
  wl::GraphResult graph;
  std::vector<std::string> stuck;  // when not finished: the first node each stuck NPU never completed
};

GraphSimulationResult SimulateGraph(const GraphExperiment& e);

// The NPU that finishes last (the lowest such rank; -1: none): summary.json's
// compute, exposed and idle figures are its.
int64_t CriticalNpu(const wl::GraphResult& g);
nlohmann::json GraphSummaryJson(const GraphExperiment& e, const GraphSimulationResult& r);
std::string NpusCsv(const GraphSimulationResult& r);

// Writes summary.json, npus.csv and (when the experiment asks for links)
// links.csv atomically into `dir`; returns the paths written.
std::vector<std::filesystem::path> WriteGraphReport(const GraphExperiment& e, const GraphSimulationResult& r,
                                                    const std::filesystem::path& dir);

}  // namespace mdsim::exp
