#pragma once
// What a BW split must satisfy: the per-NPU budget (equality), per-dim bounds,
// fixed dims, per-kind feasibility limits and linear relations between dims.
#include <string>
#include <vector>

#include "topologies/cost_model.h"
#include "topologies/network.h"

namespace mdsim::opt {

enum class Relation { LessEq, GreaterEq, Equal };

// sum_d coef[d] * B_d  (rel)  rhs, with a label naming where it came from.
struct LinearConstraint {
  std::vector<double> coef;
  Relation rel = Relation::LessEq;
  double rhs = 0;
  std::string label;
};

struct Constraints {
  double total_bandwidth = 0;  // GB/s per NPU, sum of B_d
  // Per dim, empty or one entry per dim; lower 0 and upper +inf when unset.
  std::vector<double> lower, upper;
  bool feasibility_limits = false;
  topo::FeasibilityLimits limits = topo::FeasibilityLimits::Defaults();
  std::vector<LinearConstraint> relations;
  std::string source = "command line";  // where bounds and relations came from
};

// Every constraint as a labelled row over B (including B_d >= 0), checking
// sizes and the budget; InputError naming `c.source` on bad values.
std::vector<LinearConstraint> ConstraintRows(const Constraints& c, const topo::Network& net);

std::string ToString(const LinearConstraint& c);

}  // namespace mdsim::opt
