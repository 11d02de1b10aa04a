// The optimizer behind PerfOptBW, PerfPerCostOptBW and GroupOptBW.
#include "experiments/sweeps/optimizer_allocations.h"

#include "experiments/inputs/artifact/artifact_problem.h"
#include "experiments/inputs/input_files.h"
#include "optimizer/solver.h"
#include "topologies/input_error.h"

namespace mdsim::sweep {

std::vector<double> OptimizerAllocations::Allocate(const AllocationQuery& q) {
  const SweepSpec& s = *q.spec;
  if (q.topology->optimizer.empty())
    throw InputError(s.source, "topologies." + q.topology->name + ".optimizer",
                     "an optimizer network for " + ToString(q.group->allocation), "none", q.group->line);
  const opt::Target target =
      q.group->allocation == Allocation::PerfPerCostOptBW ? opt::Target::PerfPerCost : opt::Target::Perf;
  const double solve_budget = s.optimizer.solve_at > 0 ? s.optimizer.solve_at : q.budget;
  const Key key{q.topology->name, static_cast<int>(target), q.optimize_for, solve_budget};
  auto scaled = [&](const std::vector<double>& bw) {
    std::vector<double> out;
    for (double b : bw) out.push_back(b * q.budget / solve_budget);
    return out;
  };
  if (auto it = cache_.find(key); it != cache_.end()) return scaled(it->second);

  std::vector<std::pair<std::string, double>> workloads;
  if (q.optimize_for == "group") {
    for (const auto& [name, weight] : s.workload_group) workloads.emplace_back(s.workloads.at(name).optimizer_file, weight);
  } else {
    workloads.emplace_back(s.workloads.at(q.optimize_for).optimizer_file, 1.0);
  }
  for (auto& [file, weight] : workloads) {
    if (file.empty())
      throw InputError(s.source, "workloads", "an optimizer file for every workload an allocation is optimized for",
                       "none", q.group->line);
    file = (exp::DataDir() / "workloads" / "optimizer" / file).string();
  }
  const opt::Loop loop = s.optimizer.loop == "Overlap" ? opt::Loop::Overlap : opt::Loop::NoOverlap;
  const opt::Problem p =
      exp::ArtifactProblem({q.topology->optimizer, solve_budget, target, loop, s.optimizer.forward_recompute, workloads});
  ++solves_;
  return scaled(cache_.emplace(key, opt::Solver().Solve(p).bandwidth).first->second);
}

}  // namespace mdsim::sweep
