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

// `workload` names Chakra traces: no such file, but `<workload>.0.et`.
bool IsChakraPrefix(const std::string& workload);

// The flags name a run of execution graphs: the workload is a Chakra prefix,
// or the network file is ASTRA-sim 2.x's YAML (a `topology` list).
bool IsTraceInvocation(const ArtifactFlags& flags);

// `flags` may hold network-, system- and workload-configuration, path (the
// output directory), latency-convention, max-in-flight, fold, and ASTRA-sim 2.x's
// comm-group-configuration (the groups pg_name names) and
// remote-memory-configuration (a name, noted as not modelled). The network is ASTRA-sim 2.x's YAML or any file
// `mdsim run` takes (an artifact JSON with its per-dim flags); the system is
// ASTRA-sim 2.x's JSON or the artifact's 1.0 text. Scales and passes are an
// InputError: they are in the traces (mdsim convert applies them).
GraphExperiment GraphExperimentFromFlags(const ArtifactFlags& flags, const std::string& source = "command line");

}  // namespace mdsim::exp
