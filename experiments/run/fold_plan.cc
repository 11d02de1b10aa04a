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

// The mode's rules around a detection, for the replay and the graphs alike:
// `detect` returns the group, or sets the reason.
template <typename DetectFn>
FoldPlan Decide(const SystemSpec& system, const OutputSpec& outputs, const topo::Network& net,
                const std::string& source, DetectFn detect) {
  FoldPlan plan;
  plan.npu_orbits = net.num_npus();
  if (system.fold == FoldMode::Off) {
    plan.reason = "system.fold is off";
    return plan;
  }
  if (outputs.trace) {
    plan.reason = "a trace draws every NPU's chunk-phases, which a folded run does not simulate";
  } else if (std::optional<topo::TranslationGroup> g = detect(plan.reason)) {
    plan.npu_orbits = g->NumOrbits();
    plan.group = std::move(g);
    return plan;
  }
  if (system.fold == FoldMode::On)
    throw InputError(source, "system.fold", "a run folding can simulate exactly (or auto/off)", "on, but " + plan.reason,
                     system.fold_line);
  return plan;
}

FoldPlan PlanFold(const Experiment& e, const wl::LayerGroups& groups) {
  return Decide(e.system, e.outputs, e.network, e.source, [&](std::string& reason) -> std::optional<topo::TranslationGroup> {
    const sim::Symmetry s = sim::DetectSymmetry(e.network, e.system.collectives.algorithms, Uses(e.workload.workload, groups));
    if (!s.asymmetric.empty()) {
      reason = s.asymmetric;
    } else if (s.group.IsTrivial()) {
      reason = "no translation leaves the run invariant (" + Join(s.limits) + ")";
    } else {
      return s.group;
    }
    return std::nullopt;
  });
}

FoldPlan PlanGraphFold(const GraphExperiment& e) {
  return Decide(e.system, e.outputs, e.network, e.source, [&](std::string& reason) {
    wl::GraphFold f = wl::DetectGraphFold(e.network, e.system.collectives.algorithms, e.graphs);
    reason = std::move(f.reason);
    return f.group;
  });
}

}  // namespace mdsim::exp
