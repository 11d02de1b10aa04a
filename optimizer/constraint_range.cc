#include "optimizer/constraint_range.h"

namespace mdsim::opt {

Range RowRange(const LinearConstraint& r) {
  switch (r.rel) {
    case Relation::LessEq: return Range::AtMost(r.rhs);
    case Relation::GreaterEq: return Range::AtLeast(r.rhs);
    case Relation::Equal: return Range::Exactly(r.rhs);
  }
  return Range::Free();
}

}  // namespace mdsim::opt
