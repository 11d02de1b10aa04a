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

// The same at the segment size the run will use (system.segment_bytes):
// `mdsim run` checks before it prints its notes, so a
// rejected input is one error line, not notes of a run that never starts.
void RequireMessagesFit(const Experiment& e);
void RequireMessagesFit(const GraphExperiment& e);

// Each NPU's compute durations add up to at most sim::kMaxSimTimeNs: the
// graph engine stops a run whose sum passes it, and checking the totals up
// front names the node before any note is printed.
void RequireComputeFits(const GraphExperiment& e);

}  // namespace mdsim::exp
