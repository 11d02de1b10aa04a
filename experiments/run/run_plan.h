#pragma once
// How one simulation is set up, decided in one place for every entry point:
// `mdsim run` (YAML, the artifact's flags, ASTRA-sim 2.x's flags, over
// ranks), `mdsim collective`, and the sweeps' and the refinement's workers.
// The fabric's and the collective engine's settings come from the
// experiment's system and outputs, never from the entry point, so the same
// inputs build the same run whichever way they were given.
#include "experiments/inputs/experiment.h"
#include "experiments/inputs/graph_experiment.h"
#include "experiments/run/fold_plan.h"
#include "sim/collectives/collective_types.h"
#include "sim/helper/fabric.h"
#include "topologies/translation_group.h"

namespace mdsim::exp {

struct RunPlan {
  sim::FabricConfig fabric;
  sim::CollectiveConfig collectives;
  FoldPlan fold;
  topo::TranslationGroup group;  // what the fabric and the engine simulate: the fold's group, or the trivial one
  bool keep_links = false;       // per-link rows kept (links.csv, a trace)
};

// `fold`: the caller's decision (PlanFold, PlanGraphFold,
// PlanCollectivesFold); `auto_bin_ns`: the timeline bin a trace uses when
// the outputs name none (AutoTimelineBinNs; read only then).
RunPlan PlanRun(const topo::Network& net, const SystemSpec& system, const OutputSpec& outputs, FoldPlan fold,
                double auto_bin_ns);

// The same, with the fold the experiment asks for (system.fold).
RunPlan PlanRun(const Experiment& e, const wl::LayerGroups& groups);
RunPlan PlanRun(const GraphExperiment& e);

}  // namespace mdsim::exp
