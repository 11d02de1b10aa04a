#include "optimizer/split_sample.h"

#include <algorithm>
#include <cmath>

#include "optimizer/feasible_set.h"

namespace mdsim::opt {
namespace {

// The n-th prime (n >= 0): Halton bases, one per sampled coordinate.
int Prime(int n) {
  int found = -1;
  for (int c = 2;; ++c) {
    bool prime = true;
    for (int q = 2; q * q <= c; ++q)
      if (c % q == 0) prime = false;
    if (prime && ++found == n) return c;
  }
}

double RadicalInverse(long long i, int base) {
  double r = 0, f = 1.0 / base;
  for (; i > 0; i /= base, f /= base) r += f * static_cast<double>(i % base);
  return r;
}

}  // namespace

bool SatisfiesRows(const std::vector<LinearConstraint>& rows, const std::vector<double>& x) {
  for (const LinearConstraint& r : rows) {
    double lhs = 0, scale = std::abs(r.rhs);
    for (size_t d = 0; d < x.size(); ++d) {
      lhs += r.coef[d] * x[d];
      scale += std::abs(r.coef[d] * x[d]);
    }
    const double tol = 1e-9 * std::max(1.0, scale);
    if (r.rel == Relation::LessEq && lhs > r.rhs + tol) return false;
    if (r.rel == Relation::GreaterEq && lhs < r.rhs - tol) return false;
    if (r.rel == Relation::Equal && std::abs(lhs - r.rhs) > tol) return false;
  }
  return true;
}

SplitSampler::SplitSampler(std::vector<LinearConstraint> rows, int num_dims, double total_bandwidth)
    : rows_(std::move(rows)), lower_(static_cast<size_t>(num_dims), 0.0) {
  // Each dim's allowed range over the polytope: the simplex is laid above the
  // lows, and a dim whose range is one value is not sampled at all (a fixed
  // dim would otherwise reject every point).
  double low_sum = 0;
  for (int d = 0; d < num_dims; ++d) {
    std::vector<double> e(static_cast<size_t>(num_dims), 0.0);
    e[static_cast<size_t>(d)] = 1;
    const auto [lo, hi] = RangeOver(rows_, num_dims, e);
    lower_[static_cast<size_t>(d)] = std::max(0.0, lo);
    low_sum += lower_[static_cast<size_t>(d)];
    if (hi - lo > 1e-9 * std::max(1.0, total_bandwidth)) free_.push_back(d);
  }
  slack_ = std::max(0.0, total_bandwidth - low_sum);
  single_ = free_.size() <= 1;
  if (free_.size() == 1) lower_[static_cast<size_t>(free_[0])] += slack_;
}

std::vector<double> SplitSampler::Point(long long index) const {
  std::vector<double> x = lower_;
  if (single_) return x;
  const size_t k = free_.size() - 1;  // the simplex of k+1 parts has k coordinates
  std::vector<double> u(k);
  for (size_t i = 0; i < k; ++i) u[i] = RadicalInverse(index, Prime(static_cast<int>(i)));
  std::sort(u.begin(), u.end());
  double prev = 0;
  for (size_t i = 0; i <= k; ++i) {
    const double next = i < k ? u[i] : 1.0;
    x[static_cast<size_t>(free_[i])] += slack_ * (next - prev);
    prev = next;
  }
  return x;
}

std::optional<std::vector<double>> SplitSampler::Next(const std::function<bool(const std::vector<double>&)>& keep,
                                                      int max_tries) {
  if (single_) {
    if (index_++ > 0) return std::nullopt;
    const std::vector<double> x = Point(0);
    if (SatisfiesRows(rows_, x) && (!keep || keep(x))) return x;
    return std::nullopt;
  }
  for (int t = 0; t < max_tries; ++t) {
    // Index 0 is the simplex's corner (all to one dim): start at 1.
    const std::vector<double> x = Point(++index_);
    if (SatisfiesRows(rows_, x) && (!keep || keep(x))) return x;
  }
  return std::nullopt;
}

}  // namespace mdsim::opt
