#pragma once
// Whether a run of per-NPU execution graphs folds exactly (docs/fabric.md,
// "Symmetry folding"): the largest translation group the graphs' collectives
// allow (sim/collectives/symmetry.h), kept only when every NPU's graph is its
// representative's node for node — kinds, durations, sizes, groups, tags and
// dependencies equal, and each send/receive peer the representative's peer
// moved by the NPU's translation — so that every NPU does what its
// representative does, moved by it. Otherwise the reason, naming the first
// rank and node that differ.
#include <optional>
#include <string>
#include <vector>

#include "sim/collectives/collective_types.h"
#include "topologies/network.h"
#include "topologies/translation_group.h"
#include "workloads/exec_graph.h"

namespace mdsim::wl {

struct GraphFold {
  std::optional<topo::TranslationGroup> group;  // set: folding is exact
  std::string reason;                           // unset group: why not
};

GraphFold DetectGraphFold(const topo::Network& net, const std::vector<sim::Algorithm>& algorithms,
                          const ExecGraphSet& graphs);

}  // namespace mdsim::wl
