#pragma once
// Per-dim lower bounds on B that every split faster than a given time meets.
// The solver restricts its LPs to them: the optimum stays inside, and the
// tangent cuts stay away from B = 0, where a tangent of 1/B is nearly vertical
// and leaves GLPK's simplex a basis it cannot factor stably (docs/optimizer.md).
#include <vector>

#include "optimizer/time_expression.h"

namespace mdsim::opt {

// floor[d] such that T(B) <= time_limit implies B_d >= floor[d]; 0 for dims
// that carry no bytes or when time_limit leaves no room (<= T at infinite BW).
std::vector<double> BandwidthFloors(const TimeExpression& f, double time_limit);

}  // namespace mdsim::opt
