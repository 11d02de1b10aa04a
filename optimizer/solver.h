#pragma once
// optimizer::Solver: the exact BW split for a Problem (docs/optimizer.md).
// Perf is a convex program solved by outer approximation with an LP lower
// bound; PerfPerCost is solved over the one-dimensional cost level with a
// certified lower envelope. Both stop when the relative gap is <= tolerance.
#include <vector>

#include "optimizer/problem.h"

namespace mdsim::opt {

struct SolverOptions {
  double tolerance = 1e-8;        // relative gap on the objective
  int max_lp_solves = 20000;
  int max_cost_levels = 400;
};

class Solver {
 public:
  explicit Solver(SolverOptions options = {}) : options_(options) {}
  // InputError for bad or conflicting constraints, unpriced dims under
  // PerfPerCost, or a workload that does not fit the network.
  Solution Solve(const Problem& p) const;

 private:
  SolverOptions options_;
};

// Time, cost and objective of a given split (no optimisation), e.g. EqualBW.
Solution Evaluate(const Problem& p, const std::vector<double>& bw);

}  // namespace mdsim::opt
