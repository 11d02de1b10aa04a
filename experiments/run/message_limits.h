#pragma once
// Messages the simulator can carry. The transport cuts a message into
// segments and counts them in 32 bits (sim::MaxMessageBytes): a collective or
// point-to-point message beyond that would stop the run inside the
// simulator. Checked before anything is simulated, naming the workload's
// file, field and line; a smaller system.segment_bytes lowers the limit.
#include <cstdint>

#include "experiments/inputs/experiment.h"
#include "experiments/inputs/graph_experiment.h"
#include "workloads/replay.h"

namespace mdsim::exp {

void RequireMessagesFit(const Experiment& e, const wl::ReplayConfig& rcfg, uint64_t segment_bytes);
void RequireMessagesFit(const GraphExperiment& e, uint64_t segment_bytes);

}  // namespace mdsim::exp
