#pragma once
// Exact minimisation of a TimeExpression over the constraint polytope
// (docs/optimizer.md, "Why the answer is optimal"). With v_d >= 1/B_d the
// problem is linear except for those D hyperbolic constraints; replacing each
// by tangent cuts gives an LP relaxation whose value is a certified lower bound,
// while its B evaluated exactly gives an upper bound. Cuts are added where the
// LP lands (Kelley's method in D univariate functions) until the two meet.
#include <chrono>
#include <optional>
#include <vector>

#include "optimizer/constraints.h"
#include "optimizer/linear_program.h"
#include "optimizer/time_expression.h"

namespace mdsim::opt {

struct BoundedMinimum {
  std::vector<double> bw;  // best split found
  double upper = 0;        // exact time at bw
  double lower = 0;        // no split in the set does better
  // d(lower)/d(cost level) from the LP's dual: the relaxation's value as a
  // function of the cost level lies above lower + slope x (level' - level).
  double cost_slope = 0;
  int lp_solves = 0;
  // Why Minimize returned: the gap closed; max_solves LPs; the LP landed on
  // points already cut (floating point has the last word); or an LP ended
  // other than optimal (a cap, or a numerical failure: lp_status).
  enum class Stop { Converged, SolveCap, Stalled, LpNotSolved };
  Stop stop = Stop::Converged;
  LpStatus lp_status = LpStatus::Optimal;
};

// Caps on each LP the outer approximation solves.
struct LpLimits {
  int simplex_iterations = 100000;  // per simplex pass
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

class OuterApproximation {
 public:
  // `rows` must be feasible (CheckFeasible); `cost` may be empty when no cost level is set.
  OuterApproximation(const TimeExpression& f, const std::vector<LinearConstraint>& rows,
                     const std::vector<double>& cost, double total_bandwidth);
  OuterApproximation(const OuterApproximation&) = delete;
  OuterApproximation& operator=(const OuterApproximation&) = delete;

  // Restricts the split to cost . B = level (nullopt: any cost).
  void SetCostLevel(std::optional<double> level);
  // Restricts B_d >= floor[d] (GB/s; never lowers an earlier floor) and cuts
  // 1/B_d there. Only valid for floors the optimum sought is known to meet.
  void RaiseFloors(const std::vector<double>& floor);
  void SetLimits(const LpLimits& limits) { limits_ = limits; }
  // Adds cuts until (upper - lower) <= rel_tol x upper, or max_solves LPs.
  BoundedMinimum Minimize(double rel_tol, int max_solves);
  int lp_solves() const { return lp_solves_; }

 private:
  void AddCut(int d, double b0);
  std::vector<double> Unscale(const std::vector<double>& b) const;

  const TimeExpression& f_;
  LinearProgram lp_;
  int n_;
  double bw_scale_, time_scale_, cost_scale_ = 1;
  std::vector<bool> used_;
  std::vector<int> b_col_, v_col_;
  std::vector<std::vector<double>> cut_points_;
  std::vector<double> floor_;  // scaled, per dim
  LpLimits limits_;
  int cost_row_ = -1;
  int lp_solves_ = 0;
};

}  // namespace mdsim::opt
