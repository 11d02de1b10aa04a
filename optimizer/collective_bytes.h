#pragma once
// The analytical model's traffic of one collective: bytes each NPU moves in
// each dim of its group (the LIBRA model, docs/optimizer.md).
#include <vector>

#include "topologies/group.h"
#include "workloads/workload.h"

namespace mdsim::opt {

// `bytes` is what each NPU contributes; the result has one entry per network dim
// (zero for dims the group does not span). A span of one NPU moves nothing.
std::vector<double> BytesPerDim(wl::CommType type, double bytes, const topo::Group& group,
                                int num_dims);

}  // namespace mdsim::opt
