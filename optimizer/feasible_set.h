#pragma once
// The polytope of allowed BW splits: feasibility, conflicting constraints and
// the range of a linear function (the cost) over it.
#include <string>
#include <utility>
#include <vector>

#include "optimizer/constraints.h"

namespace mdsim::opt {

// Throws InputError naming `source` and a minimal set of rows that cannot hold
// together (found by dropping rows one at a time while the rest stay infeasible).
void CheckFeasible(const std::vector<LinearConstraint>& rows, int num_dims, const std::string& source);

// min and max of f . B over the rows (assumed feasible and bounded).
std::pair<double, double> RangeOver(const std::vector<LinearConstraint>& rows, int num_dims,
                                    const std::vector<double>& f);

}  // namespace mdsim::opt
