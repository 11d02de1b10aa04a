#pragma once
// Expansion of a sweep definition into its datapoints, in a fixed order
// (group, topology, optimization target, workload run, budget).
#include <vector>

#include "experiments/sweeps/allocator.h"
#include "experiments/sweeps/datapoint.h"
#include "experiments/sweeps/sweep_spec.h"

namespace mdsim::sweep {

// `allocator` supplies the *OptBW allocations. With `every_allocation` it
// supplies all of them (the artifact's published numbers, EqualBW included).
std::vector<Datapoint> ExpandSweep(const SweepSpec& spec, Allocator& allocator, bool every_allocation);

}  // namespace mdsim::sweep
