#pragma once
// The traffic of one collective as the LIBRA model counts it: bytes each NPU
// moves in each dim of its group (docs/optimizer.md). The optimizer's model is
// built from it and a run's timeline sizes its bins with it, so it lives with
// the workload vocabulary both see.
#include <vector>

#include "topologies/group.h"
#include "workloads/workload.h"

namespace mdsim::wl {

// `bytes` is what each NPU contributes; the result has one entry per network dim
// (zero for dims the group does not span). A span of one NPU moves nothing.
std::vector<double> BytesPerDim(CommType type, double bytes, const topo::Group& group,
                                int num_dims);

}  // namespace mdsim::wl
