#pragma once
// A simulation of per-NPU execution graphs: ASTRA-sim 2.x's invocation
// (--workload-configuration=PREFIX of Chakra traces, --system-configuration
// of its system JSON, --network-configuration of its network YAML), parsed
// and validated before anything is simulated.
#include <string>
#include <vector>

#include "experiments/inputs/artifact/artifact_flags.h"
#include "experiments/inputs/experiment.h"
#include "workloads/exec_graph.h"
#include "workloads/graph_engine.h"

namespace mdsim::exp {

struct GraphExperiment {
  topo::Network network;
  SystemSpec system;
  std::string workload_prefix;
  wl::ExecGraphSet graphs;
  wl::GraphEngineConfig engine;
  OutputSpec outputs;
  std::string source;              // "command line"
  std::vector<std::string> notes;  // inputs read but not simulated, and why
};

// The flags name an ASTRA-sim 2.x run: the network file is its YAML (a
// `topology` list), not the LIBRA artifact's JSON.
bool IsAstra2Invocation(const ArtifactFlags& flags);

// `flags` may hold network-, system- and workload-configuration, path (the
// output directory), latency-convention, and ASTRA-sim 2.x's
// remote-memory-configuration and comm-group-configuration (read as names,
// noted as not modelled). Any other artifact flag is an InputError: it
// belongs to the 1.0 invocation.
GraphExperiment GraphExperimentFromAstra2Flags(const ArtifactFlags& flags, const std::string& source = "command line");

}  // namespace mdsim::exp
