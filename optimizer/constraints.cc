#include "optimizer/constraints.h"

#include <cmath>

#include <fmt/core.h>

#include "topologies/input_error.h"

namespace mdsim::opt {
namespace {

LinearConstraint OnDim(int num_dims, int d, Relation rel, double rhs, std::string label) {
  std::vector<double> coef(num_dims, 0.0);
  coef[d] = 1.0;
  return {std::move(coef), rel, rhs, std::move(label)};
}

void CheckPerDim(const std::vector<double>& v, int num_dims, const std::string& source,
                 const std::string& field) {
  if (!v.empty() && static_cast<int>(v.size()) != num_dims)
    throw InputError(source, field, std::to_string(num_dims) + " values (one per dim)",
                     std::to_string(v.size()));
}

}  // namespace

std::vector<LinearConstraint> ConstraintRows(const Constraints& c, const topo::Network& net) {
  const int n = net.num_dims();
  if (!(c.total_bandwidth >= topo::kMinBudget) || !(c.total_bandwidth <= topo::kMaxBandwidth))
    throw InputError(c.source, "total bandwidth", "a budget >= 1e-6 and <= 1e9 GB/s per NPU",
                     fmt::format("{:g}", c.total_bandwidth));
  CheckPerDim(c.lower, n, c.source, "lower bounds");
  CheckPerDim(c.upper, n, c.source, "upper bounds");
  std::vector<LinearConstraint> rows;
  rows.push_back({std::vector<double>(n, 1.0), Relation::Equal, c.total_bandwidth,
                  fmt::format("total bandwidth = {:g} GB/s per NPU", c.total_bandwidth)});
  for (int d = 0; d < n; ++d) {
    rows.push_back(OnDim(n, d, Relation::GreaterEq, 0.0, fmt::format("B{} >= 0", d)));
    if (!c.lower.empty() && c.lower[d] > 0)
      rows.push_back(OnDim(n, d, Relation::GreaterEq, c.lower[d],
                           fmt::format("B{} >= {:g} ({})", d, c.lower[d], c.source)));
    if (!c.upper.empty() && std::isfinite(c.upper[d]))
      rows.push_back(OnDim(n, d, Relation::LessEq, c.upper[d],
                           fmt::format("B{} <= {:g} ({})", d, c.upper[d], c.source)));
    if (c.feasibility_limits) {
      if (auto lim = c.limits.Limit(net.dim(d).kind))
        rows.push_back(OnDim(n, d, Relation::LessEq, *lim,
                             fmt::format("B{} <= {:g} ({} feasibility limit)", d, *lim,
                                         topo::ToString(net.dim(d).kind))));
    }
  }
  for (const LinearConstraint& r : c.relations) {
    if (static_cast<int>(r.coef.size()) != n)
      throw InputError(c.source, r.label, "a relation over the network's " + std::to_string(n) + " dims",
                       std::to_string(r.coef.size()) + " coefficients");
    rows.push_back(r);
  }
  return rows;
}

std::string ToString(const LinearConstraint& c) {
  std::string s;
  for (size_t d = 0; d < c.coef.size(); ++d) {
    if (c.coef[d] == 0) continue;
    if (!s.empty()) s += c.coef[d] < 0 ? " - " : " + ";
    else if (c.coef[d] < 0) s += "-";
    const double a = std::fabs(c.coef[d]);
    s += (a == 1 ? "" : fmt::format("{:g} ", a)) + fmt::format("B{}", d);
  }
  const char* rel = c.rel == Relation::LessEq ? "<=" : c.rel == Relation::GreaterEq ? ">=" : "=";
  return fmt::format("{} {} {:g}", s.empty() ? "0" : s, rel, c.rhs);
}

}  // namespace mdsim::opt
