#pragma once
// A deterministic space-filling sample of the allowed BW splits, for searches
// that must look at the whole feasible polytope and not only near one point.
#include <functional>
#include <optional>
#include <vector>

#include "optimizer/constraints.h"

namespace mdsim::opt {

// Halton points mapped onto the simplex of the budget left above each dim's
// least allowed bandwidth (sorted spacings: uniform on the simplex), keeping
// the points that satisfy every constraint row and the caller's filter. Dims
// the rows fix to one value keep it. Same rows, same sequence, bit for bit.
class SplitSampler {
 public:
  // `rows` must be feasible and bounded (ConstraintRows after CheckFeasible).
  SplitSampler(std::vector<LinearConstraint> rows, int num_dims, double total_bandwidth);

  // The next kept point, or nullopt once `max_tries` points in a row were
  // rejected (the kept region is then too thin for rejection to find more).
  std::optional<std::vector<double>> Next(const std::function<bool(const std::vector<double>&)>& keep,
                                          int max_tries = 4000);

 private:
  std::vector<double> Point(long long index) const;

  std::vector<LinearConstraint> rows_;
  std::vector<double> lower_;
  std::vector<int> free_;  // dims the sample moves
  double slack_ = 0;       // budget above the lower bounds
  long long index_ = 0;    // Halton index of the next point
  bool single_ = false;    // nothing to move: one point, once
};

// Whether `x` satisfies every row, to a tolerance relative to the row's size.
bool SatisfiesRows(const std::vector<LinearConstraint>& rows, const std::vector<double>& x);

}  // namespace mdsim::opt
