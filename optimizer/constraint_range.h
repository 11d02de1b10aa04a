#pragma once
// A linear constraint's relation as the bounds of its LP row: the one
// translation the feasibility check and the outer approximation share.
#include "optimizer/constraints.h"
#include "optimizer/linear_program.h"

namespace mdsim::opt {

Range RowRange(const LinearConstraint& r);

}  // namespace mdsim::opt
