#pragma once
// `mdsim run` given ASTRA-sim 2.x's invocation (Chakra traces, its system
// JSON and network YAML): the per-NPU graph engine instead of the replay.
#include <CLI/CLI.hpp>

#include "experiments/inputs/artifact/artifact_flags.h"
#include "experiments/inputs/graph_experiment.h"

namespace mdsim::exp {

// ASTRA-sim 2.x's flags that the 1.0 invocation lacks, and mdsim's own
// --max-in-flight, filled into `flags`.
void AddAstra2Flags(CLI::App* cmd, ArtifactFlags& flags);

struct GraphRunOptions {
  std::string out;
  bool json = false;
};

// Runs and writes the report; InputError for bad input (including a graph
// that cannot complete: a receive no send matches, a collective a member
// never reaches), naming the file and node. `e` comes from ASTRA-sim 2.x's
// flags or an experiment YAML with workload.chakra.
void RunGraphExperiment(GraphExperiment e, const GraphRunOptions& options);

}  // namespace mdsim::exp
