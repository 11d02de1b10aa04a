#pragma once
// The LIBRA artifact's optimizer problem, built in one place: its optimizer
// networks (artifact/optimizer_network) and workloads (workloads/optimizer),
// as `mdsim optimize 4D 325 175B Perf NoOverlap`, the sweeps' *OptBW
// allocations, Table VI and the optimizer's tests all pose it.
#include <optional>
#include <string>
#include <vector>

#include "optimizer/problem.h"
#include "topologies/network.h"

namespace mdsim::exp {

// 2D, 3D, 4D (or 2d, 3d, 4d, or another file stem): the network of that name
// in artifact/optimizer_network.
topo::Network ArtifactOptimizerNetwork(const std::string& topology);

// 17B, 175B, 1T: the artifact's optimizer workload; anything else a workload
// file. MP defaults to the workload header's, DP to the remaining NPUs.
opt::WorkloadCase OptimizerWorkloadCase(const std::string& spec, const topo::Network& net,
                                        std::optional<int> mp = std::nullopt,
                                        std::optional<int> dp = std::nullopt, double weight = 1.0);

struct ArtifactProblemSpec {
  std::string topology;  // 2D, 3D, 4D
  double budget = 0;     // GB/s per NPU
  opt::Target target = opt::Target::Perf;
  opt::Loop loop = opt::Loop::NoOverlap;
  bool forward_recompute = false;
  // 17B/175B/1T or workload files, each with its weight (several: a group).
  std::vector<std::pair<std::string, double>> workloads;
};

opt::Problem ArtifactProblem(const ArtifactProblemSpec& spec);

}  // namespace mdsim::exp
