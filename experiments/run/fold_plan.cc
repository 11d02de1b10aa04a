#include "experiments/run/fold_plan.h"

#include "sim/collectives/symmetry.h"
#include "workloads/graph_fold.h"
#include "workloads/replay_program.h"
#include "topologies/input_error.h"

namespace mdsim::exp {
namespace {

// Every collective the replay can issue: each layer part's op on its group.
std::vector<sim::CollectiveUse> Uses(const wl::Workload& w, const wl::LayerGroups& g) {
  std::vector<sim::CollectiveUse> uses;
  auto add = [&](const wl::Comm& c, const topo::Group& group) {
    const auto op = wl::CollectiveOpOf(c.type);
    if (!op || group.Size() <= 1) return;
    for (const sim::CollectiveUse& u : uses)
      if (u.op == *op && u.group == group) return;
    uses.push_back({*op, group});
  };
  for (const wl::Layer& l : w.layers) {
    add(l.fwd, g.fwd);
    add(l.ig, g.ig);
    add(l.wg, g.wg);
  }
  return uses;
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) {
    if (p.empty()) continue;
    out += (out.empty() ? "" : "; ") + p;
  }
  return out;
}

}  // namespace

// The mode's rules around a detection, for the replay, the graphs and single
// collectives alike: `detect` returns the group, or sets the reason. `field`
// (and `line`) is what the error of `on` names.
template <typename DetectFn>
FoldPlan Decide(FoldMode mode, const topo::Network& net, const std::string& source,
                const std::string& field, int line, DetectFn detect) {
  FoldPlan plan;
  plan.npu_orbits = net.num_npus();
  if (mode == FoldMode::Off) {
    plan.reason = field + " is off";
    return plan;
  }
  if (std::optional<topo::TranslationGroup> g = detect(plan.reason)) {
    plan.npu_orbits = g->NumOrbits();
    plan.group = std::move(g);
    return plan;
  }
  if (mode == FoldMode::On)
    throw InputError(source, field, "a run folding can simulate exactly (or auto/off)", "on, but " + plan.reason,
                     line);
  return plan;
}

std::optional<topo::TranslationGroup> DetectOfUses(const topo::Network& net, const std::vector<sim::Algorithm>& algorithms,
                                                   const std::vector<sim::CollectiveUse>& uses, std::string& reason) {
  const sim::Symmetry s = sim::DetectSymmetry(net, algorithms, uses);
  if (!s.asymmetric.empty()) {
    reason = s.asymmetric;
  } else if (s.group.IsTrivial()) {
    reason = "no translation leaves the run invariant (" + Join(s.limits) + ")";
  } else {
    return s.group;
  }
  return std::nullopt;
}

FoldPlan PlanFold(const Experiment& e, const wl::LayerGroups& groups) {
  return Decide(e.system.fold, e.network, e.source, "system.fold", e.system.fold_line,
                [&](std::string& reason) {
                  return DetectOfUses(e.network, e.system.collectives.algorithms, Uses(e.workload.workload, groups),
                                      reason);
                });
}

FoldPlan PlanCollectivesFold(FoldMode mode, const topo::Network& net, const std::vector<sim::Algorithm>& algorithms,
                             const std::vector<sim::CollectiveUse>& uses, const std::string& source,
                             const std::string& field) {
  return Decide(mode, net, source, field, 0,
                [&](std::string& reason) { return DetectOfUses(net, algorithms, uses, reason); });
}

FoldPlan PlanGraphFold(const GraphExperiment& e) {
  return Decide(e.system.fold, e.network, e.source, "system.fold", e.system.fold_line, [&](std::string& reason) {
    wl::GraphFold f = wl::DetectGraphFold(e.network, e.system.collectives.algorithms, e.graphs);
    reason = std::move(f.reason);
    return f.group;
  });
}

}  // namespace mdsim::exp
