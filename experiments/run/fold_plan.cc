#include "experiments/run/fold_plan.h"

#include "sim/collectives/symmetry.h"
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

FoldPlan PlanFold(const Experiment& e, const wl::LayerGroups& groups) {
  FoldPlan plan;
  plan.npu_orbits = e.network.num_npus();
  if (e.system.fold == FoldMode::Off) {
    plan.reason = "system.fold is off";
    return plan;
  }
  if (e.outputs.trace) {
    plan.reason = "a trace draws every NPU's chunk-phases, which a folded run does not simulate";
  } else {
    const sim::Symmetry s = sim::DetectSymmetry(e.network, e.system.collectives.algorithms, Uses(e.workload.workload, groups));
    if (!s.asymmetric.empty()) {
      plan.reason = s.asymmetric;
    } else if (s.group.IsTrivial()) {
      plan.reason = "no translation leaves the run invariant (" + Join(s.limits) + ")";
    } else {
      plan.group = s.group;
      plan.npu_orbits = s.group.NumOrbits();
      return plan;
    }
  }
  if (e.system.fold == FoldMode::On)
    throw InputError(e.source, "system.fold", "a run folding can simulate exactly (or auto/off)",
                           "on, but " + plan.reason, e.system.fold_line);
  return plan;
}

}  // namespace mdsim::exp
