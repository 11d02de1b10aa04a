#pragma once
// What a worker process does with one datapoint: price the allocation on the
// real building blocks, check feasibility, and (unless cost-only) simulate it.
#include "experiments/sweeps/datapoint.h"
#include "experiments/sweeps/datapoint_result.h"

namespace mdsim::sweep {

DatapointResult ExecuteDatapoint(const Datapoint& d);

}  // namespace mdsim::sweep
