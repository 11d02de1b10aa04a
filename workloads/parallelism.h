#pragma once
// Maps a workload's model- and data-parallel sizes onto a network's dims, and
// says which group each of a layer's collectives runs on.
#include <string>

#include "topologies/group.h"
#include "topologies/network.h"
#include "workloads/workload.h"

namespace mdsim::wl {

struct ParallelGroups {
  topo::Group mp;  // lowest dims, consecutive coordinates
  topo::Group dp;  // the rest: highest dims, strided remainder of a split dim
};

// MP takes the lowest dims up to `mp` NPUs, DP the highest up to `dp`; a dim
// shared by both gives MP its low-order factor (stride 1) and DP the strided
// remainder. InputError naming `source` unless mp x dp is the NPU count and
// every split divides its dim.
ParallelGroups MapParallelism(const topo::Network& net, int mp, int dp, const std::string& source);

// Every NPU in one group: each dim whole.
topo::Group AllNpus(const topo::Network& net);

// The group each of a layer's three collectives runs on (docs/workload_format.md).
struct LayerGroups {
  topo::Group fwd, ig, wg;
};
// The group one part's collectives run on.
inline const topo::Group& GroupOf(const LayerGroups& g, CommClass part) {
  return part == CommClass::Forward ? g.fwd : part == CommClass::InputGrad ? g.ig : g.wg;
}
LayerGroups GroupsFor(ParallelismKind kind, const ParallelGroups& groups, const topo::Network& net);

// The model-parallel size a workload asks for on `net`: its header's
// model_parallel_NPU_group, else what its kind implies (DATA and MICRO 1,
// MODEL every NPU, HYBRID_MODEL_DATA / HYBRID_DATA_MODEL dim 0's size).
// InputError for a HYBRID_TRANSFORMER* file without the header field.
int DefaultModelParallel(const Workload& w, const topo::Network& net);

}  // namespace mdsim::wl
