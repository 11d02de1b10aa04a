#pragma once
// The iteration time as a function of the per-dim bandwidths B:
//   T(B) = constant + sum_k weight_k * max_j (c_kj + a_kj / B_{d_kj})
// Each term is convex in B > 0, so T is convex: the fact the solver rests on.
#include <vector>

namespace mdsim::opt {

struct Term {
  double c = 0;  // time that does not depend on B (compute)
  int dim = -1;  // -1: a constant term
  double a = 0;  // bytes moved in `dim` (times any correction factor)
  double Evaluate(const std::vector<double>& bw) const;
};

struct Block {
  double weight = 1;
  std::vector<Term> terms;  // never empty
  double Evaluate(const std::vector<double>& bw) const;
};

struct TimeExpression {
  int num_dims = 0;
  double constant = 0;
  std::vector<Block> blocks;

  // +infinity when a dim that carries bytes has no bandwidth.
  double Evaluate(const std::vector<double>& bw) const;
  // Adds weight x other.
  void Add(const TimeExpression& other, double weight);
  // Dims that carry bytes in some term.
  std::vector<bool> UsedDims() const;
};

}  // namespace mdsim::opt
