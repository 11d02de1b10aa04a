#pragma once
// The LIBRA artifact's optimizer problems for the optimizer's tests, posed by
// the one builder production uses (experiments/inputs/artifact/artifact_problem.h).
#include <string>
#include <vector>

#include "experiments/inputs/artifact/artifact_problem.h"
#include "optimizer/problem.h"

namespace mdsim::testing {

inline topo::Network ArtifactNetwork(const std::string& topology) {  // "2D", "3D", "4D"
  return exp::ArtifactOptimizerNetwork(topology);
}

inline opt::WorkloadCase ArtifactCase(const std::string& model, const topo::Network& net) {  // "17B", ...
  return exp::OptimizerWorkloadCase(model, net);
}

// One workload, or a group with equal weights when `models` has several.
inline opt::Problem ArtifactProblem(const std::string& topology, const std::vector<std::string>& models,
                                    opt::Target target, opt::Loop loop, double budget,
                                    bool forward_recompute = true) {
  exp::ArtifactProblemSpec s{topology, budget, target, loop, forward_recompute, {}};
  for (const std::string& m : models) s.workloads.emplace_back(m, 1.0);
  return exp::ArtifactProblem(s);
}

}  // namespace mdsim::testing
