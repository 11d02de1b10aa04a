#include "optimizer/time_expression.h"

#include <algorithm>
#include <limits>

namespace mdsim::opt {

double Term::Evaluate(const std::vector<double>& bw) const {
  if (dim < 0 || a == 0) return c;
  if (bw[dim] <= 0) return std::numeric_limits<double>::infinity();
  return c + a / bw[dim];
}

double Block::Evaluate(const std::vector<double>& bw) const {
  double m = -std::numeric_limits<double>::infinity();
  for (const Term& t : terms) m = std::max(m, t.Evaluate(bw));
  return weight * m;
}

double TimeExpression::Evaluate(const std::vector<double>& bw) const {
  double t = constant;
  for (const Block& b : blocks) t += b.Evaluate(bw);
  return t;
}

void TimeExpression::Add(const TimeExpression& other, double weight) {
  num_dims = std::max(num_dims, other.num_dims);
  constant += weight * other.constant;
  for (Block b : other.blocks) {
    b.weight *= weight;
    blocks.push_back(std::move(b));
  }
}

std::vector<bool> TimeExpression::UsedDims() const {
  std::vector<bool> used(num_dims, false);
  for (const Block& b : blocks)
    for (const Term& t : b.terms)
      if (t.dim >= 0 && t.a > 0) used[t.dim] = true;
  return used;
}

}  // namespace mdsim::opt
