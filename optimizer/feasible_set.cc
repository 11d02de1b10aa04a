#include "optimizer/feasible_set.h"

#include <stdexcept>

#include "optimizer/constraint_range.h"
#include "optimizer/linear_program.h"
#include "topologies/input_error.h"

namespace mdsim::opt {
namespace {

LpStatus Solve(const std::vector<LinearConstraint>& rows, const std::vector<bool>& on, int n,
               const std::vector<double>& objective, double* value) {
  LinearProgram lp;
  for (int d = 0; d < n; ++d) lp.AddColumn(Range::Free(), objective.empty() ? 0.0 : objective[d]);
  for (size_t i = 0; i < rows.size(); ++i)
    if (on[i]) lp.AddRow(rows[i].coef, RowRange(rows[i]));
  const LpStatus s = lp.Solve();
  if (value) *value = lp.objective();
  return s;
}

}  // namespace

void CheckFeasible(const std::vector<LinearConstraint>& rows, int num_dims, const std::string& source) {
  std::vector<bool> on(rows.size(), true);
  if (Solve(rows, on, num_dims, {}, nullptr) != LpStatus::Infeasible) return;
  for (size_t i = 0; i < rows.size(); ++i) {
    on[i] = false;
    if (Solve(rows, on, num_dims, {}, nullptr) != LpStatus::Infeasible) on[i] = true;
  }
  std::string conflict;
  for (size_t i = 0; i < rows.size(); ++i)
    if (on[i]) conflict += (conflict.empty() ? "" : "; ") + rows[i].label;
  throw InputError(source, "constraints", "constraints that some BW split satisfies",
                   "these conflict: " + conflict);
}

std::pair<double, double> RangeOver(const std::vector<LinearConstraint>& rows, int num_dims,
                                    const std::vector<double>& f) {
  const std::vector<bool> on(rows.size(), true);
  std::vector<double> neg(f);
  for (double& v : neg) v = -v;
  double lo = 0, hi = 0;
  if (Solve(rows, on, num_dims, f, &lo) != LpStatus::Optimal ||
      Solve(rows, on, num_dims, neg, &hi) != LpStatus::Optimal)
    throw std::logic_error("range of a linear function over an infeasible or unbounded set");
  return {lo, -hi};
}

}  // namespace mdsim::opt
