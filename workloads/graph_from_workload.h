#pragma once
// An ASTRA-sim 1.0 text workload and its training loop as per-NPU execution
// graphs: the replay's program (replay_program.h, the one statement of each
// loop's semantics) with its stream order, background collectives and waits
// turned into dependencies. Every NPU runs the one program (stored once);
// its collectives run on its own instance of each group.
#include "topologies/network.h"
#include "workloads/exec_graph.h"
#include "workloads/replay.h"

namespace mdsim::wl {

ExecGraphSet GraphFromWorkload(const Workload& w, const ReplayConfig& cfg, const topo::Network& net);

}  // namespace mdsim::wl
