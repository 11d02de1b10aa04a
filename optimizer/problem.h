#pragma once
// optimizer::Problem -> optimizer::Solution: what the Solver is asked and answers.
#include <string>
#include <vector>

#include "optimizer/analytical_model.h"
#include "optimizer/constraints.h"
#include "topologies/cost_model.h"
#include "topologies/network.h"

namespace mdsim::opt {

enum class Target {
  Perf,         // minimise the (weighted) iteration time
  PerfPerCost,  // minimise iteration time x network cost
};
std::string ToString(Target t);

struct Problem {
  explicit Problem(topo::Network net) : network(std::move(net)) {}

  topo::Network network;  // dims, kinds and blocks; its bandwidths are ignored
  std::vector<WorkloadCase> workloads;  // one, or a weighted group
  Target target = Target::Perf;
  ModelOptions model;
  Constraints constraints;
  topo::CostModel cost_model = topo::CostModel::ArtifactDefault();
  // Optional factors on the modelled communication times (e.g. from simulation).
  CommCorrection correction;
};

struct Solution {
  std::vector<double> bandwidth;  // GB/s per NPU, per dim
  double objective = 0;           // time (Perf) or time x cost (PerfPerCost)
  double lower_bound = 0;         // certified: no allowed split has a lower objective
  double gap = 0;                 // (objective - lower_bound) / objective
  double time = 0;                // weighted iteration time, model units (ns)
  std::vector<double> workload_times;
  double cost = 0;                // dollars (0 when the cost model cannot price the network)
  int lp_solves = 0;
  int cost_levels = 0;            // PerfPerCost: cost levels solved
};

}  // namespace mdsim::opt
