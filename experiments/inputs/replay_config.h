#pragma once
// The replay settings an experiment asks for: its loop, clock, scales,
// passes and the group of each part of a layer. Simulate and `mdsim convert`
// both take them from here, so a converted workload is the one simulated.
#include "experiments/inputs/experiment.h"
#include "workloads/replay.h"

namespace mdsim::exp {

wl::ReplayConfig ReplayConfigFor(const Experiment& e);

}  // namespace mdsim::exp
