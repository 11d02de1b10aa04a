#pragma once
// optimizer::Solver: the exact BW split for a Problem (docs/optimizer.md).
// Perf is a convex program solved by outer approximation with an LP lower
// bound; PerfPerCost is solved over the one-dimensional cost level with a
// certified lower envelope. Both stop when the relative gap is <= tolerance.
#include <stdexcept>
#include <string>
#include <vector>

#include "optimizer/problem.h"

namespace mdsim::opt {

// Caps on every loop of a solve. The artifact's configurations need at most
// ~500 LPs, ~50 cost levels and a few hundred simplex iterations per LP, in
// well under a second; the caps are far above that and only stop a solve
// that would otherwise not end.
struct SolverOptions {
  double tolerance = 1e-8;               // relative gap on the objective
  int max_lp_solves = 20000;             // LPs over the whole solve
  int max_cost_levels = 400;             // PerfPerCost: cost levels
  int max_simplex_iterations = 100000;   // per simplex pass of one LP
  double max_seconds = 60;               // wall clock for the whole solve
};

// A solve that stopped before certifying its answer (a cap reached, or an LP
// that GLPK could not solve): a run that failed, not bad input. The message
// names the configuration, what stopped it and the gap reached.
class NotConverged : public std::runtime_error {
 public:
  NotConverged(const std::string& what, double gap) : std::runtime_error(what), gap_(gap) {}
  double gap() const { return gap_; }  // relative; +inf when no bound was reached

 private:
  double gap_;
};

// "network 4D (...), 325 GB/s per NPU, workload 175B (MP 16, DP 64), PerfPerCost, Overlap, ..."
std::string DescribeConfiguration(const Problem& p);

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
