#pragma once
// Whether a simulation runs on the folded fabric (docs/fabric.md, "Symmetry
// folding"): the experiment's symmetry group, or why it is not folded.
#include <optional>
#include <string>
#include <vector>

#include "experiments/inputs/experiment.h"
#include "experiments/inputs/graph_experiment.h"
#include "sim/collectives/symmetry.h"
#include "topologies/translation_group.h"
#include "workloads/parallelism.h"

namespace mdsim::exp {

struct FoldPlan {
  std::optional<topo::TranslationGroup> group;  // set: run folded
  std::string reason;      // unset group: why the full fabric runs
  int64_t npu_orbits = 0;  // NPUs simulated (all of them on the full fabric)
};

// Auto folds whenever the group is not trivial and nothing else asks for
// every NPU; On throws InputError (naming e.source and "system.fold") with
// the reason where Auto would not fold; Off never folds.
FoldPlan PlanFold(const Experiment& e, const wl::LayerGroups& groups);
// The same for per-NPU graphs: folded when every NPU runs its
// representative's graph, moved by its translation (wl::DetectGraphFold).
FoldPlan PlanGraphFold(const GraphExperiment& e);
// The same for collectives run on their own (`mdsim collective`); `on`'s
// error names `source` and `field`.
FoldPlan PlanCollectivesFold(FoldMode mode, const topo::Network& net, const std::vector<sim::Algorithm>& algorithms,
                             const std::vector<sim::CollectiveUse>& uses, const std::string& source,
                             const std::string& field);

}  // namespace mdsim::exp
