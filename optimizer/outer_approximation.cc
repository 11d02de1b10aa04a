#include "optimizer/outer_approximation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "optimizer/constraint_range.h"

namespace mdsim::opt {

// Scaled variables keep GLPK's numbers near 1: b_d = B_d / S_B, v_d = S_B / B_d,
// tau_k = t_k / S_T with S_B the equal split and S_T the time there.
OuterApproximation::OuterApproximation(const TimeExpression& f,
                                       const std::vector<LinearConstraint>& rows,
                                       const std::vector<double>& cost, double total_bandwidth)
    : f_(f), n_(f.num_dims), used_(f.UsedDims()) {
  bw_scale_ = total_bandwidth / n_;
  const std::vector<double> equal(n_, bw_scale_);
  time_scale_ = f.Evaluate(equal);
  if (!(time_scale_ > 0) || !std::isfinite(time_scale_)) time_scale_ = 1;
  for (int d = 0; d < n_; ++d) b_col_.push_back(lp_.AddColumn(Range::Free(), 0));
  for (int d = 0; d < n_; ++d) v_col_.push_back(lp_.AddColumn(Range::AtLeast(0), 0));
  cut_points_.resize(n_);
  floor_.assign(n_, 0.0);
  for (const LinearConstraint& r : rows) {
    std::vector<std::pair<int, double>> e;
    for (int d = 0; d < n_; ++d)
      if (r.coef[d] != 0) e.push_back({b_col_[d], r.coef[d] * bw_scale_});
    lp_.AddSparseRow(e, RowRange(r));
  }
  if (!cost.empty()) {
    double equal_cost = 0;
    for (int d = 0; d < n_; ++d) equal_cost += cost[d] * bw_scale_;
    cost_scale_ = equal_cost > 0 ? equal_cost : 1;
    std::vector<std::pair<int, double>> e;
    for (int d = 0; d < n_; ++d) e.push_back({b_col_[d], cost[d] * bw_scale_ / cost_scale_});
    cost_row_ = lp_.AddSparseRow(e, Range::Free());
  }
  // One epigraph variable per block: tau_k >= c_j / S_T + a_j / (S_B S_T) v_d.
  for (const Block& blk : f.blocks) {
    const int t = lp_.AddColumn(Range::Free(), blk.weight);
    for (const Term& term : blk.terms) {
      std::vector<std::pair<int, double>> e{{t, 1.0}};
      if (term.dim >= 0 && term.a > 0)
        e.push_back({v_col_[term.dim], -term.a / (bw_scale_ * time_scale_)});
      lp_.AddSparseRow(e, Range::AtLeast(term.c / time_scale_));
    }
  }
  // Tangents from 4^-8 to 4 of the equal split: a dim whose best share is
  // tiny is then found in a few LPs rather than by halving down from 1.
  for (int d = 0; d < n_; ++d)
    if (used_[d])
      for (int k = -8; k <= 1; ++k) AddCut(d, std::pow(4.0, k));
}

void OuterApproximation::AddCut(int d, double b0) {
  // Tangent of 1/b at b0: v >= 2/b0 - b/b0^2, valid for every b > 0.
  for (double p : cut_points_[d])
    if (std::fabs(p - b0) <= 1e-13 * b0) return;
  cut_points_[d].push_back(b0);
  lp_.AddSparseRow({{v_col_[d], 1.0}, {b_col_[d], 1.0 / (b0 * b0)}}, Range::AtLeast(2.0 / b0));
}

void OuterApproximation::SetCostLevel(std::optional<double> level) {
  if (cost_row_ < 0) {
    if (level) throw std::logic_error("cost level set without cost coefficients");
    return;
  }
  lp_.SetRowBounds(cost_row_, level ? Range::Exactly(*level / cost_scale_) : Range::Free());
}

void OuterApproximation::RaiseFloors(const std::vector<double>& floor) {
  for (int d = 0; d < n_; ++d) {
    const double b = floor.at(d) / bw_scale_;
    if (!(b > floor_[d])) continue;
    floor_[d] = b;
    lp_.SetColumnBounds(b_col_[d], Range::AtLeast(b));
    if (used_[d]) AddCut(d, b);
  }
}

std::vector<double> OuterApproximation::Unscale(const std::vector<double>& b) const {
  std::vector<double> bw(n_);
  for (int d = 0; d < n_; ++d) bw[d] = std::max(0.0, b[d]) * bw_scale_;
  return bw;
}

BoundedMinimum OuterApproximation::Minimize(double rel_tol, int max_solves) {
  BoundedMinimum best;
  best.upper = std::numeric_limits<double>::infinity();
  best.lower = -std::numeric_limits<double>::infinity();
  best.stop = BoundedMinimum::Stop::SolveCap;
  for (int k = 0; k < max_solves; ++k) {
    const double left = std::chrono::duration<double>(limits_.deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) {
      best.stop = BoundedMinimum::Stop::LpNotSolved;
      best.lp_status = LpStatus::TimeLimit;
      break;
    }
    lp_.SetLimits(limits_.simplex_iterations, left);
    const LpStatus s = lp_.Solve();
    ++lp_solves_;
    ++best.lp_solves;
    if (s != LpStatus::Optimal) {
      best.stop = BoundedMinimum::Stop::LpNotSolved;
      best.lp_status = s;
      break;
    }
    // Cuts only accumulate, so the relaxation's value never falls.
    best.lower = f_.constant + lp_.objective() * time_scale_;
    if (cost_row_ >= 0) best.cost_slope = lp_.row_dual(cost_row_) * time_scale_ / cost_scale_;
    std::vector<double> b(n_);
    for (int d = 0; d < n_; ++d) b[d] = lp_.column(b_col_[d]);
    const std::vector<double> bw = Unscale(b);
    const double t = f_.Evaluate(bw);
    if (t < best.upper) {
      best.upper = t;
      best.bw = bw;
    }
    if (std::isfinite(best.upper) && best.upper - best.lower <= rel_tol * best.upper) {
      best.stop = BoundedMinimum::Stop::Converged;
      break;
    }
    bool added = false;
    for (int d = 0; d < n_; ++d) {
      if (!used_[d]) continue;
      const size_t before = cut_points_[d].size();
      AddCut(d, std::max({b[d], floor_[d], 1e-7}));
      added = added || cut_points_[d].size() != before;
    }
    if (!added) {  // the LP is at points already cut: floating point has the last word
      best.stop = BoundedMinimum::Stop::Stalled;
      break;
    }
  }
  return best;
}

}  // namespace mdsim::opt
